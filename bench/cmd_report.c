// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench report: compare + plot into one directory, with report.md and a
 * self-contained index.html (plots embedded as base64 SVG data, inline
 * CSS, no JavaScript, nothing fetched). Every string from a result file is
 * escaped for the format it lands in.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_args.h"
#include "cmds.h"
#include "version.h"
#include "../analysis/plot.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: ptbench report [OPTIONS] --out DIR BASE [NEW...]\n\n"
		"Write DIR/report.md and DIR/index.html (self-contained: no CDN, no JavaScript)\n"
		"with the systems side by side, any warnings, the compare tables (BASE against\n"
		"each NEW; with one result, its summaries) and the plots (DIR/*.gp, .dat, .png,\n"
		".svg). Arguments are result files or directories of runs, as for compare.\n"
		"Systems that differ in more than the kernel are reported with a warning in\n"
		"capitals at the top (compare refuses them without --force).\n\n"
		"  -o, --out DIR      where to write (created)\n"
		"      --no-render    no gnuplot: tables only\n");
}

static const char *const sys_rows[] = {
	"system.kernel.release", "system.kernel.version", "system.kernel.cmdline",
	"system.kernel.config_hash", "system.arch.machine", "system.cpu.model", "system.cpu.npus",
	"system.cpu.ncores", "system.cpu.npackages", "system.cpu.nnuma", "system.cpu.smt",
	"system.cpu.smt_active", "system.cpu.governor", "system.memory.page_size",
	"system.memory.pmd_size", "system.memory.levels", "system.thp.selected",
	"system.thp.khugepaged", "system.numa_balancing", "system.virtualization.type",
	"system.host", "suite.version", "suite.git", "run.config_source", "run.start",
	"run.duration_seconds", NULL,
};

static char *val_text(json_t *v)
{
	if (!v || json_is_null(v))
		return strdup("-");
	if (json_is_string(v))
		return strdup(json_string_value(v));
	return json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
}

static void systems(FILE *f, const struct comparison *c, int html)
{
	size_t s, i;

	if (html) {
		fputs("<h2>Systems</h2>\n<table><tr><th>field</th>", f);
		for (s = 0; s < c->nsides; s++) {
			fprintf(f, "<th>%s: ", compare_side_tag(c, (int)s));
			html_esc(f, c->sides[s].name);
			fputs("</th>", f);
		}
		fputs("</tr>\n", f);
	} else {
		fputs("## Systems\n\n| field |", f);
		for (s = 0; s < c->nsides; s++) {
			fprintf(f, " %s: ", compare_side_tag(c, (int)s));
			cmp_md_escape(f, c->sides[s].name);
			fputs(" |", f);
		}
		fputs("\n|---|", f);
		for (s = 0; s < c->nsides; s++)
			fputs("---|", f);
		fputc('\n', f);
	}
	for (i = 0; sys_rows[i]; i++) {
		fprintf(f, html ? "<tr><td>%s</td>" : "| %s |", sys_rows[i]);
		for (s = 0; s < c->nsides; s++) {
			char *t = val_text(cmp_dot_get(c->sides[s].res[0]->root, sys_rows[i]));

			if (html) {
				fputs("<td>", f);
				html_esc(f, t);
				fputs("</td>", f);
			} else {
				fputc(' ', f);
				cmp_md_escape(f, t);
				fputs(" |", f);
			}
			free(t);
		}
		fputs(html ? "</tr>\n" : "\n", f);
	}
	if (html)
		fputs("</table>\n", f);
	fprintf(f, html ? "<p>Values of the first run of each side; %s</p>\n" : "\nValues of the first run of each side; %s\n",
		"result files: ");
	for (s = 0; s < c->nsides; s++)
		for (i = 0; i < c->sides[s].nres; i++) {
			if (html) {
				fputs("<code>", f);
				html_esc(f, c->sides[s].res[i]->file);
				fputs("</code> ", f);
			} else {
				fputs("- ", f);
				cmp_md_escape(f, c->sides[s].res[i]->file);
				fputc('\n', f);
			}
		}
}

static void base64_file(FILE *out, FILE *in)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char b[3];
	size_t n;

	while ((n = fread(b, 1, 3, in)) > 0) {
		unsigned v = (unsigned)b[0] << 16 | (n > 1 ? (unsigned)b[1] << 8 : 0) | (n > 2 ? b[2] : 0);

		fputc(tab[v >> 18 & 63], out);
		fputc(tab[v >> 12 & 63], out);
		fputc(n > 1 ? tab[v >> 6 & 63] : '=', out);
		fputc(n > 2 ? tab[v & 63] : '=', out);
	}
}

