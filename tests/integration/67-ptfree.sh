# The ptfree family against the answers the kernel's source gives
# (docs/workloads.md, "ptfree: known answers"): munmap of K PTE tables frees
# K and, on an MMU_GATHER_RCU_TABLE_FREE kernel, sends no sync broadcast;
# PT reclaim (v6.14+) frees K tables for a whole-table zap and none for a
# partial one; hugetlb PMD unsharing with 3 sharers and the Dec 2025
# batching (huge_pmd_unshare_flush() in kallsyms) sends no sync for the
# unmap that leaves the tables shared and exactly one, whatever K, for the
# one that leaves them to one owner. Every event's tables are the kernel's
# count (VmPTE), and the hugetlb pool the point grew is put back.
. tests/lib.sh
need_root
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs for a bystander"
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
pool=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
before=$(cat $pool 2>/dev/null || echo none)
$PTB run -q --out "$d" -r 3 -d 10 -w 0.1 \
	ptfree:event=munmap,pt_reclaim,tables=1,2,4 ptfree:event=pt_reclaim,zap=partial,tables=2 \
	ptfree:event=hugetlb_unshare,tables=1,2,4,leaves=shared,exclusive \
	ptfree:event=hugetlb_unshare,how=exit,fork_exit,leaves=shared,exclusive,tables=2
[ "$(cat $pool 2>/dev/null || echo none)" = "$before" ] || fail "hugetlb pool not restored: $before -> $(cat $pool)"
batched=n
grep -q " huge_pmd_unshare_flush$" /proc/kallsyms && batched=y
rcu=unknown
[ -r /proc/config.gz ] && { zcat /proc/config.gz | grep -q '^CONFIG_MMU_GATHER_RCU_TABLE_FREE=y' && rcu=y || rcu=n; }
python3 - "$(ls "$d"/*.json)" "$batched" "$rcu" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); batched, rcu = sys.argv[2], sys.argv[3]
skipped = {s["id"]: s["reason"] for s in d["skipped"]}
for i, r in skipped.items():
    print("skipped: %s: %s" % (i, r))
seen = 0
for p in d["points"]:
    q, m, v = p["params"], p["metrics"], p["validity"]
    assert v["valid"], (p["id"], v["reason"])
    k = int(q["tables"])
    ev = q["event"]
    tables = m["tables_per_event"]["samples"]
    sync = m.get("sync_ipis_per_event_bystander", {}).get("samples")
    want_tables = 0 if q.get("zap") == "partial" else k
    assert tables == [want_tables] * len(tables), (p["id"], tables, want_tables)
    if sync is None:
        print("%s: no csd tracepoints: %s" % (p["id"], p["unobserved"])); continue
    if ev in ("munmap", "pt_reclaim") and rcu != "n":
        assert sync == [0] * len(sync), (p["id"], "sync broadcasts on a table free", sync)
    if ev == "hugetlb_unshare":
        want = (0 if q.get("leaves") == "shared" else 1) if batched == "y" else None
        print("%s K=%d leaves=%s how=%s: sync per event %s (batched: %s)" % (
            ev, k, q.get("leaves", "exclusive"), q.get("how", "unmap"), sync, batched))
        if want is not None:
            assert sync == [want] * len(sync), (p["id"], sync, want)
    seen += 1
assert seen >= 4 or skipped, "nothing checked"
print("ok: %d points hold their known answers" % seen)
PY
