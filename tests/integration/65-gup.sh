# The gup family: every trigger available here runs a short point whose
# counts hold together (pages/s > 0, pages got = calls x pages per call, no
# failed or short call), THP points are PMD-mapped, hugetlb points come from
# the pool, calibration points pin nothing and yield syscall_share, and the
# triggers or combinations that cannot run come out skipped with a reason.
. tests/lib.sh
need_root
d=$(tmpdir)
hp=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
thp_before=$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || true)
hp_before=$(cat $hp 2>/dev/null || true)
$PTB run -q --out "$d" -d 0.1 -w 0.05 -r 2 \
	gup:trigger=futex,mapping=anon,thp,shmem,hugetlb,calib=0,1,threads=1,2 \
	gup:trigger=vmsplice,mapping=anon,thp,pages_per_call=16,write=0,calib=0,1 \
	gup:trigger=io_uring,mapping=anon,thp,pages_per_call=16,calib=0,1 \
	gup:trigger=process_vm_readv,mapping=anon,thp,pages_per_call=16,write=0,1 \
	gup:trigger=odirect,mapping=anon,pages_per_call=4,write=0,1 \
	gup:trigger=gup_test,gup_test_pin,mapping=anon,pages_per_call=16 \
	gup:trigger=futex,pages_per_call=2 \
	gup:trigger=io_uring,vmsplice,write=0,1,pages_per_call=16,buffer=shared,threads=2
f=$(ls "$d"/*.json)
$PTB validate "$f" || fail "result does not load back"
python3 - "$f" <<'PY'
import json, os, sys
d = json.load(open(sys.argv[1]))
pts = [p for p in d["points"] if p["workload"] == "gup"]
skipped = {s["id"]: s["reason"] for s in d["skipped"]}
errors = [p for p in d.get("errors", [])]
assert pts, "no gup point ran"

def checks(p):
    return {c["name"]: c for c in p["validity"]["checks"]}

ran = set()
for p in pts:
    pid, par, v = p["id"], p["params"], p["validity"]
    assert v["valid"], "%s invalid: %s" % (pid, v["reason"])
    c = checks(p)
    for k in ("failed_calls", "short_calls"):
        assert c[k]["ok"] and c[k]["observed"] == 0, (pid, c[k])
    got = c["pages_got"]
    assert got["ok"] and got["observed"] == got["expected"], (pid, got)
    m = p["metrics"]
    assert len(m["calls_per_sec"]["samples"]) == p["harness"]["repetitions"], pid
    assert min(m["calls_per_sec"]["samples"]) > 0, pid
    assert sum(m["failures"]["samples"]) == 0, pid
    if par["calib"] == "1":
        assert got["observed"] == 0, "%s: a calibration point got pages" % pid
    else:
        assert got["observed"] > 0, pid
        assert min(m["pages_per_sec"]["samples"]) > 0, "%s: zero pages/s" % pid
        assert min(m["ns_per_page"]["samples"]) > 0, pid
    if par["mapping"] == "thp":
        for w in ("setup", "end"):
            t = c["thp_mapped_bytes_" + w]
            assert t["ok"] and t["observed"] == t["expected"] > 0, (pid, t)
    if par["mapping"] == "hugetlb":
        assert c["hugetlb_mapped_bytes_end"]["ok"], pid
    if par["mapping"] in ("anon", "shmem"):
        assert any(k.endswith("_mapped_bytes_end") and c[k]["ok"] for k in c), pid
    ran.add(par["trigger"])

for s, why in skipped.items():
    assert why, "skipped without a reason: " + s
# the triggers that need nothing special ran
for t in ("futex", "vmsplice", "io_uring", "process_vm_readv"):
    assert t in ran, "%s did not run" % t
assert "odirect" in ran or any("trigger=odirect" in s for s in skipped), "odirect neither ran nor skipped"
gt = [s for s in skipped if "trigger=gup_test" in s]
if not os.path.exists("/sys/kernel/debug/gup_test"):
    assert gt and all("gup_test" in skipped[s] for s in gt), "gup_test not skipped with a reason"
# impossible combinations are skipped, with the reason that says why
assert any("pages_per_call=2" in s and "one page" in why for s, why in skipped.items())
assert any("trigger=io_uring" in s and "write=0" in s for s in skipped)
assert any("trigger=vmsplice" in s and "write=1" in s for s in skipped)
# calibration pairs give GUP's share
share = [p for p in pts if "syscall_share" in p["metrics"]]
assert share, "no syscall_share derived"
for p in share:
    assert p["metrics"]["syscall_share"]["derived"]["value"] > 0, p["id"]
print("%d gup points valid (%s), %d skipped" % (len(pts), ",".join(sorted(ran)), len(skipped)))
PY
[ "$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || true)" = "$thp_before" ] ||
	fail "THP enabled not restored"
[ "$(cat $hp 2>/dev/null || true)" = "$hp_before" ] || fail "hugetlb pool not restored"
# the runner under ASan/UBSan through every trigger once
if [ -x build/ptbench-asan ]; then
	ASAN_OPTIONS=detect_leaks=1 build/ptbench-asan run -q --out "$d/asan" -d 0.05 -w 0 -r 1 \
		gup:trigger=futex,io_uring,calib=0,1 \
		gup:trigger=vmsplice,process_vm_readv,odirect,gup_test,write=0,pages_per_call=4,mapping=thp,hugetlb
	ASAN_OPTIONS=detect_leaks=1 build/ptbench-asan validate "$d"/asan/*.json
fi
rm -rf "$d"