static const char css[] =
	"body{font-family:sans-serif;margin:1.5em;max-width:80em}"
	"table{border-collapse:collapse;font-size:90%;margin:.5em 0}"
	"td,th{border:1px solid #bbb;padding:2px 6px;text-align:right}"
	"td:first-child,td.id,th{text-align:left}td.id{font-family:monospace;font-size:85%}"
	".worse{color:#b00;font-weight:bold}.better{color:#070;font-weight:bold}"
	".warn{color:#b00;font-weight:bold;border:2px solid #b00;padding:.5em}"
	".note{border:1px solid #aa0;padding:.5em}.legend{font-size:85%;color:#333}"
	"figure{margin:1em 0}img{max-width:100%}";

static int write_html(const char *dir, const struct comparison *c, const struct plot_set *ps)
{
	char path[4096];
	size_t i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/index.html", dir);
	f = fopen(path, "we");
	if (!f)
		return -1;
	fprintf(f, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<title>ptbench report</title>\n"
		   "<style>%s</style></head><body>\n<h1>ptbench report</h1>\n<p>ptbench %s (%s). Sides: ",
		css, PTB_VERSION, PTB_GIT);
	for (i = 0; i < c->nsides; i++) {
		fprintf(f, "%s<b>%s</b> = ", i ? ", " : "", compare_side_tag(c, (int)i));
		html_esc(f, c->sides[i].name);
	}
	fputs(". Method: docs/methodology.md; legend: docs/compare.md.</p>\n", f);
	systems(f, c, 1);
	compare_html(f, c);
	fputs("<h2>Plots</h2>\n", f);
	for (i = 0; i < ps->n; i++) {
		FILE *svg;

		snprintf(path, sizeof(path), "%s/%s.svg", dir, ps->files[i].name);
		svg = ps->files[i].rendered ? fopen(path, "re") : NULL;
		fputs("<figure>", f);
		if (svg) {
			fputs("<img alt=\"plot\" src=\"data:image/svg+xml;base64,", f);
			base64_file(f, svg);
			fclose(svg);
			fputs("\">", f);
		}
		fputs("<figcaption>", f);
		html_esc(f, ps->files[i].title);
		fprintf(f, " (<code>%s.gp</code>, <code>%s.dat</code>)</figcaption></figure>\n",
			ps->files[i].name, ps->files[i].name);
	}
	if (ps->nnotes) {
		fputs("<ul>\n", f);
		for (i = 0; i < ps->nnotes; i++) {
			fputs("<li>", f);
			html_esc(f, ps->notes[i]);
			fputs("</li>\n", f);
		}
		fputs("</ul>\n", f);
	}
	fputs("</body></html>\n", f);
	return fclose(f) ? -1 : 0;
}

static int write_md(const char *dir, const struct comparison *c, const struct plot_set *ps)
{
	char path[4096];
	size_t i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/report.md", dir);
	f = fopen(path, "we");
	if (!f)
		return -1;
	fprintf(f, "# ptbench report\n\nptbench %s (%s). Method: docs/methodology.md; legend: "
		   "docs/compare.md. index.html has the same with the plots embedded.\n\n", PTB_VERSION, PTB_GIT);
	if (compare_serious(c))
		fputs("**WARNING: THE SYSTEMS DIFFER IN MORE THAN THE KERNEL; NUMBERS MAY NOT BE COMPARABLE "
		      "(details below).**\n\n", f);
	systems(f, c, 0);
	fputs("\n## Results\n\n", f);
	compare_markdown(f, c);
	fputs("\n## Plots\n\n", f);
	for (i = 0; i < ps->n; i++) {
		fputs("![", f);
		cmp_md_escape(f, ps->files[i].title);
		fprintf(f, "](%s.svg)\n\n", ps->files[i].name);
	}
	for (i = 0; i < ps->nnotes; i++) {
		fputs("- ", f);
		cmp_md_escape(f, ps->notes[i]);
		fputc('\n', f);
	}
	return fclose(f) ? -1 : 0;
}

int cmd_report(int argc, char **argv)
{
	struct plot_set ps = { 0 };
	struct analysis_args a;
	char err[1024];
	int ret;

	ret = analysis_args_open(argc, argv, "report", usage, &a);
	if (ret >= 0)
		return ret;
	ret = 0;
	if (plot_all(&a.cmp, a.out, a.render, &ps, err, sizeof(err))) {
		fprintf(stderr, "ptbench report: %s\n", err);
		ret = 1;
	} else if (write_md(a.out, &a.cmp, &ps) || write_html(a.out, &a.cmp, &ps)) {
		fprintf(stderr, "ptbench report: writing in %s: %s\n", a.out, strerror(errno));
		ret = 1;
	} else {
		printf("report: %s/index.html, %s/report.md (%zu plots)\n", a.out, a.out, ps.n);
		if (compare_serious(&a.cmp))
			fprintf(stderr, "ptbench report: WARNING: THE SYSTEMS DIFFER IN MORE THAN THE KERNEL "
				"(see the report)\n");
	}
	plot_set_free(&ps);
	analysis_args_free(&a);
	return ret;
}
