# integrity, briefly: O_DIRECT writes racing collapse and fork are all
# visible through the mapping (0 lost writes) and some were checked.
. tests/lib.sh
need_root
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs"
d=$(tmpdir)
$PTB run -q --out "$d" -r 2 -d 0.5 -w 0.1 integrity:disturb=collapse,fork,writers=1
f=$(ls "$d"/*.json)
$PTB validate "$f" || fail "result does not load back"
python3 - "$f" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
if d["skipped"] and not d["points"]:
    print("skipped: " + d["skipped"][0]["reason"]); sys.exit(77)
assert len(d["points"]) == 2, [p["id"] for p in d["points"]]
for p in d["points"]:
    v = p["validity"]
    assert v["valid"], "%s: %s" % (p["id"], v["reason"])
    m = p["metrics"]
    assert sum(m["lost_writes"]["samples"]) == 0, m["lost_writes"]
    assert min(m["checks"]["samples"]) > 0, m["checks"]
    assert any(n.startswith("pattern source: ") for n in v["notes"]), v["notes"]
    print("%s: %d checks, 0 lost" % (p["id"], sum(m["checks"]["samples"])))
PY
rm -rf "$d"
