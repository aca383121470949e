// SPDX-License-Identifier: GPL-2.0
/*
 * report.md and index.html (report.h): the verdict first (what changed,
 * significant or not, what failed: the summary), then the figures, then
 * the method with every metric (compare --all) and the systems: the
 * fields that differ, long values cut, every field in full in a
 * collapsible block. index.html is self-contained: inline CSS, plots as
 * base64 SVG <img> data (an SVG in an <img> runs no script), no
 * JavaScript, nothing fetched. Every string from a file is escaped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "lib/xalloc.h"
#include "report.h"
#include "summary.h"
#include "version.h"

#define CUT	60	/* longer system values are cut in the table of differences */

static const char *const sys_rows[] = {
	"system.kernel.release", "system.kernel.version", "system.kernel.cmdline",
	"system.kernel.config_hash", "system.arch.machine", "system.cpu.model", "system.cpu.npus",
	"system.cpu.ncores", "system.cpu.npackages", "system.cpu.nnuma", "system.cpu.smt",
	"system.cpu.smt_active", "system.cpu.governor", "system.cpu.mitigations",
	"system.memory.page_size", "system.memory.pmd_size", "system.memory.levels",
	"system.thp.selected", "system.thp.mthp_enabled", "system.thp.khugepaged",
	"system.numa_balancing", "system.virtualization.type", "system.host", "suite.version",
	"suite.git", "run.config_source", "run.start", "run.duration_seconds", NULL,
};

static char *val_text(json_t *v)
{
	char *s;

	if (!v || json_is_null(v))
		s = strdup("-");
	else if (json_is_string(v))
		s = xstrdup(json_string_value(v));
	else if (!(s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS)))
		s = xstrdup("?");	/* only a value jansson cannot encode */
	return s;
}

/* The field has another value in some run of some side than in the base's first run. */
static int field_differs(const struct comparison *c, const char *path)
{
	json_t *a = cmp_dot_get(c->sides[0].res[0]->root, path);
	size_t s, i;

	for (s = 0; s < c->nsides; s++)
		for (i = 0; i < c->sides[s].nres; i++) {
			json_t *b = cmp_dot_get(c->sides[s].res[i]->root, path);

			/* start times and durations always differ between runs: not a difference of systems */
			if (!strcmp(path, "run.start") || !strcmp(path, "run.duration_seconds"))
				return 0;
			if (!json_equal(a, b) && (a || b))
				return 1;
		}
	return 0;
}

static void sys_cell(FILE *f, enum fmt k, const char *t, int cut)
{
	char buf[CUT + 8];

	fputs(k == FMT_MD ? " " : "<td>", f);
	if (cut && strlen(t) > CUT) {
		snprintf(buf, sizeof(buf), "%.*s…", CUT, t);
		fmt_esc(f, k, buf);
	} else {
		fmt_esc(f, k, t);
	}
	fputs(k == FMT_MD ? " |" : "</td>", f);
}

static void sys_table(FILE *f, enum fmt k, const struct comparison *c, int only_diff, int cut)
{
	size_t s, i, n = 0;

	fputs(k == FMT_MD ? "| field |" : "<table class=sys><tr><th>field</th>", f);
	for (s = 0; s < c->nsides; s++) {
		fprintf(f, k == FMT_MD ? " %s: " : "<th>%s: ", fmt_side_tag(c, (int)s));
		fmt_esc(f, k, c->sides[s].name);
		fputs(k == FMT_MD ? " |" : "</th>", f);
	}
	if (k == FMT_MD) {
		fputs("\n|---|", f);
		for (s = 0; s < c->nsides; s++)
			fputs("---|", f);
	}
	fputs(k == FMT_MD ? "\n" : "</tr>\n", f);
	for (i = 0; sys_rows[i]; i++) {
		if (only_diff && !field_differs(c, sys_rows[i]))
			continue;
		n++;
		fprintf(f, k == FMT_MD ? "| %s |" : "<tr><td>%s</td>", sys_rows[i]);
		for (s = 0; s < c->nsides; s++) {
			char *t = val_text(cmp_dot_get(c->sides[s].res[0]->root, sys_rows[i]));

			sys_cell(f, k, t, cut);
			free(t);
		}
		fputs(k == FMT_MD ? "\n" : "</tr>\n", f);
	}
	if (k == FMT_HTML)
		fputs("</table>\n", f);
	if (!n)
		fputs(k == FMT_MD ? "\n(none: the systems agree in every field below)\n" :
		      "<p>None: the systems agree in every field below.</p>\n", f);
}

