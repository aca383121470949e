# A kernel whose answer is known (make test-minimal): Debian's linux-source-6.1
# for s390x, minimal, with the mm/gup.c half of d3f7b1bb2040 ("mm/gup: fix
# gup_fast with dynamic page table folding") reverted
# (tests/kernel-patches/). Under configs/vm-cross.json the GUP-fast walk
# that crosses the folded pud (2 GiB, 3 levels) or the folded p4d (4 TiB, 4
# levels) must be caught: the stray stack word reads as empty here, so the
# walk silently falls back to slow GUP (the data stays right: 0 wrong pages)
# and mmap_locks_per_call reads 1 a call, where the unpatched kernel reads 0
# (95-vm-cross.sh, Debian's 6.1). Crossings of a level that is not folded
# (pmd; pgd at 5 levels) stay GUP-fast. Prints the figures per crossing.
. tests/lib.sh
. tests/vm-lib.sh
need_tools cpio readelf make qemu-system-s390x s390x-linux-gnu-gcc flex bison patch
patch=tests/kernel-patches/6.1-revert-d3f7b1bb2040-gup-fast-folding.patch
img=$(scripts/build-minimal-kernel.sh 6.1 s390x "$patch") || fail "the s390x kernel did not build"
build_guest s390x
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
$PTB vm --arch s390x --kernel "bug61=$img" -c configs/vm-cross.json --out "$d" --timeout 600 \
	--no-compare >"$d/out" 2>&1 || { tail -20 "$d/out"; fail "ptbench vm failed"; }
python3 - "$d/bug61.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["system"]["kernel"]["config_source"] == "/proc/config.gz", r["system"]["kernel"]["config_source"]
seen = {}
for p in r["points"]:
    par, v, m = p["params"], p["validity"], p["metrics"]
    if par["trigger"] != "vmsplice":
        continue
    lvl = par.get("cross", "none") + ("/control" if par.get("control") else "")
    locks = m["mmap_locks_per_call"]["samples"]
    seen[lvl] = (v["valid"], locks, v["reason"])
    wrong = m.get("wrong_pages", {"samples": [0]})["samples"]
    assert sum(wrong) == 0, (p["id"], wrong)
    if par.get("cross") in ("pud", "p4d"):
        assert not v["valid"] and "GUP-fast fell back to slow GUP at the %s boundary" % par["cross"] in v["reason"], (p["id"], v["reason"])
        assert min(locks) >= 0.9, (p["id"], locks)
    else:
        assert v["valid"], (p["id"], v["reason"])
        assert max(locks) < 0.5, (p["id"], locks)
for k in ("none", "pmd", "pud", "p4d", "pgd", "pud/control"):
    assert k in seen, (k, sorted(seen))
levels = {p["params"].get("cross", "none"): [n for n in p["validity"]["notes"] if n.startswith("check:")][0].split("levels live ")[1][:1]
          for p in r["points"] if p["params"]["trigger"] == "vmsplice"}
assert levels["pud"] == "3" and levels["p4d"] == "4" and levels["pgd"] == "5", levels
for k in ("none", "pmd", "pud", "p4d", "pgd"):
    ok, locks, why = seen[k]
    print("%s: vmsplice cross=%-4s levels %s  mmap_lock/call %s  %s" % (
        r["system"]["kernel"]["release"], k, levels[k], " ".join("%.2f" % x for x in locks),
        "GUP-fast" if ok else "caught: fell back"))
PY
