# A short collapse point with a spinning bystander of the same mm: every
# region PTE-mapped before and PMD-mapped after each repetition, latencies
# and IPI counts present, and what mm/khugepaged.c says must happen on this
# kernel: collapse_huge_page() calls tlb_remove_table_sync_one(), which with
# CONFIG_MMU_GATHER_RCU_TABLE_FREE is smp_call_function() to every other
# online CPU, so the bystander's CPU runs tlb_remove_table_smp_sync at least
# once per collapse and receives at least one function-call IPI per collapse.
. tests/lib.sh
need_root
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs for a bystander"
d=$(tmpdir)
$PTB run -q --out "$d" -r 2 -d 10 -w 0.2 \
	collapse:regions=8,bystanders=1,bystander_mode=spin,bystander_mm=same
f=$(ls "$d"/*.json)
$PTB validate "$f" || fail "result does not load back"
rcu=unknown
if [ -r /proc/config.gz ]; then
	cfg=$(zcat /proc/config.gz)
	grep -q '^CONFIG_MMU_GATHER_RCU_TABLE_FREE=y' <<<"$cfg" && rcu=y || rcu=n
elif [ -r "/boot/config-$(uname -r)" ]; then
	grep -q '^CONFIG_MMU_GATHER_RCU_TABLE_FREE=y' "/boot/config-$(uname -r)" && rcu=y || rcu=n
fi
python3 - "$f" "$rcu" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); rcu = sys.argv[2]
if d["skipped"]:
    print("skipped: " + d["skipped"][0]["reason"]); sys.exit(77)
p = d["points"][0]
v = p["validity"]
assert v["valid"], v["reason"]
reps = p["harness"]["repetitions_done"]
checks = {c["name"]: c for c in v["checks"]}
assert checks["pte_mapped_before_reps"]["observed"] == reps, checks
assert checks["pmd_mapped_after_reps"]["observed"] == reps, checks
m = p["metrics"]
for k in ("collapse_ns_p50", "collapse_ns_p90", "collapse_ns_p99", "collapse_ns_max",
          "collapse_ns_mean", "collapses_per_sec", "bystander_irqs_per_sec",
          "bystander_worst_gap_ns", "bystander_lost_fraction"):
    assert len(m[k]["samples"]) == reps, k
    assert min(m[k]["samples"]) >= 0, k
assert min(m["collapse_ns_p50"]["samples"]) > 0
assert m["collapse_ns_p50"]["summary"]["mean"] <= m["collapse_ns_max"]["summary"]["mean"]
lat = p["distributions"]["collapse_latency_ns"]["values"]
assert len(lat) == 8 * reps, len(lat)
cpus = p["placement"]["cpus_seen"]
assert len(set(cpus)) == 2, cpus
ev = {e["name"]: e for e in p["counters"]["events"]}
sync = "csd:csd_function_entry[func==tlb_remove_table_smp_sync]"
assert "ipis_per_collapse" in m or "sync_ipis_per_collapse" in m, "no IPI count"
if rcu == "y":
    # the sync IPI to every other CPU is unconditional: a hardware IPI or, if that CPU polls, at least the call
    assert min(m["ipis_per_collapse_bystander"]["samples"]) >= 1, m["ipis_per_collapse_bystander"]
    if ev.get(sync, {}).get("status") == "ok":
        assert min(m["sync_ipis_per_collapse_bystander"]["samples"]) >= 1, m["sync_ipis_per_collapse_bystander"]
    else:
        print("note: %s unavailable: %s" % (sync, ev.get(sync, {}).get("reason")))
else:
    print("note: CONFIG_MMU_GATHER_RCU_TABLE_FREE is %s: no IPI count asserted" % rcu)
print("collapse p50 %.0f ns, %.2f IPIs/collapse on the bystander CPU" % (
    m["collapse_ns_p50"]["summary"]["mean"], m["ipis_per_collapse_bystander"]["summary"]["mean"]))
PY
rm -rf "$d"
