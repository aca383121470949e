# A developer's own minimal kernel (make test-minimal): tinyconfig plus what
# ptbench needs, built in, no modules, no cgroups, no NUMA, IKCONFIG_PROC=y,
# from linux-source-6.12 (scripts/build-minimal-kernel.sh, cached). Such a
# kernel once aborted ptbench with a double free (its /proc/config.gz, no
# gzip in the guest). It boots twice under ptbench vm with the quick
# config and gup_test_pin's correctness check (it has CONFIG_GUP_TEST):
# with the guest build, and with the ASan/UBSan guest build (make
# ARCH=x86_64 guest-asan; its sanitizer libraries in its guest-root). Each
# must bring back a result file whose kernel config came from
# /proc/config.gz, with both vCPUs up, and the console must hold no
# sanitizer report. Prints each boot's wall time.
. tests/lib.sh
. tests/vm-lib.sh
need_tools cpio readelf make qemu-system-x86_64 flex bison
img=$(scripts/build-minimal-kernel.sh 6.12) || fail "the minimal kernel did not build"
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
# quick, and gup_test_pin's correctness check: this kernel has CONFIG_GUP_TEST
python3 - "$d/minimal.json" <<'PY'
import json, sys
c = json.load(open("configs/quick.json"))
c["name"] = "minimal"
pin = {"trigger": "gup_test_pin", "mapping": "anon", "pages_per_call": 16}
c["points"] += [{"workload": "gup", "params": dict(pin, cross=["pmd", "p4d"]), "threads": [1]},
                {"workload": "gup", "params": dict(pin, cross="pud", control="stale"), "threads": [1]}]
json.dump(c, open(sys.argv[1], "w"), indent=1)
PY
boot() {
	local name=$1 start secs
	shift
	start=$(date +%s)
	$PTB vm --arch x86_64 --kernel "$name=$img" --config "$d/minimal.json" --out "$d/$name" \
		--timeout 2400 --no-compare "$@" >"$d/$name.out" 2>"$d/$name.err" || {
		cat "$d/$name.err"; tail -n 40 "$d/$name/$name.console.log"; fail "ptbench vm ($name) failed"; }
	secs=$(( $(date +%s) - start ))
	if grep -nE "AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|double free" \
		"$d/$name/$name.console.log"; then
		fail "a sanitizer report on $name's console"
	fi
	$PTB validate "$d/$name/$name.json" || fail "$name's result does not load"
	python3 - "$d/$name/$name.json" "$name" "$secs" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
k, cpu = r["system"]["kernel"], r["system"]["cpu"]
assert k["config_source"] == "/proc/config.gz", (k["config_source"], k.get("config_error"))
assert k["config"]["TRANSPARENT_HUGEPAGE"] == "y", k["config"]
assert cpu["npus"] == 2 and "npus_expected" not in cpu, cpu
valid = sum(p["validity"]["valid"] for p in r["points"])
assert r["points"] and valid > 0, "no valid point"
integ = [p for p in r["points"] if p["workload"] == "integrity"]
assert integ and all("ptbench's hold device" in " ".join(p["validity"]["notes"]) for p in integ), \
    [p["validity"]["notes"] for p in integ]
# CONFIG_GUP_TEST (6.12): its reader reads the pinned pages back; 0 wrong across
# each boundary, the control every page wrong, the pin GUP-fast (no mmap_lock)
gt = [p for p in r["points"] if p["params"].get("trigger") == "gup_test_pin" and "cross" in p["params"]]
assert len(gt) == 3, [p["id"] for p in gt]
for p in gt:
    m = p["metrics"]
    assert p["validity"]["valid"], (p["id"], p["validity"]["reason"])
    if p["params"].get("control") == "stale":
        assert m["control_wrong_pages"]["samples"] == m["pages_checked"]["samples"], p["id"]
    else:
        assert sum(m["wrong_pages"]["samples"]) == 0 and sum(m["pages_checked"]["samples"]) > 0, p["id"]
    assert max(m["mmap_locks_per_call"]["samples"]) < 0.5, (p["id"], m["mmap_locks_per_call"])
print("%s: %s, %d points (%d valid), %d skipped, config from %s, %d vCPUs, %s s" % (
    sys.argv[2], k["release"], len(r["points"]), valid, len(r["skipped"]), k["config_source"],
    cpu["npus"], sys.argv[3]))
for s in r["skipped"]:
    print("  skipped: %s: %s" % (s["id"], s["reason"]))
PY
}
boot min
[ -x build/x86_64/asan-guest/ptbench ] || fail "no ASan guest build (make ARCH=x86_64 guest-asan)"
boot min-asan --guest-bin build/x86_64/asan-guest/ptbench
