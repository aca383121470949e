# The quick config runs end to end; its result loads back; every point is valid
# or skipped with a reason; rates are non-zero; system/capabilities are filled.
. tests/lib.sh
need_root
d=$(tmpdir)
before=$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || true)
$PTB run -q --config configs/quick.json --label integration --out "$d"
f=$(ls "$d"/*.json)
[ "$(echo "$f" | wc -l)" -eq 1 ] || fail "expected one result file in $d"
ls "$d" | grep -q tmp && fail "temp file left in $d"
$PTB validate "$f" || fail "result does not load back"
python3 - "$f" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "ptbench-result/1"
assert d["system"]["kernel"]["release"], "no kernel release"
assert d["system"]["memory"]["page_size"] > 0
assert d["capabilities"]["thp"]["usable"] in (True, False)
assert not d["run"]["incomplete"]
pts, skipped = d["points"], d["skipped"]
assert pts, "no point ran"
for p in pts:
    v = p["validity"]
    assert v["valid"], "%s invalid: %s" % (p["id"], v["reason"])
    m = p["metrics"]["ops_per_sec"]
    assert len(m["samples"]) == p["harness"]["repetitions"], p["id"]
    assert min(m["samples"]) > 0, "%s: zero rate" % p["id"]
    assert len(p["placement"]["cpus_seen"]) == p["params"]["threads"]
for s in skipped:
    assert s["reason"], "skipped without a reason: %s" % s["id"]
# every level and both placements ran or were skipped with a reason
ids = [p["id"] for p in pts] + [s["id"] for s in skipped]
for lvl in ("level=pte", "level=pmd"):
    for pl in ("placement=shared", "placement=split"):
        assert any(lvl in i and pl in i for i in ids), (lvl, pl)
# the derived split benefit is present where both placements ran
assert any("split_benefit" in p["metrics"] for p in pts), "no split_benefit"
print("%d points valid, %d skipped" % (len(pts), len(skipped)))
PY
after=$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || true)
[ "$before" = "$after" ] || fail "THP enabled changed: '$before' -> '$after'"
rm -rf "$d"
