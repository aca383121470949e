# SIGKILL leaves the state file; "ptbench restore" puts every knob back and says so.
. tests/lib.sh
need_root
thp=/sys/kernel/mm/transparent_hugepage
[ -d $thp ] || skip "no THP in this kernel"
orig=$(sed 's/.*\[\(.*\)\].*/\1/' $thp/enabled)
d=$(tmpdir)
echo never >$thp/enabled
trap 'echo $orig >$thp/enabled' EXIT
$PTB run -q --out "$d" -d 1 -w 0.2 -r 20 ptl:level=pmd,threads=1 &
pid=$!
sleep 2
# The knobs are machine-wide, and so is the lock: a second run with its own
# state file would save the first run's settings as "original" and put them
# back at its exit. It must refuse and name the holder.
rc=0
PTBENCH_STATE="$d/other-state.json" $PTB run -q --out "$d/other" -d 0.2 -r 1 ptl:level=pmd,threads=1 \
	>"$d/other.log" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || fail "a second run with another state file: exit $rc, want 1: $(cat "$d/other.log")"
grep -q "another ptbench run (pid $pid) holds" "$d/other.log" || fail "no holder named: $(cat "$d/other.log")"
[ ! -e "$d/other-state.json" ] || fail "the refused run saved knobs"
kill -KILL $pid
wait $pid || true
grep -q '\[madvise\]' $thp/enabled || fail "knob not changed by the run (test is void)"
[ -e "$PTBENCH_STATE" ] || fail "no state file after SIGKILL"
$PTB restore | grep -q "restored $thp/enabled = never" || fail "restore did not report the knob"
grep -q '\[never\]' $thp/enabled || fail "restore did not put enabled back"
[ ! -e "$PTBENCH_STATE" ] || fail "state file not removed by restore"
$PTB restore | grep -q "nothing to restore" || fail "second restore"
rm -rf "$d"
