# A kernel whose hugetlb unshare answer is known (make test-minimal):
# Debian's linux-source-6.12, minimal plus what PMD sharing and a real sync
# broadcast need (NR_CPUS >= 4 for the split PMD locks that
# HUGETLB_PMD_PAGE_TABLE_SHARING depends on; PARAVIRT, which on x86 before
# v6.15 selects MMU_GATHER_RCU_TABLE_FREE; kprobes for the sent count),
# with the Dec 2025 batching taken out (tests/kernel-patches/): every
# unshared table sends its own GUP-fast sync broadcast. Under
# configs/vm-ptfree.json an unmap of K shared tables must then send K,
# whether it leaves them shared or to one owner, where Debian's 6.12 sends
# 0 and 1 (96-vm-ptfree.sh); munmap still sends none. Prints the figures.
. tests/lib.sh
. tests/vm-lib.sh
need_tools cpio readelf make qemu-system-x86_64 flex bison patch
patch=tests/kernel-patches/6.12-hugetlb-unshare-unbatched.patch
img=$(MINIMAL_KERNEL_OPTIONS="HYPERVISOR_GUEST PARAVIRT NR_CPUS=4 KPROBES KPROBE_EVENTS" \
	scripts/build-minimal-kernel.sh 6.12 x86_64 "$patch") || fail "the unbatched kernel did not build"
for o in HUGETLB_PMD_PAGE_TABLE_SHARING MMU_GATHER_RCU_TABLE_FREE; do
	grep -q "^CONFIG_$o=y" "$(dirname "$img")/config" || fail "the unbatched kernel has no $o"
done
build_guest x86_64
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
$PTB vm --arch x86_64 --kernel "unbatched=$img" -c configs/vm-ptfree.json --out "$d" --timeout 600 \
	--no-compare >"$d/out" 2>&1 || { tail -20 "$d/out"; fail "ptbench vm failed"; }
python3 - "$d/unbatched.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
n = 0
for p in r["points"]:
    q, m, v = p["params"], p["metrics"], p["validity"]
    assert v["valid"], (p["id"], v["reason"])
    k = int(q["tables"])
    want = k if q["event"] == "hugetlb_unshare" else 0
    sent = m["syncs_sent_per_event"]["samples"]
    recv = m["sync_ipis_per_event_bystander"]["samples"]
    assert sent == [want] * len(sent) and recv == [want] * len(recv), (p["id"], sent, recv, want)
    print("%s: %s K=%d %s %s: syncs sent %s, received on the bystander %s" % (
        r["system"]["kernel"]["release"], q["event"], k, q.get("leaves", ""), q.get("how", ""),
        " ".join("%g" % x for x in sent), " ".join("%g" % x for x in recv)))
    n += 1
assert n == 11, n
PY
