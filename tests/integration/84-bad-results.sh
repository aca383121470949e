# Bad result files, table-driven, through compare, plot and report: each is
# rejected (exit 2) naming the file, the JSON path and the reason, or, for
# files that load but do not fit (mismatched units), compared with a
# warning; never a crash (no exit above 128, no sanitizer report) and nothing
# written outside --out.
. tests/lib.sh
F=tests/fixtures/full-kernel-a.json
G=tests/fixtures/full-kernel-b.json
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
mk() {	# mk NAME PYTHON-EXPR-ON-r: write $d/NAME.json from F edited by the expression
	python3 - "$F" "$d/$1.json" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
p0 = r["points"][0]
m0 = p0["metrics"]["ops_per_sec"]
exec(sys.argv[3])
s = json.dumps(r)
open(sys.argv[2], "w").write(s.replace('"__INF__"', "1e999").replace('"__NAN__"', "NaN"))
PY
}
n=0
# reject NAME 'PATTERN (grep -E)': every command refuses $d/NAME.json with exit 2
reject() {
	local name=$1 pat=$2 cmd rc
	for cmd in compare plot report; do
		rc=0
		case $cmd in
		compare) $PTB compare "$d/$name.json" $G >"$d/out" 2>"$d/err" || rc=$? ;;
		*) $PTB $cmd --out "$d/o-$cmd" "$d/$name.json" $G >"$d/out" 2>"$d/err" || rc=$? ;;
		esac
		[ $rc -eq 2 ] || fail "$name: $cmd exited $rc, want 2: $(cat "$d/err")"
		grep -q -- "$d/$name.json" "$d/err" || fail "$name: $cmd error does not name the file: $(cat "$d/err")"
		grep -Eq -- "$pat" "$d/err" || fail "$name: $cmd error lacks /$pat/: $(cat "$d/err")"
	done
	echo "ok $name: $(head -n 1 "$d/err")"
	n=$((n + 1))
}
head -c 3000 $F >"$d/truncated.json"
reject truncated 'not valid JSON'
: >"$d/empty.json"
reject empty 'not valid JSON'
mk schema2 'r["schema"] = "ptbench-result/2"'
reject schema2 'schema'
mk no-points 'del r["points"]'
reject no-points 'points'
mk no-metrics 'del p0["metrics"]'
reject no-metrics 'points\[0\]'
mk no-samples 'del m0["samples"]'
reject no-samples 'samples'
mk inf-sample 'm0["samples"][0] = "__INF__"'
reject inf-sample 'samples|finite|number|JSON'
mk nan-sample 'm0["samples"][0] = "__NAN__"'
reject nan-sample 'JSON|NaN|invalid'
mk string-sample 'm0["samples"][0] = "fast"'
reject string-sample 'samples'
mk absurd-count 'm0["summary"]["n"] = 10**15'
reject absurd-count 'summary\.n|samples'
mk empty-samples 'm0["samples"] = []; m0["summary"]["n"] = 0'
reject empty-samples 'samples'
mk unit-type 'm0["unit"] = 7'
reject unit-type 'unit'
mk dup-id 'r["points"][1]["id"] = p0["id"]'
reject dup-id 'duplicate|id'
mk not-object 'r = [r]'
reject not-object 'object|schema|top'
# loads, but the units differ from the other side: compared with a warning, not tested
mk other-unit 'r["points"][1]["metrics"]["ops_per_sec"]["unit"] = "pages/s"'
rc=0; $PTB compare "$d/other-unit.json" $G >"$d/out" 2>"$d/err" || rc=$?
[ $rc -eq 0 ] || fail "other-unit: compare exited $rc: $(cat "$d/err")"
grep -q "unit or direction differ" "$d/out" "$d/err" || fail "other-unit: no warning"
echo "ok other-unit: compared, with the warning"
n=$((n + 1))
# nothing escaped --out
[ -z "$(find . -newer "$d/truncated.json" -name 'index.html' -not -path './build/*' 2>/dev/null)" ] ||
	fail "report wrote outside --out"
echo "$n bad result files handled"
