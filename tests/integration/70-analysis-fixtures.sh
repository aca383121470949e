# compare/plot/report on the hand-made fixtures (tests/fixtures/make-fixtures.py):
# known statistics, refusal of mismatched systems, rejection of bad files,
# one-side/invalid/skipped listing, 80 columns, valid PNG/SVG, hostile strings.
. tests/lib.sh
F=tests/fixtures
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT

# R's sleep data: Welch p = 0.07939 (R's t.test), not significant
$PTB compare --all -f json $F/sleep-1.json $F/sleep-2.json >"$d/sleep.json"
python3 - "$d/sleep.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
r = c["tables"][0]["rows"][0]
assert abs(r["p"] - 0.07939) < 1e-5, r["p"]
assert abs(r["t"] - 1.8608) < 1e-4 and abs(r["df"] - 17.776) < 1e-3, (r["t"], r["df"])
assert abs(r["mann_whitney"]["p"] - 0.06933) < 1e-5, r["mann_whitney"]
assert r["verdict"] == "none" and c["tables"][0]["significant"] == 0
PY

# mismatched systems: refused, then a warning in capitals with --force
rc=0; $PTB compare $F/full-kernel-a.json $F/thp-always.json >"$d/out" 2>"$d/err" || rc=$?
[ $rc -eq 1 ] || fail "mismatched systems: exit $rc, want 1"
grep -q "REFUSED" "$d/err" && grep -q "system.thp.selected" "$d/err" || fail "no refusal message"
$PTB compare --force $F/full-kernel-a.json $F/thp-always.json >"$d/out"
grep -q "WARNING: THE SYSTEMS DIFFER" "$d/out" || fail "no capital warning with --force"

# malformed and schema-mismatched files: rejected, naming file and reason
head -c 500 $F/full-kernel-a.json >"$d/trunc.json"
sed 's/ptbench-result\/1/ptbench-result\/2/' $F/full-kernel-a.json >"$d/v2.json"
for bad in trunc v2; do
	rc=0; $PTB compare "$d/$bad.json" $F/full-kernel-b.json >/dev/null 2>"$d/err" || rc=$?
	[ $rc -eq 2 ] || fail "$bad: exit $rc, want 2"
	grep -q "$d/$bad.json" "$d/err" || fail "$bad: error does not name the file"
done
grep -q 'schema: is "ptbench-result/2"' "$d/err" || fail "schema mismatch not explained: $(cat "$d/err")"

# the A/B summary (default) and the full listing (--all): 80 columns on every
# fixture, failed checks first, one-side, invalid and skipped points listed
width80() {
	python3 -c 'import sys
bad = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if len(l) > 80]
sys.exit("%s: %d lines over 80 columns, e.g. %r" % (sys.argv[1], len(bad), bad[:1]) if bad else 0)' "$1" ||
		fail "line over 80 columns"
}
for pair in "full-kernel-a full-kernel-b" "full-kernel-a thp-always" "sleep-1 sleep-2" "hostile hostile" \
	    "full-kernel-b full-kernel-a"; do
	set -- $pair
	for all in "" --all; do
		$PTB compare --force $all $F/$1.json $F/$2.json >"$d/w.txt" 2>/dev/null || fail "compare $pair $all"
		width80 "$d/w.txt"
	done
done
# one run a side (the fixtures): nothing marked by default, and why said
$PTB compare $F/full-kernel-a.json $F/full-kernel-b.json >"$d/one.txt" 2>&1
grep -q "headline figures; none tested: a side is one run" "$d/one.txt" || fail "single runs: no verdict line"
grep -q "[0-9]* figures not tested: one run a side misses run-to-run drift" "$d/one.txt" ||
	fail "single runs: no warning"
grep -Eq "% (WORSE|better|~|blind)$" "$d/one.txt" && fail "single runs: a row is marked"
# the marks, as --within-run tests the fixtures' repetitions
$PTB compare --within-run $F/full-kernel-a.json $F/full-kernel-b.json >"$d/ab.txt"
grep -q "only NEW: gup:trigger=vmsplice" "$d/ab.txt" || fail "one-side point not listed"
grep -q "fell back to base pages" "$d/ab.txt" || fail "invalid point not listed"
grep -q "hugetlb 1G: 0 free pages" "$d/ab.txt" || fail "skipped point not listed"
grep -q "Benjamini-Hochberg" "$d/ab.txt" || fail "no legend"
python3 - "$d/ab.txt" <<'PY' || fail "summary layout"
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
assert t.index("FAILED CHECKS") < t.index("\nptl: ") < t.index("\ngup: "), "failed checks not first"
assert "ns_per_op" not in t and "ops_per_sec" not in t, "summary repeats a figure"
assert "  all points: op=fault pages=8" in t, "shared params not in the table head"
assert "WORSE" in t and " ~" in t, "marks"
# values first: both sides' means with their CV, then the change and its mark
assert re.search(r"\n    pte shared thr=2 +155\.8k ±0\.8% +137\.3k +±2% +-11\.8% WORSE\n", t), "ptl row"
assert "  ops/s, higher is better " in t and "  latency p50 (ns), lower is better" in t, "units, direction"
assert "changes under 4.1% cannot be seen with these runs" in t, "sensitivity once per family"
assert not re.search(r"mde [0-9]", t), "per-row mde belongs in --all"
# one idea per line: every table row names its point or its figure
for l in t.split("\n"):
    assert not re.match(r"^ +[-+]?[0-9.]+[kMG]? ±", l), "a row without a name: %r" % l
