# compare/plot/report on the hand-made fixtures (tests/fixtures/make-fixtures.py):
# known statistics, refusal of mismatched systems, rejection of bad files,
# one-side/invalid/skipped listing, 80 columns, valid PNG/SVG, hostile strings.
. tests/lib.sh
F=tests/fixtures
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT

# R's sleep data: Welch p = 0.07939 (R's t.test), not significant
$PTB compare -f json $F/sleep-1.json $F/sleep-2.json >"$d/sleep.json"
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

# the A/B table: 80 columns, lists one-side, invalid and skipped points
$PTB compare $F/full-kernel-a.json $F/full-kernel-b.json >"$d/ab.txt"
awk 'length($0) > 80 { print; bad = 1 } END { exit bad }' "$d/ab.txt" || fail "line over 80 columns"
grep -q "only NEW: gup:trigger=vmsplice" "$d/ab.txt" || fail "one-side point not listed"
grep -q "THP fell back" "$d/ab.txt" || fail "invalid point not listed"
grep -q "hugetlb 1G: 0 free pages" "$d/ab.txt" || fail "skipped point not listed"
grep -q "Benjamini-Hochberg" "$d/ab.txt" || fail "no legend"
$PTB compare -f markdown $F/full-kernel-a.json $F/full-kernel-b.json >"$d/ab.md"
grep -q '^| point |' "$d/ab.md" || fail "markdown"

# plots: valid PNG and SVG of non-trivial size for every workload's plot
$PTB plot --out "$d/plots" $F/full-kernel-a.json $F/full-kernel-b.json >"$d/plots.txt"
for kind in ptl-throughput ptl-split-benefit collapse-latency-cdf collapse-ipis gup-pages; do
	ls "$d/plots/"*"-$kind-"*.png >/dev/null 2>&1 || fail "no $kind plot"
done
python3 - "$d/plots" <<'PY'
import glob, sys, xml.dom.minidom
pngs = glob.glob(sys.argv[1] + "/*.png")
assert len(pngs) >= 8, pngs
for p in pngs:
    b = open(p, "rb").read()
    assert b[:8] == b"\x89PNG\r\n\x1a\n" and len(b) > 5000, p
    s = p[:-4] + ".svg"
    t = open(s, "rb").read()
    assert len(t) > 5000, s
    assert xml.dom.minidom.parseString(t).documentElement.tagName == "svg", s
    assert open(p[:-4] + ".dat").read().strip(), p
PY
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
