# A count that cannot be observed is absent with its reason, never 0. With
# a profile whose function_call line does not exist, and one whose line
# exists but never counts these IPIs (NMI), the collapse point has no
# ipis_per_collapse* metrics, an "unobserved" entry saying why, a validity
# note, and compare prints them as n/a (reason).
. tests/lib.sh
need_root
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs for a bystander"
d=$(tmpdir)
prof=$(./ptbench info --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["system"]["arch"]["profile"])')
run_with() {	# run_with NAME FUNCTION_CALL_PATTERN_JSON
	mkdir -p "$d/$1/configs/arch" "$d/$1/out"
	python3 - "configs/arch/$prof.json" "$d/$1/configs/arch/$prof.json" "$2" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["interrupt_lines"]["function_call"] = json.loads(sys.argv[3])
p["rcu_table_free"] = True
json.dump(p, open(sys.argv[2], "w"))
PY
	PTBENCH_DATADIR="$d/$1" $PTB run -q --out "$d/$1/out" -r 2 -d 10 -w 0.1 \
		collapse:regions=4,bystanders=1,bystander_mode=spin,bystander_mm=same >/dev/null
	ls "$d/$1/out"/*.json
}
f1=$(run_with nosuch '"NOSUCHLINE"')
f2=$(run_with silent '"NMI"')
for f in "$f1" "$f2"; do
	$PTB validate "$f" || fail "$f does not load back"
done
python3 - "$f1" "$f2" <<'PY'
import json, sys
names = ("ipis_per_collapse", "ipis_per_collapse_bystander", "ipis_per_collapse_bystander_max")
for f, why in ((sys.argv[1], "no interrupt line of kind function_call"),
               (sys.argv[2], "stayed 0 on every bystander CPU")):
    d = json.load(open(f))
    if d["skipped"]:
        print("skipped: " + d["skipped"][0]["reason"]); sys.exit(77)
    p = d["points"][0]
    sel = d["system"]["interrupt_lines"]["function_call"]
    if why.startswith("stayed") and not d["system"]["collapse_sync_ipi"]:
        print("skipped: this kernel does not IPI on collapse"); sys.exit(77)
    for n in names:
        assert n not in p["metrics"], (f, n)
        assert why in p["unobserved"][n], (f, n, p["unobserved"])
        assert any(n + " not observed" in x for x in p["validity"]["notes"]), p["validity"]["notes"]
    assert "collapse_ns_p50" in p["metrics"]
    assert p["validity"]["valid"], p["validity"]
    if why.startswith("no"):
        assert sel["lines"] == [] and why in sel["reason"], sel
    else:
        assert [l["label"] for l in sel["lines"]] == ["NMI"], sel
PY
[ $? -eq 0 ] || exit $?
out=$($PTB compare "$f1" "$f2")
grep -q "Not observed" <<<"$out" || fail "compare does not list the unobserved metrics: $out"
grep -q "ipis_per_collapse_bystander: n/a (" <<<"$out" || fail "no n/a (reason) in compare: $out"
echo "ok: unobserved metrics absent with reasons; compare shows n/a"
