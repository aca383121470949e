# ptbench run --runs K: K fresh processes, K result files in the label's
# directory, which compare takes as K runs of one side (unit: runs); a bad
# K is a usage error before anything runs; runs are without layout
# randomisation unless --aslr.
. tests/lib.sh
need_root
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
spec=ptl:level=pte,placement=split,op=fault,pages=8,threads=1
rc=0; $PTB run --runs 0 "$spec" >/dev/null 2>&1 || rc=$?
[ $rc -eq 2 ] || fail "--runs 0: exit $rc, want 2"
for side in a b; do
	$PTB run -q --runs 3 -r 3 -d 0.05 -w 0 --label "runs-$side" --out "$d/$side" "$spec" >"$d/$side.out" 2>&1 ||
		fail "run --runs 3 failed: $(cat "$d/$side.out")"
	[ "$(ls "$d/$side"/*.json | wc -l)" -eq 3 ] || fail "want 3 result files in $d/$side: $(ls "$d/$side")"
done
# three processes: three start times or pids differ (one file per process, no overwrite)
python3 - "$d"/a/*.json <<'PY'
import json, sys
runs = [json.load(open(f)) for f in sys.argv[1:]]
assert len(runs) == 3
assert all(r["run"]["label"] == "runs-a" for r in runs)
assert all("--runs" not in r["run"]["argv"] for r in runs), [r["run"]["argv"] for r in runs]
# layout randomisation is off for runs unless --aslr (bench/core/aslr.c)
assert all(r["run"]["address_randomization"] is False for r in runs), [r["run"] for r in runs]
PY
$PTB run -q --aslr -r 2 -d 0.05 -w 0 --out "$d/aslr" "$spec" >/dev/null || fail "run --aslr"
python3 -c 'import json, glob, sys
r = json.load(open(glob.glob(sys.argv[1] + "/*.json")[0]))["run"]
assert r["address_randomization"] is True and "--aslr" in r["address_randomization_reason"], r' "$d/aslr" ||
	fail "--aslr not recorded"
$PTB compare --all --force -f json "$d/a" "$d/b" >"$d/c.json" || fail "compare of two --runs directories"
python3 - "$d/c.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["tables"][0]
r = [r for r in t["rows"] if r["metric"] == "ops_per_sec"][0]
assert len(r["base"]["runs"]) == 3 and len(r["new"]["runs"]) == 3, r
assert r["tested"] and r["test_unit"] == "runs" and r["unit"] == "ops/s", r
assert r["mde"] is None or r["mde"] > 0, r
PY
echo ok
