# ptbench at size under TCG (make test-scale): an x86_64 guest with 16
# vCPUs in 2 NUMA nodes runs collapse with a bystander on every other CPU,
# a ptl pair (spread placement, pages=auto) and gup futex. Every point must
# be valid, the guest must show 2 nodes, spread must alternate them, and the
# collapse sync IPI must reach all 15 bystander CPUs (ipi_fanout 15, at
# least one function-call IPI per collapse on each); the spread ptl points
# must find each worker's memory on its CPU's node. Prints its wall time.
. tests/lib.sh
. tests/vm-lib.sh
need_tools cpio readelf make qemu-system-x86_64
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
build_guest x86_64
img=$(kernel_for x86_64 6.1)
# the bzImage beside the extracted vmlinux: the pc machine carries -numa to
# the guest (ACPI SRAT); microvm does not, and with 16 vCPUs its boot stalls
# at TSC calibration under TCG
bz=$(ls "$(dirname "$img")"/boot/vmlinuz-* 2>/dev/null | head -n 1)
[ -n "$bz" ] || skip "no vmlinuz beside $img"
img=$bz
start=$(date +%s)
$PTB vm --arch x86_64 --smp 16 --numa 2 --mem 2G --timeout 600 --kernel "big=$img" \
	--config tests/configs/vm-scale.json --out "$d" --no-compare || fail "ptbench vm failed"
secs=$(( $(date +%s) - start ))
$PTB validate "$d/big.json" || fail "result does not load"
python3 - "$d/big.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["system"]["cpu"]["npus"] == 16 and r["system"]["cpu"]["nnuma"] == 2, r["system"]["cpu"]
assert not r["skipped"], r["skipped"]
for p in r["points"]:
    assert p["validity"]["valid"], (p["id"], p["validity"]["reason"])
    if p["workload"] == "ptl" and p["params"]["threads"] == 16:
        nodes = p["placement"]["numa"]
        assert p["placement"]["policy"] == "spread", p["placement"]
        assert all(nodes[i] != nodes[i + 1] for i in range(15)), nodes
        # each worker's region on its CPU's node (move_pages), checked by the point
        loc = [c for c in p["validity"]["checks"] if c["name"] == "memory_on_worker_node"]
        assert loc and loc[0]["ok"] and loc[0]["observed"] == 16, p["validity"]
c = [p for p in r["points"] if p["workload"] == "collapse"][0]
m = c["metrics"]
assert c["params"]["threads"] == 16, c["params"]
assert min(m["ipi_fanout"]["samples"]) == 15, m["ipi_fanout"]
assert min(m["ipis_per_collapse"]["samples"]) >= 15, m["ipis_per_collapse"]
print("collapse: %.1f IPIs per collapse on the other 15 CPUs, fan-out %d CPUs" % (
    m["ipis_per_collapse"]["summary"]["mean"], min(m["ipi_fanout"]["samples"])))
PY
echo "wall time: ${secs}s"
