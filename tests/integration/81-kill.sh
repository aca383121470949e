# SIGINT, SIGTERM and SIGKILL at several moments of a run (knob setup,
# warm-up, measurement, between points). After SIGINT/SIGTERM every knob is
# back, no state or temp file is left, and a result is either absent or a
# valid file marked incomplete. After SIGKILL "ptbench restore" puts every
# knob back and names each one; the next run into the directory removes a
# temp file a kill left.
. tests/lib.sh
need_root
thp=/sys/kernel/mm/transparent_hugepage
[ -d $thp ] || skip "no THP in this kernel"
snap() {
	for f in $thp/enabled $thp/defrag /proc/sys/vm/nr_hugepages /sys/kernel/mm/hugepages/*/nr_hugepages; do
		[ -r "$f" ] && echo "$f=$(cat "$f")"
	done
}
orig=$(sed 's/.*\[\(.*\)\].*/\1/' $thp/enabled)
d=$(tmpdir)
# enabled=never so that the pmd point changes a knob; the hugetlb point grows a pool
echo never >$thp/enabled
trap 'echo $orig >$thp/enabled' EXIT
before=$(snap)
cat >"$d/cfg.json" <<'CFG'
{"defaults": {"duration": 0.4, "warmup": 0.2, "repetitions": 2, "threads": 1},
 "points": [{"workload": "ptl", "params": {"level": ["hugetlb:2M", "pmd", "pte"], "placement": "split", "op": "fault"}}]}
CFG
tried=0 kill_restores=0
for sig in INT TERM KILL; do
	for at in 0.05 0.3 0.9 1.6 2.6; do
		out=$d/out-$sig-$at
		$PTB run -q --out "$out" --config "$d/cfg.json" >"$d/log" 2>&1 &
		pid=$!
		sleep "$at"
		kill -$sig $pid 2>/dev/null || true
		set +e
		wait $pid
		rc=$?
		set -e
		tried=$((tried + 1))
		restored=0
		if [ $sig = KILL ]; then
			if [ -e "$PTBENCH_STATE" ]; then
				$PTB restore >"$d/restore" || fail "restore after KILL at $at: $(cat "$d/restore")"
				grep -q "^restored " "$d/restore" || fail "restore named no knob: $(cat "$d/restore")"
				restored=$(grep -c "^restored " "$d/restore")
				kill_restores=$((kill_restores + 1))
			fi
		else
			# 0: the run ended before the signal; 128 + signal: it was interrupted
			want=$([ $sig = INT ] && echo 130 || echo 143)
			case $rc in 0|$want) ;; *) fail "$sig at ${at}s: exit $rc: $(cat "$d/log")" ;; esac
			[ ! -e "$PTBENCH_STATE" ] || fail "$sig at ${at}s: state file left"
		fi
		after=$(snap)
		[ "$before" = "$after" ] || fail "$sig at ${at}s: knobs differ: $(diff <(echo "$before") <(echo "$after"))"
		[ $sig = KILL ] || ! ls "$out" 2>/dev/null | grep -q '\.tmp\.' || fail "$sig at ${at}s: temp file left"
		for f in "$out"/*.json; do
			[ -e "$f" ] || continue
			$PTB validate "$f" >/dev/null || fail "$sig at ${at}s: $f does not load"
			[ $rc -eq 0 ] && continue
			python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["run"]["incomplete"] is True' "$f" ||
				fail "$sig at ${at}s: partial result not marked incomplete"
		done
		echo "ok $sig at ${at}s: exit $rc, $(ls "$out" 2>/dev/null | wc -l) file(s), $restored knob(s) restored by ptbench restore"
	done
done
# a temp file from a killed writer is removed by the next run into the directory
touch "$d/out-x/" 2>/dev/null || mkdir -p "$d/out-x"
touch "$d/out-x/a.json.tmp.999999999"
$PTB run -q --out "$d/out-x" -d 0.1 -w 0 -r 1 ptl:level=pte,threads=1 >/dev/null 2>&1 || fail "run into out-x"
[ ! -e "$d/out-x/a.json.tmp.999999999" ] || fail "stale temp file not removed"
[ $kill_restores -gt 0 ] || fail "no SIGKILL left a knob to restore: the KILL cases tested nothing"
echo "$tried kill points tried, $kill_restores SIGKILLs needed ptbench restore"
rm -rf "$d"
