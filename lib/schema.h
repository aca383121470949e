/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The name of the result file format (docs/schema.md), written by the runner
 * and checked by the analysis: one definition both sides share.
 */
#ifndef PTBENCH_SCHEMA_H
#define PTBENCH_SCHEMA_H

#define RESULT_SCHEMA	"ptbench-result/1"

#endif
