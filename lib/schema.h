/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The name of the result file format (docs/schema.md), written by the runner
 * and checked by the analysis: one definition both sides share.
 */
#ifndef PTBENCH_SCHEMA_H
#define PTBENCH_SCHEMA_H

#define RESULT_SCHEMA	"ptbench-result/1"

/*
 * The metric a derived ratio is of (derived.of: the ratio of two points'
 * ops/s). Files written before derived.of existed mean this one.
 */
#define RESULT_RATIO_OF	"ops_per_sec"

#endif
