# The GUP-fast correctness check (gup cross=, control=): every boundary this
# machine's levels have is crossed through vmsplice, io_uring and O_DIRECT
# with 0 wrong pages and every page checked; one it has not (pgd with 4
# live levels) is skipped with the levels it found; the control, which
# replaces the mapping under the hold, reads every page wrong, every time,
# and is not a failed check; a result with one wrong page fails compare's
# checks. Under ASan too. The boundaries are placed from the profile's
# spans: each range straddles a multiple of its level's span.
. tests/lib.sh
need_root
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
$PTB run -q --out "$d/r" -d 0.1 -w 0.05 -r 3 \
	gup:trigger=vmsplice,mapping=anon,thp,hugetlb,pages_per_call=16,write=0,cross=none,pmd,pud,p4d,pgd \
	gup:trigger=io_uring,mapping=anon,pages_per_call=16,cross=pmd,pud,p4d,threads=1,2 \
	gup:trigger=odirect,mapping=anon,pages_per_call=16,write=0,cross=pud,p4d \
	gup:trigger=vmsplice,mapping=anon,thp,pages_per_call=16,write=0,cross=pud,control=stale \
	gup:trigger=io_uring,mapping=anon,pages_per_call=16,cross=p4d,control=stale \
	gup:trigger=odirect,pages_per_call=16,write=0,cross=pud,control=stale \
	gup:trigger=process_vm_readv,pages_per_call=16,write=0,cross=none,pud
f=$(ls "$d"/r/*.json)
$PTB validate "$f" || fail "result does not load back"
python3 - "$f" "$d/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
pts = [p for p in d["points"] if p["workload"] == "gup"]
# mmap_lock per call, the figure that tells GUP-fast from slow GUP: process_vm_readv
# pins under mmap_read_lock (its ground truth, 1 a call), the fast triggers take none
tracing = "mmap_locks_per_call" in pts[0]["metrics"]
pvm = [p for p in pts if p["params"]["trigger"] == "process_vm_readv"]
assert len(pvm) == 2, [p["id"] for p in pvm]
if tracing:
    for p in pvm:
        assert min(p["metrics"]["mmap_locks_per_call"]["samples"]) >= 0.9, (p["id"], p["metrics"]["mmap_locks_per_call"])
        assert any("takes slow GUP here" in n for n in p["validity"]["notes"]), p["id"]
    for p in pts:
        if p["params"]["trigger"] in ("vmsplice", "io_uring"):
            c = {k["name"]: k for k in p["validity"]["checks"]}
            assert c["gup_fast_fallbacks_per_call"]["ok"], (p["id"], c["gup_fast_fallbacks_per_call"])
else:
    assert all("mmap_locks_per_call" in " ".join(p["validity"]["notes"]) for p in pts)
pts = [p for p in pts if p["params"]["trigger"] != "process_vm_readv"]
skipped = {s["id"]: s["reason"] for s in d["skipped"]}
la57 = " la57 " in " " + open("/proc/cpuinfo").read().replace("\n", " ") + " "
span = {"pmd": 2 << 20, "pud": 1 << 30, "p4d": 512 << 30, "pgd": 256 << 40}
crossed, ctrl = {}, 0
for p in pts:
    pid, par, v, m = p["id"], p["params"], p["validity"], p["metrics"]
    assert v["valid"], "%s invalid: %s" % (pid, v["reason"])
    c = {k["name"]: k for k in v["checks"]}
    notes = " ".join(v["notes"])
    assert "levels live %d (" % (5 if la57 else 4) in notes, (pid, notes)
    reps = p["harness"]["repetitions"]
    assert len(m["pages_checked"]["samples"]) == reps, pid
    # 16 pages a worker, every repetition
    per = 16 * int(par["threads"])
    assert all(x == per for x in m["pages_checked"]["samples"]), (pid, m["pages_checked"])
    if par.get("control") == "stale":
        assert "wrong_pages" not in m, pid
        assert m["control_wrong_pages"]["samples"] == m["pages_checked"]["samples"], (pid, m)
        assert c["control_wrong_pages"]["ok"], pid
        ctrl += 1
        continue
    assert "control_wrong_pages" not in m, pid
    assert sum(m["wrong_pages"]["samples"]) == 0 and c["wrong_pages"]["ok"], pid
    lvl = par.get("cross", "none")
    if lvl != "none":
        assert "cross=%s: the range straddles" % lvl in notes, (pid, notes)
        crossed.setdefault(lvl, set()).add(par["trigger"])
for lvl in ("pmd", "pud", "p4d"):
    assert crossed.get(lvl) and "vmsplice" in crossed[lvl] and "io_uring" in crossed[lvl], (lvl, crossed)
assert "odirect" in crossed["pud"] or any("odirect" in s for s in skipped), crossed
if la57:
    assert "pgd" in crossed, "5 live levels and no pgd crossing"
else:
    pg = [s for s in skipped if "cross=pgd" in s]
    assert pg and all("needs 5 live page-table levels" in skipped[s] and "la57 not set" in skipped[s]
                      for s in pg), pg
# O_DIRECT holds nothing past its call: its control is skipped with that reason
assert any("trigger=odirect" in s and "control=stale" in s and "holds no page" in why
           for s, why in skipped.items()), skipped
assert ctrl >= 3, "controls that ran: %d" % ctrl
# the cost across a boundary against within one PTE table, on the baseline point
base = [p for p in pts if p["params"]["trigger"] == "vmsplice" and "cross" not in p["params"]
        and p["params"]["mapping"] == "anon" and "control" not in p["params"]]
assert base and all("cross_pud_cost" in p["metrics"] for p in base), [p["id"] for p in base]
# one wrong page: the point fails compare's checks
bad = json.loads(json.dumps(d))
for p in bad["points"]:
    if p["params"].get("cross") == "pud" and p["params"]["trigger"] == "vmsplice" and "control" not in p["params"]:
        p["metrics"]["wrong_pages"]["samples"][-1] = 1
        p["validity"]["valid"] = False
        p["validity"]["reason"] = "1 of 48 pages read back through vmsplice were not the mapped ones"
        break
json.dump(bad, open(sys.argv[2], "w"))
print("crossed: %s; controls %d; skipped %d" % (
    ", ".join("%s(%s)" % (k, ",".join(sorted(v))) for k, v in sorted(crossed.items())), ctrl, len(skipped)))
PY
$PTB compare "$f" "$f" >"$d/same.txt" 2>&1 || fail "compare of a clean result with itself failed"
grep -q "^Failed checks: none" "$d/same.txt" || fail "clean result: $(grep -i 'failed checks' "$d/same.txt")"
rc=0; $PTB compare "$f" "$d/bad.json" >"$d/bad.txt" 2>&1 || rc=$?
grep -q "^Failed checks: none" "$d/bad.txt" && fail "a wrong page did not fail compare's checks"
grep -qi "wrong pages" "$d/bad.txt" || fail "compare does not name wrong pages: $(head -20 "$d/bad.txt")"
echo "compare with one wrong page: exit $rc, $(grep -i -m1 'failed checks' "$d/bad.txt")"
if [ -x build/ptbench-asan ]; then
	ASAN_OPTIONS=detect_leaks=1 build/ptbench-asan run -q --out "$d/asan" -d 0.05 -w 0 -r 1 \
		gup:trigger=vmsplice,odirect,pages_per_call=16,write=0,cross=pmd,p4d \
		gup:trigger=io_uring,vmsplice,pages_per_call=16,write=0,1,cross=pud,control=stale
	ASAN_OPTIONS=detect_leaks=1 build/ptbench-asan validate "$d"/asan/*.json
fi
