# Every subcommand answers --help; bad input exits 2 naming file, key and reason.
. tests/lib.sh
for c in info list run validate restore; do
	$PTB $c --help | grep -q "usage: ptbench $c" || fail "$c --help"
done
$PTB --help | grep -q run || fail "ptbench --help"
$PTB list | grep -q "placement" || fail "list shows no ptl parameters"
$PTB info | grep -q "tables:" || fail "info shows no page-table geometry"
$PTB info --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["system"]["memory"]["page_size"] > 0'

d=$(tmpdir)
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
