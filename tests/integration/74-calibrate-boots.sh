# calibrate across boots, as a lab runs it: --boots-config writes a config
# of ptl points with inject_ns 0 and each effect's cost (ns_per_op of the
# reference times the effect); its runs on several "boots" (here runs of
# this boot relabelled with boot ids, four boots of two runs: what the
# mechanics need, not a measurement); --boots judges every split of the
# boots into halves (C(4,2)/2 = 3) as one A/A and one A/B per effect.
# Fewer than four boots is refused, and an -e that does not match the
# points' costs; a fifth, odd one is left out, said so.
. tests/lib.sh
need_root
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
$PTB calibrate --boots-config "$d/cfg.json" -e 2,5 -r 3 -d 0.05 -w 0 -o "$d/ref" >"$d/cfg.out" 2>&1 ||
	fail "--boots-config: $(cat "$d/cfg.out")"
python3 - "$d/cfg.json" "$d/ref" <<'PY'
import glob, json, sys
cfg = json.load(open(sys.argv[1]))
ref = json.load(open(glob.glob(sys.argv[2] + "/ref/*.json")[0]))
ns = {p["params"]["placement"]: p["metrics"]["ns_per_op"]["summary"]["mean"] for p in ref["points"]}
assert len(cfg["points"]) == 2, cfg
for p in cfg["points"]:
    inj = p["params"]["inject_ns"]
    want = [0] + [round(ns[p["params"]["placement"]] * e / 100) for e in (2, 5)]
    assert inj == want, (inj, want)
    assert p["threads"] == 1 and "threads" not in p["params"], p
print("ok: config: inject_ns 0, 2% and 5% of each point's ns_per_op")
PY
for i in 1 2 3 4 5; do
	$PTB run -q --config "$d/cfg.json" --label A --out "$d/b$i" --runs 2 >/dev/null 2>&1 || fail "run $i"
done
python3 - "$d" <<'PY'
import glob, json, sys
for i in range(1, 6):
    for f in glob.glob("%s/b%d/*.json" % (sys.argv[1], i)):
        r = json.load(open(f))
        r["system"]["boot_id"] = "boot-%d" % i
        json.dump(r, open(f, "w"))
PY
rc=0
$PTB calibrate --boots -e 2,5 -o "$d" "$d/b1" "$d/b2" "$d/b3" >"$d/three" 2>&1 || rc=$?
[ "$rc" -eq 1 ] && grep -q "4 to 16 boots" "$d/three" || fail "three boots: $rc $(cat "$d/three")"
rc=0
$PTB calibrate --boots -e 1,2,5 -o "$d" "$d"/b[1-4] >"$d/mis" 2>&1 || rc=$?
[ "$rc" -eq 1 ] && grep -q "carries 2 injected costs, -e 3 effects" "$d/mis" ||
	fail "an -e of 3 effects on points of 2 costs: $rc $(cat "$d/mis")"
$PTB calibrate --boots -e 2,5 -o "$d" "$d"/b[1-5] >"$d/out" 2>&1 || fail "--boots: $(cat "$d/out")"
cat "$d/out"
grep -q "the last one (boot-5) is left out" "$d/out" || fail "the odd boot was not left out"
grep -q "4 boots, 3 splits of 2 boots against 2" "$d/out" || fail "not 3 splits"
python3 - "$d/calibrate-boots.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
assert c["schema"] == "ptbench-calibrate-boots/1" and c["splits"] == 3, c
assert [b["runs"] for b in c["boots"]] == [2, 2, 2, 2], c["boots"]
assert c["aa"]["compares"] == 3 and c["aa"]["tests"] > 0, c["aa"]
for p in c["points"]:
    assert [e["compares"] for e in p["effects"]] == [3, 3], p
    assert [e["effect_pct"] for e in p["effects"]] == [2, 5], p
print("ok: 3 splits, A/A and 2 effects judged on each")
PY
