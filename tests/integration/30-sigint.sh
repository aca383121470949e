# SIGINT in the middle of a run: THP, khugepaged and hugetlb settings are as before,
# no state file or temp file is left, and the result is absent or marked incomplete.
. tests/lib.sh
need_root
thp=/sys/kernel/mm/transparent_hugepage
[ -d $thp ] || skip "no THP in this kernel"
snap() {
	for f in $thp/enabled $thp/defrag $thp/khugepaged/pages_to_scan $thp/khugepaged/scan_sleep_millisecs \
		 /sys/kernel/mm/hugepages/*/nr_hugepages; do
		[ -r "$f" ] && echo "$f=$(cat "$f")"
	done
}
orig_enabled=$(sed 's/.*\[\(.*\)\].*/\1/' $thp/enabled)
d=$(tmpdir)
# enabled=never makes the pmd points change a knob, so there is something to restore
echo never >$thp/enabled
trap 'echo $orig_enabled >$thp/enabled' EXIT
before=$(snap)
$PTB run -q --out "$d" -d 1 -w 0.2 -r 20 ptl:level=pmd,hugetlb:2M,placement=split,threads=1 &
pid=$!
sleep 2.5
grep -q '\[madvise\]' $thp/enabled || fail "the run did not set THP to madvise (test is void)"
kill -INT $pid
set +e
wait $pid
rc=$?
set -e
[ $rc -eq 130 ] || fail "exit status $rc after SIGINT, expected 130"
after=$(snap)
[ "$before" = "$after" ] || fail "knobs differ after SIGINT: $(diff <(echo "$before") <(echo "$after"))"
[ ! -e "$PTBENCH_STATE" ] || fail "state file left behind"
ls "$d" | grep -q tmp && fail "temp file left"
for f in "$d"/*.json; do
	[ -e "$f" ] || continue
	python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["run"]["incomplete"] is True' "$f" ||
		fail "partial result not marked incomplete"
done
rm -rf "$d"
