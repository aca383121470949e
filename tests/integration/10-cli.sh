# Every subcommand answers --help; bad input exits 2 naming file, key and reason.
. tests/lib.sh
d=$(tmpdir)
# output into files first: "grep -q" closing a pipe early would fail the pipeline
for c in info list run validate restore compare plot report calibrate vm ab lava; do
	$PTB $c --help >"$d/help" && grep -q "usage: ptbench $c" "$d/help" || fail "$c --help"
done
$PTB --help >"$d/help" && grep -q run "$d/help" || fail "ptbench --help"
$PTB list >"$d/list" && grep -q "placement" "$d/list" || fail "list shows no ptl parameters"
$PTB info >"$d/info" && grep -q "tables:" "$d/info" || fail "info shows no page-table geometry"
$PTB info --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["system"]["memory"]["page_size"] > 0'

expect_usage() {	# expect_usage PATTERN ARGS...: exit status 2 and PATTERN on stderr
	local pat=$1; shift
	set +e
	$PTB run -n "$@" 2>"$d/err" >/dev/null
	local rc=$?
	set -e
	[ $rc -eq 2 ] || fail "run $* exited $rc, not 2"
	grep -q -- "$pat" "$d/err" || fail "run $*: stderr lacks '$pat': $(cat "$d/err")"
}
printf '{"points": [{"workload": "ptl", "params": {"level": "pmx"}}]}' >"$d/badval.json"
expect_usage "$d/badval.json: points\[0\]: parameter \"level\"" --config "$d/badval.json"
printf '{"points": [{"workload": "ptl", "bogus": 1}]}' >"$d/badkey.json"
expect_usage 'points\[0\]: unknown key "bogus"' --config "$d/badkey.json"
printf '{"points": [{"workload": "nope"}]}' >"$d/badwl.json"
expect_usage 'unknown workload "nope"' --config "$d/badwl.json"
printf '{"points": [' >"$d/trunc.json"
expect_usage "$d/trunc.json" --config "$d/trunc.json"
expect_usage 'no parameter "colour"' ptl:colour=red
expect_usage 'threads' ptl:threads=100000
expect_usage 'nothing to run'
[ "$($PTB run -n ptl:level=pte,pmd,placement=shared,split,threads=1 | wc -l)" -eq 4 ] || fail "dry run count"
rm -rf "$d"
