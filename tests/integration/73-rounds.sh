# ptbench run --rounds R: every point once per round with its share of the
# repetitions, joined into one point (samples in order, the round count
# recorded); a speed reference beside every repetition; a bad R is a usage
# error; a run interrupted between rounds writes no point short of its
# rounds as if it were whole; compare --speed-adjust adjusts the tested
# rows of runs that carry the references, each by the one it follows.
. tests/lib.sh
need_root
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
pte=ptl:level=pte,placement=split,op=fault,pages=8,threads=1
mnc=ptl:level=pte,placement=split,op=mincore,pages=8,threads=1
rc=0; $PTB run --rounds 0 "$pte" >/dev/null 2>&1 || rc=$?
[ $rc -eq 2 ] || fail "--rounds 0: exit $rc, want 2"
$PTB run -q --rounds 3 -r 7 -d 0.05 -w 0 --out "$d/r" "$pte" "$mnc" >"$d/r.out" 2>&1 ||
	fail "run --rounds 3 failed: $(cat "$d/r.out")"
python3 - "$d"/r/*.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["run"]["rounds"] == 3, r["run"]
assert len(r["points"]) == 2 and not r["skipped"], (r["points"], r["skipped"])
for p in r["points"]:
    h = p["harness"]
    assert h["rounds"] == 3 and h["repetitions"] == 7 and h["repetitions_done"] == 7, h
    assert len(p["metrics"]["ops_per_sec"]["samples"]) == 7, p["metrics"]["ops_per_sec"]
    assert all(len(t["ops_per_sec"]) == 7 for t in p["threads"]), p["threads"]
    s = h["speed_reference"]
    assert s["unit"] == "GB/s" and len(s["samples"]) == 7, s
    assert all(x > 0 for x in s["samples"]) and s["cpu"] == p["placement"]["cpus"][0], s
    assert s["bytes"] == 256 << 10, s
    # the footprint reference: the point's memory size up to 64 MiB, absent
    # (with why) where that fits the cache reference's 256 KiB
    f = h["footprint_reference"]
    if h["memory_bytes"] <= 256 << 10:
        assert "fits the cache reference" in f["absent"], f
    else:
        want = min(h["memory_bytes"], 64 << 20)
        assert f["bytes"] == want and len(f["samples"]) == 7, f
        assert all(x > 0 for x in f["samples"]), f
    assert p["validity"]["valid"], p["validity"]
PY
# the same point without rounds: back to back, still with its reference
$PTB run -q -r 2 -d 0.05 -w 0 --out "$d/one" "$pte" >/dev/null || fail "run without --rounds"
python3 -c 'import json, glob, sys
r = json.load(open(glob.glob(sys.argv[1] + "/*.json")[0]))
assert r["run"]["rounds"] == 1, r["run"]
h = r["points"][0]["harness"]
assert h["rounds"] == 1 and len(h["speed_reference"]["samples"]) == 2, h' "$d/one" ||
	fail "rounds or speed reference wrong without --rounds"
# a point larger than 256 KiB gets a footprint reference of its own size
$PTB run -q -r 2 -d 0.05 -w 0 --out "$d/fp" ptl:level=pte,placement=split,op=mincore,pages=256,threads=1 \
	>/dev/null || fail "run of a 1 MiB point"
python3 -c 'import json, glob, sys
h = json.load(open(glob.glob(sys.argv[1] + "/*.json")[0]))["points"][0]["harness"]
f = h["footprint_reference"]
assert h["memory_bytes"] > 256 << 10, h
assert f["bytes"] == min(h["memory_bytes"], 64 << 20), (f, h["memory_bytes"])
assert len(f["samples"]) == 2 and all(x > 0 for x in f["samples"]), f' "$d/fp" ||
	fail "footprint reference of a 1 MiB point wrong"
# two sides of two runs each: the tested row is adjusted, with its slope
for side in a b; do
	$PTB run -q --runs 2 --rounds 2 -r 4 -d 0.05 -w 0 --out "$d/$side" "$pte" >/dev/null ||
		fail "run --runs 2 --rounds 2"
done
$PTB compare --all --speed-adjust -f json "$d/a" "$d/b" >"$d/c.json" || fail "compare --speed-adjust"
python3 - "$d/c.json" <<'PY'
import json, math, sys
c = json.load(open(sys.argv[1]))
t = c["tables"][0]
r = [r for r in t["rows"] if r["metric"] == "ops_per_sec"][0]
a = r["speed_adjusted"]
assert r["tested"] and math.isfinite(a["slope"]), r
assert a["reference"] in ("cache", "footprint") and 0 <= a["spread_removed"] <= 1, a
assert [r for r in t["rows"] if r["metric"] == "ns_per_op"][0].get("speed_adjusted") is None
assert t["speed_reference"]["points"] == 1, t["speed_reference"]
PY
$PTB compare --speed-adjust "$d/a" "$d/b" | grep -q "Adjusted for the machine's speed (--speed-adjust)" ||
	fail "compare --speed-adjust does not say which rows it adjusted"
# SIGINT in round 2 of 3: the points are listed as interrupted, not written short
$PTB run -q --rounds 3 -r 3 -d 1 -w 0 --out "$d/int" "$pte" "$mnc" >"$d/int.out" 2>&1 &
pid=$!
sleep 3
kill -INT $pid
rc=0; wait $pid || rc=$?
[ $rc -eq 130 ] || fail "interrupted --rounds run: exit $rc, want 130: $(cat "$d/int.out")"
python3 - "$d"/int/*.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["run"]["incomplete"] is True, r["run"]
assert not r["points"], r["points"]
assert len(r["skipped"]) == 2, r["skipped"]
for s in r["skipped"]:
    assert s["status"] == "interrupted" and "round" in s["reason"], s
PY
echo ok
