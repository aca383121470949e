# ptbench vm on all four arches: cross-build the guest, boot Debian's 6.1
# kernel under QEMU with configs/vm-smoke.json, and check that the result
# file comes back, loads, names the right arch and base page size (64K on
# ppc64le), and that every point is valid or skipped with an arch-appropriate
# reason (s390x under TCG has no EDAT-1: no THP, no hugetlb). Boot-to-result
# times are printed (TCG: not performance figures).
. tests/lib.sh
. tests/vm-lib.sh
need_tools cpio readelf make
arches=${PTBENCH_VM_ARCHES:-x86_64 arm64 ppc64le s390x}
for a in $arches; do
	need_tools "$(qemu_for "$a")" "$(gcc_for "$a")"
done
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
for a in $arches; do
	build_guest "$a"
	img=$(kernel_for "$a" 6.1)
	rc=0
	$PTB vm --arch "$a" --kernel "deb61-$a=$img" --out "$d/$a" --timeout 300 || rc=$?
	[ "$rc" -eq 0 ] || fail "$a: ptbench vm exited $rc"
	$PTB validate "$d/$a/deb61-$a.json" || fail "$a: result does not load"
	python3 - "$a" "$d/$a/deb61-$a.json" "$d/$a/vm.json" <<'PY'
import json, sys
arch, res, summary = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
page = {"x86_64": 4096, "arm64": 4096, "ppc64le": 65536, "s390x": 4096}[arch]
sysi = res["system"]
assert sysi["arch"]["profile"] == arch, ("arch", sysi["arch"], arch)
assert sysi["memory"]["page_size"] == page, ("page size", sysi["memory"]["page_size"])
assert res["run"]["label"] == "deb61-" + arch, res["run"]["label"]
assert sysi["kernel"]["release"].startswith("6.1."), sysi["kernel"]["release"]
assert not res["run"]["incomplete"]
pts, skipped = res["points"], res["skipped"]
assert pts, "no point ran"
for p in pts:
    v = p["validity"]
    # the check failing where it must: block O_DIRECT pins with FOLL_GET before v6.5
    red = (p["workload"] == "integrity" and "disturb=fork" in p["id"] and
           tuple(int(x) for x in res["system"]["kernel"]["release"].split("-")[0].split(".")[:2]) < (6, 5)
           and "O_DIRECT reads were not visible" in v["reason"])
    assert v["valid"] or red, "%s invalid: %s" % (p["id"], v["reason"])
for s in skipped:
    assert s["reason"], "skipped without a reason: %s" % s["id"]
    if arch == "s390x" and ("level=pmd" in s["id"] or "level=hugetlb" in s["id"]):
        assert "EDAT" in s["reason"], s["reason"]
caps = res["capabilities"]
if arch == "s390x":
    assert not caps["thp"]["usable"] and "EDAT" in caps["thp"]["reason"], caps["thp"]
else:
    assert caps["thp"]["usable"], caps["thp"]
    assert any("level=pmd" in p["id"] for p in pts), "no THP point ran on " + arch
# 6.1 has no ipi:ipi_send_cpu (v6.4+): it must be reported absent, not counted
k = summary["kernels"][0]
print("%-8s %-6s %5.1f s boot-to-result (%s)  ran %d, skipped %d: %s" % (
    arch, k["status"], k["seconds"], summary["accel"], len(pts), len(skipped),
    "; ".join("%s: %s" % (s["id"], s["reason"]) for s in skipped) or "-"))
PY
done
echo "total $SECONDS s for: $arches"