static void systems(FILE *f, enum fmt k, const struct comparison *c)
{
	size_t s, i;

	fputs(k == FMT_MD ? "\n## Systems\n\n" : "<h2>Systems</h2>\n", f);
	if (c->nsides > 1) {
		fputs(k == FMT_MD ? "Fields that differ between the runs (values of each side's first run; "
			"longer values cut, in full below):\n\n" : "<p>Fields that differ between the runs "
			"(values of each side's first run; longer values cut, in full below):</p>\n", f);
		sys_table(f, k, c, 1, 1);
	}
	fputs(k == FMT_MD ? "\n<details><summary>Every system field, in full</summary>\n\n" :
	      "<details><summary>Every system field, in full</summary>\n", f);
	sys_table(f, k, c, 0, 0);
	fputs(k == FMT_MD ? "\nResult files:\n\n" : "<p>Result files: ", f);
	for (s = 0; s < c->nsides; s++)
		for (i = 0; i < c->sides[s].nres; i++) {
			fputs(k == FMT_MD ? "- " : "<code>", f);
			fmt_esc(f, k, c->sides[s].res[i]->file);
			fputs(k == FMT_MD ? "\n" : "</code> ", f);
		}
	fputs(k == FMT_MD ? "\n</details>\n" : "</p></details>\n", f);
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

static void figures(FILE *f, enum fmt k, const char *dir, const struct plot_set *ps)
{
	char path[4096];
	size_t i;

	fputs(k == FMT_MD ? "\n## Figures\n\n" : "<h2 id=figures>Figures</h2>\n", f);
	for (i = 0; i < ps->n; i++) {
		FILE *svg;

		if (k == FMT_MD) {
			fputs("![", f);
			fmt_esc(f, FMT_MD, ps->files[i].title);
			fprintf(f, "](%s.svg)\n\n", ps->files[i].name);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s.svg", dir, ps->files[i].name);
		svg = ps->files[i].rendered ? fopen(path, "re") : NULL;
		fputs("<figure>", f);
		if (svg) {
			fputs("<img alt=\"", f);
			fmt_esc(f, FMT_HTML, ps->files[i].title);
			fputs("\" src=\"data:image/svg+xml;base64,", f);
			base64_file(f, svg);
			fclose(svg);
			fputs("\">", f);
		}
		fputs("<figcaption>", f);
		fmt_esc(f, FMT_HTML, ps->files[i].title);
		fprintf(f, " (<code>%s.gp</code>, <code>%s.dat</code>)</figcaption></figure>\n",
			ps->files[i].name, ps->files[i].name);
	}
	for (i = 0; i < ps->nnotes; i++) {
		fputs(k == FMT_MD ? "- " : "<p class=legend>", f);
		fmt_esc(f, k, ps->notes[i]);
		fputs(k == FMT_MD ? "\n" : "</p>\n", f);
	}
}

static void method(FILE *f, enum fmt k, const struct comparison *c)
{
	size_t i;

	fputs(k == FMT_MD ? "\n## Method\n\n" : "<h2>Method</h2>\n<p>", f);
	fputs("Every point ran its repetitions after a warm-up, all workers starting on a barrier; a point "
	      "that measured the wrong thing (a mapping that fell back, a collapse that did not happen) is "
	      "invalid and never compared. Runs of one side are pooled; with two or more runs a side the "
	      "run is the unit of the tests. A change is marked only after Benjamini-Hochberg control of "
	      "the false discovery rate over the table. Method: docs/methodology.md; output: "
	      "docs/compare.md.", f);
	fputs(k == FMT_MD ? "\n\n" : "</p>\n", f);
	for (i = 0; i < c->nwarn; i++) {
		fputs(k == FMT_MD ? "- **Warning**: " : "<p class=warn>Warning: ", f);
		fmt_esc(f, k, c->warnings[i]);
		fputs(k == FMT_MD ? "\n" : "</p>\n", f);
	}
	fputs(k == FMT_MD ? "\n<details><summary>Every metric of every point (compare --all)</summary>\n\n" :
	      "<details><summary>Every metric of every point (compare --all)</summary>\n", f);
	if (k == FMT_MD)
		compare_markdown(f, c);
	else
		compare_html(f, c);
	fputs(k == FMT_MD ? "\n</details>\n" : "</details>\n", f);
}

static void sides_line(FILE *f, enum fmt k, const struct comparison *c)
{
	size_t i;

	fprintf(f, k == FMT_MD ? "ptbench %s (%s). " : "<p>ptbench %s (%s). ", PTB_VERSION, PTB_GIT);
	for (i = 0; i < c->nsides; i++) {
		fprintf(f, k == FMT_MD ? "%s**%s** = " : "%s<b>%s</b> = ", i ? "; " : "", fmt_side_tag(c, (int)i));
		fmt_esc(f, k, c->sides[i].name);
		fprintf(f, " (%zu run%s)", c->sides[i].nres, c->sides[i].nres == 1 ? "" : "s");
	}
	fputs(k == FMT_MD ? ".\n" : ".</p>\n", f);
	if (compare_serious(c))
		fputs(k == FMT_MD ? "\n**WARNING: THE SYSTEMS DIFFER IN MORE THAN THE KERNEL; NUMBERS MAY NOT BE "
		      "COMPARABLE (see Systems).**\n" : "<p class=warn>WARNING: THE SYSTEMS DIFFER IN MORE THAN "
		      "THE KERNEL; NUMBERS MAY NOT BE COMPARABLE (see Systems).</p>\n", f);
}

static const char css[] =
	"body{font-family:sans-serif;margin:1.5em;max-width:90em}"
	"table{border-collapse:collapse;font-size:90%;margin:.5em 0}"
	"td,th{border:1px solid #bbb;padding:2px 6px;text-align:right;vertical-align:top}"
	"td:first-child,td.id,th{text-align:left}td.id{font-family:monospace;font-size:85%}"
	"th.group{background:#eee}table.sys td{text-align:left;max-width:40em;word-break:break-all}"
	".worse{color:#b00;font-weight:bold}.better{color:#070;font-weight:bold}"
	".warn{color:#b00;font-weight:bold;border:2px solid #b00;padding:.5em}"
	".note{border:1px solid #aa0;padding:.5em}.legend{font-size:85%;color:#333}"
	"details{margin:1em 0}summary{cursor:pointer;font-weight:bold}"
	"figure{margin:1em 0}img{max-width:100%}";

/* dir/name, for writing; NULL with errno. */
static FILE *open_in(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return fopen(path, "we");
}

int report_html(const char *dir, const struct comparison *c, const struct plot_set *ps)
{
	FILE *f = open_in(dir, "index.html");

	if (!f)
		return -1;
	fprintf(f, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<title>ptbench report</title>\n"
		   "<style>%s</style></head><body>\n<h1>ptbench report</h1>\n", css);
	sides_line(f, FMT_HTML, c);
	summary_html(f, c);
	figures(f, FMT_HTML, dir, ps);
	method(f, FMT_HTML, c);
	systems(f, FMT_HTML, c);
	fputs("</body></html>\n", f);
	return fclose(f) ? -1 : 0;
}

int report_md(const char *dir, const struct comparison *c, const struct plot_set *ps)
{
	FILE *f = open_in(dir, "report.md");

	if (!f)
		return -1;
	fputs("# ptbench report\n\n", f);
	sides_line(f, FMT_MD, c);
	fputs("index.html has the same with the figures embedded.\n", f);
	summary_markdown_tables(f, c);
	figures(f, FMT_MD, dir, ps);
	method(f, FMT_MD, c);
	systems(f, FMT_MD, c);
	return fclose(f) ? -1 : 0;
}
