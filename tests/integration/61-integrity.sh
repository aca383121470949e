# integrity, briefly: O_DIRECT writes racing each disturbance are all
# visible through the mapping (0 lost writes on this kernel, which pins with
# FOLL_PIN), some were checked, the reads were timed, the disturbance
# overlapped reads in flight, and vmsplice leaked nothing.
. tests/lib.sh
need_root
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs"
d=$(tmpdir)
# io_uring's fork overlaps a read in flight in about 1 fork of 13 here: at
# 0.5 s (35 forks) a point saw none about once in 16 runs, so it gets 2 s.
$PTB run -q --out "$d" \
	integrity:disturb=collapse,fork,vmsplice,writers=1,duration=0.5,warmup=0.1,repetitions=2 \
	integrity:disturb=io_uring,writers=1,duration=2,warmup=0.1,repetitions=2
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
    assert sum(m["overlaps"]["samples"]) > 0, m["overlaps"]
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
rm -rf "$d"
