# integrity, briefly: O_DIRECT writes racing each disturbance are all
# visible through the mapping (0 lost writes on this kernel, which pins with
# FOLL_PIN), some were checked, the reads were timed, the disturbance
# overlapped reads in flight, and vmsplice leaked nothing. fork and
# io_uring throttle their reads (read_iops=auto: 100) where a cgroup v1
# blkio hierarchy is mounted: then most forks overlap a read (here 93%;
# unthrottled 1-4 of ~100 forks, and 0 in a CI run), and the group is gone
# afterwards.
. tests/lib.sh
need_root
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs"
d=$(tmpdir)
$PTB run -q --out "$d" \
	integrity:disturb=collapse,fork,vmsplice,io_uring,writers=1,duration=0.5,warmup=0.1,repetitions=2
f=$(ls "$d"/*.json)
$PTB validate "$f" || fail "result does not load back"
python3 - "$f" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
if d["skipped"] and not d["points"]:
    print("skipped: " + d["skipped"][0]["reason"]); sys.exit(77)
assert len(d["points"]) + len(d["skipped"]) == 4, [p["id"] for p in d["points"]]
for p in d["points"]:
    v = p["validity"]
    assert v["valid"], "%s: %s" % (p["id"], v["reason"])
    m = p["metrics"]
    assert sum(m["lost_writes"]["samples"]) == 0, m["lost_writes"]
    assert min(m["checks"]["samples"]) > 0, m["checks"]
    assert any(n.startswith("pattern source: ") for n in v["notes"]), v["notes"]
    forks = p["params"]["disturb"] in ("fork", "io_uring")
    assert p["params"]["read_iops"] == ("100" if forks else "0"), p["params"]
    held = [n for n in v["notes"] if n.startswith("reads throttled: blk-throttle at 100 reads/s")]
    assert bool(held) == (forks and not any(n.startswith("reads not throttled") for n in v["notes"])), v["notes"]
    ov, dist = sum(m["overlaps"]["samples"]), sum(m["disturbances"]["samples"])
    assert ov > 0, m["overlaps"]
    if held:
        # a read held for ~10 ms spans several forks of ~2 ms: most overlap one
        assert ov >= dist / 2, "%s: %d of %d forks overlapped a held read" % (p["id"], ov, dist)
    assert m["dio_ns_p50"]["summary"]["median"] > 0, m["dio_ns_p50"]
    if "disturb=vmsplice" in p["id"]:
        assert sum(m["leaked_bytes"]["samples"]) == 0, m["leaked_bytes"]
        assert sum(m["leak_checks"]["samples"]) > 0, m["leak_checks"]
    else:
        assert "leaked_bytes" not in m, "leaked_bytes measured without vmsplice"
    print("%s: %d checks, 0 lost, %d overlaps, DIO p50 %.0f us" % (p["id"],
          sum(m["checks"]["samples"]), sum(m["overlaps"]["samples"]),
          m["dio_ns_p50"]["summary"]["median"] / 1e3))
for s in d["skipped"]:
    print("skipped: %s: %s" % (s.get("id", "?"), s["reason"]))
PY
left=$(find /sys/fs/cgroup -maxdepth 3 -name 'ptbench-io.*' 2>/dev/null)
[ -z "$left" ] || fail "blkio groups left behind: $left"
rm -rf "$d"
