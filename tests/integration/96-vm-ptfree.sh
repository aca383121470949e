# The ptfree family's known answers in guests (configs/vm-ptfree.json):
# Debian 6.12 and 6.1 on x86_64 and arm64, 2 CPUs, and 6.12 on 16 CPUs
# (ptbench vm --smp 16) for the fan-out: one sync reaches all 15 others. Both Debian trees carry the Dec 2025 hugetlb
# unshare batching, so with 3 sharers: the unmap that leaves the tables
# shared sends no sync broadcast and the one that leaves one owner sends
# exactly one whatever K, to every other CPU, also when a sharer's child
# attaches and exits (fork_exit); munmap sends none. Sent is
# counted by a kprobe (6.1 and 6.12), received by the csd tracepoints (6.12
# only); every event must have unshared or freed its K tables (VmPTE).
. tests/lib.sh
. tests/vm-lib.sh
need_tools cpio readelf make
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
runs="x86-612 x86_64 6.12 2
x86-61 x86_64 6.1 2
arm64-612 arm64 6.12 2
arm64-61 arm64 6.1 2
x86-612-smp16 x86_64 6.12 16
arm64-612-smp16 arm64 6.12 16"
while read -r name arch series smp; do
	need_tools "$(qemu_for "$arch")" "$(gcc_for "$arch")"
	build_guest "$arch"
	img=$(kernel_for "$arch" "$series")
	rc=0
	$PTB vm --arch "$arch" --smp "$smp" --mem 2G --kernel "$name=$img" -c configs/vm-ptfree.json \
		--out "$d/$name" --timeout 500 >"$d/$name.log" 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || fail "$name: ptbench vm exited $rc: $(tail -5 "$d/$name.log")"
	python3 - "$name" "$d/$name/$name.json" "$smp" <<'PY' || fail "$name: see above"
import json, sys
name, res, smp = sys.argv[1], json.load(open(sys.argv[2])), int(sys.argv[3])
for s in res["skipped"]:
    assert s["id"].startswith("ptfree:event=pt_reclaim"), ("skipped", s)
n, sent_seen, recv_seen = 0, 0, 0
for p in res["points"]:
    q, m, v = p["params"], p["metrics"], p["validity"]
    assert v["valid"], (name, p["id"], v["reason"])
    k = int(q["tables"])
    assert m["tables_per_event"]["samples"] == [k] * 3, (name, p["id"], m["tables_per_event"])
    want = 1 if q["event"] == "hugetlb_unshare" and q.get("leaves", "exclusive") == "exclusive" else 0
    if "syncs_sent_per_event" in m:
        assert m["syncs_sent_per_event"]["samples"] == [want] * 3, (name, p["id"], m["syncs_sent_per_event"])
        sent_seen += 1
    if "sync_ipis_per_event_bystander" in m:
        assert m["sync_ipis_per_event_bystander"]["samples"] == [want] * 3, (name, p["id"])
        assert m["sync_fanout"]["samples"] == [want * (smp - 1)] * 3, (name, p["id"], m["sync_fanout"])
        recv_seen += 1
    n += 1
assert n >= 11 and sent_seen == n, (name, n, sent_seen, "no kprobe count?")
print("%s: %d points: tables K every time; syncs sent 0/1 as the source says in %d, "
      "received by all %d other CPUs in %d" % (name, n, sent_seen, smp - 1, recv_seen))
PY
done <<<"$runs"