PY
$PTB compare --all $F/full-kernel-a.json $F/full-kernel-b.json >"$d/all.txt"
grep -q "ns_per_op" "$d/all.txt" || fail "--all lacks ns_per_op"
$PTB compare --within-run -f markdown $F/full-kernel-a.json $F/full-kernel-b.json >"$d/ab.md"
grep -q '^| figure | point | BASE | NEW | change |' "$d/ab.md" || fail "markdown"
grep -q '^| ops/s, higher is better | pte shared thr=2 | 155.8k ±0.8% | 137.3k ±2% | \\-11.8% \*\*WORSE\*\* |' \
	"$d/ab.md" || fail "markdown row: $(grep -m1 'shared thr=2' "$d/ab.md")"
grep -q '^#### ptl: ' "$d/ab.md" || fail "markdown summary has no ptl table"
$PTB compare --all -f markdown $F/full-kernel-a.json $F/full-kernel-b.json >"$d/all.md"
grep -q '^| point | metric |' "$d/all.md" || fail "markdown --all"
$PTB compare --within-run -f json $F/full-kernel-a.json $F/full-kernel-b.json >"$d/ab.json"
python3 - "$d/ab.json" <<'PY' || fail "json summary"
import json, sys
c = json.load(open(sys.argv[1]))
t = c["tables"][0]
assert c["view"] == "summary" and "rows" not in t, "not the summary"
fams = [f["family"] for f in t["families"]]
assert fams[:2] == ["ptl", "collapse"], fams
assert t["failed"] and t["failed"][0]["status"] == "invalid", t["failed"]
r = t["families"][0]["rows"][0]
assert r["name"] == "pte shared thr=2" and "ops_per_sec" in r["figures"], r
assert t["families"][0]["sensitivity"]["tests"] > 0, t["families"][0]["sensitivity"]
PY

# plots: valid PNG and SVG of non-trivial size for every workload's plot
$PTB plot --out "$d/plots" $F/full-kernel-a.json $F/full-kernel-b.json >"$d/plots.txt"
for kind in ptl-throughput ptl-split-benefit collapse-latency-cdf collapse-ipis gup-pages; do
	ls "$d/plots/"*"-$kind"*.png >/dev/null 2>&1 || fail "no $kind plot"
done
python3 - "$d/plots" <<'PY'
import glob, sys, xml.dom.minidom
pngs = glob.glob(sys.argv[1] + "/*.png")
# one figure per family and op, levels as panels: 7 for these fixtures, not one per facet
assert 6 <= len(pngs) <= 12, pngs
for p in pngs:
    b = open(p, "rb").read()
    assert b[:8] == b"\x89PNG\r\n\x1a\n" and len(b) > 5000, p
    s = p[:-4] + ".svg"
    t = open(s, "rb").read()
    assert len(t) > 5000, s
    assert xml.dom.minidom.parseString(t).documentElement.tagName == "svg", s
    assert open(p[:-4] + ".dat").read().strip(), p
PY
# integer thread axes (log2 for 1, 2, 4), a 1.0 line on the ratio plot, one colour per side everywhere
gp=$(ls "$d/plots/"*-ptl-throughput-*.gp | head -n 1)
grep -q '^set xtics (1, 2, 4)$' "$gp" && grep -q '^set logscale x 2$' "$gp" || fail "thread axis not integer/log2"
grep -q "^set multiplot layout 1,2 " "$gp" || fail "levels are not panels of one figure"
grep -q "1 with lines .*no difference" "$d/plots/"*-ptl-split-benefit-*.gp || fail "no 1.0 line on the ratio plot"
for g in "$d/plots/"*.gp; do
	grep -q "^array side_colour" "$g" || fail "$g: colours not set in one place"
	! grep -q "lc [0-9]" "$g" || fail "$g: a colour outside side_colour"
done
# a plot whose data is absent is skipped with a note, not an error
$PTB plot --out "$d/p2" $F/sleep-1.json >/dev/null 2>"$d/err" || fail "plot of data without plots failed"
grep -q "skipped" "$d/err" || fail "no note for skipped plots"

# hostile label and host: rendered literally, nothing executed, nothing outside --out
mkdir "$d/cwd"
(cd "$d/cwd" && "$OLDPWD/$PTB" report --out "$d/hostile" "$OLDPWD/$F/hostile.json" >/dev/null 2>&1) ||
	fail "report of the hostile fixture failed"
find / -xdev -name 'HOSTILE_*' 2>/dev/null | grep -q . && fail "a hostile command ran"
[ -z "$(ls -A "$d/cwd")" ] || fail "files written outside --out"
[ ! -e "$d/x" ] && [ ! -e "$(dirname "$d")/x" ] || fail "../ in a label escaped --out"
grep -q 'evil&#39; `touch HOSTILE_BT` system(&quot;touch HOSTILE_SYS&quot;)' "$d/hostile/index.html" ||
	fail "hostile label not rendered literally in HTML"
grep -l 'touch HOSTILE_BT` system("touch HOSTILE_SYS") $(touch HOSTILE_SH)' "$d/hostile/"*.svg >/dev/null ||
	fail "hostile label not rendered literally in SVG"
grep -qi '<script' "$d/hostile/index.html" && fail "script in the report"
grep -Eqi '(src|href)="https?:' "$d/hostile/index.html" && fail "external resource in the report"
grep -q 'data:image/svg+xml;base64,' "$d/hostile/index.html" || fail "plots not embedded"
echo ok
