# Memory: a point needing more than is available is skipped with the
# reason, never OOM-killed. (a) against MemAvailable: a huge point; (b) in a
# memory cgroup whose limit is smaller than a point needs (made here, v1 or
# v2), the run survives, writes its result and names the cgroup.
. tests/lib.sh
need_root
d=$(tmpdir)
# (a) 2^20 PMD-sized regions is far beyond this or any test machine
$PTB run -q --out "$d/a" -d 0.1 -w 0 -r 1 ptl:level=pmd,pages=1048576,threads=1 >"$d/log" 2>&1 ||
	fail "run (a): $(cat "$d/log")"
python3 - "$d"/a/*.json <<'PY' || fail "(a) not skipped for memory"
import json, sys
r = json.load(open(sys.argv[1]))
s = r["skipped"]
assert len(s) == 1 and "more than" in s[0]["reason"] and "available" in s[0]["reason"], s
print("ok (a):", s[0]["reason"])
PY
# (b) a cgroup with a 64 MiB limit; the point needs 64 PMD regions (128 MiB with 2 MiB PMDs)
cg=""
v1=/sys/fs/cgroup/memory
v2=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/mounts)
if [ -d "$v1" ] && [ -w "$v1" ]; then
	cg=$v1/ptbench-test-$$
	mkdir "$cg" || skip "cannot create a v1 memory cgroup"
	echo $((64 << 20)) >"$cg/memory.limit_in_bytes"
elif [ -n "$v2" ] && grep -qw memory "$v2/cgroup.controllers" 2>/dev/null; then
	grep -qw memory "$v2/cgroup.subtree_control" || echo +memory >"$v2/cgroup.subtree_control" ||
		skip "cannot enable the memory controller"
	cg=$v2/ptbench-test-$$
	mkdir "$cg" || skip "cannot create a v2 cgroup"
	echo $((64 << 20)) >"$cg/memory.max"
else
	skip "no writable memory cgroup hierarchy"
fi
cleanup() { [ -n "$cg" ] && rmdir "$cg" 2>/dev/null; rm -rf "$d"; }
trap cleanup EXIT
set +e
sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$cg" \
	$PTB run -q --out "$d/b" -d 0.1 -w 0 -r 1 ptl:level=pmd,pages=64,threads=1 >"$d/log" 2>&1
rc=$?
set -e
[ $rc -eq 0 ] || fail "run in the cgroup exited $rc (OOM-killed?): $(cat "$d/log")"
python3 - "$d"/b/*.json "$(basename "$cg")" <<'PY' || fail "(b) not skipped for the cgroup limit"
import json, sys
r = json.load(open(sys.argv[1]))
s = r["skipped"]
assert len(s) == 1 and sys.argv[2] in s[0]["reason"], s
print("ok (b):", s[0]["reason"])
PY
