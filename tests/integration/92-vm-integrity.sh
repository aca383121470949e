# Red when it must be: Debian's 6.1 and 6.12 amd64 kernels in QEMU with
# configs/vm-integrity.json. 6.1's block O_DIRECT still takes FOLL_GET
# references (block/bio.c: iov_iter_get_pages2; FOLL_PIN came with
# a7e689dd1c06, v6.5), so disturb=fork must lose writes there and the point
# must be invalid with the count; 6.12 must lose none, with checks counted
# and forks that overlapped reads in flight. vmsplice must leak nothing and
# io_uring (registered buffers, FOLL_PIN since v5.9) lose nothing on both.
# compare lists the invalid point. About 90 s here (two TCG boots of ~20 s
# plus the guest build when it is not there).
. tests/lib.sh
. tests/vm-lib.sh
need_tools cpio readelf make qemu-system-x86_64
build_guest x86_64
a=$(kernel_for x86_64 6.1)
b=$(kernel_for x86_64 6.12)
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
rc=0
$PTB vm --kernel old=$a --kernel new=$b --config configs/vm-integrity.json --out "$d/out" \
	--timeout 300 >"$d/vm.out" 2>"$d/vm.err" || rc=$?
cat "$d/vm.out"
[ "$rc" -eq 0 ] || { cat "$d/vm.err"; fail "ptbench vm exited $rc"; }
python3 - "$d/out/old.json" "$d/out/new.json" <<'PY'
import json, sys
def load(f):
    r = json.load(open(f))
    assert not r["skipped"], [(s["id"], s["reason"]) for s in r["skipped"]]
    return r["system"]["kernel"]["release"], {p["params"]["disturb"]: p for p in r["points"]}
def total(p, m):
    return sum(p["metrics"][m]["samples"])
def show(rel, name, p):
    m = p["metrics"]
    print("%-22s %-9s lost %4d of %4d checks, %4d overlaps, DIO p50 %6.0f us p99 %6.0f us%s" % (
        rel, name, total(p, "lost_writes"), total(p, "checks"), total(p, "overlaps"),
        m["dio_ns_p50"]["summary"]["median"] / 1e3, m["dio_ns_p99"]["summary"]["median"] / 1e3,
        ", leaked %d bytes" % total(p, "leaked_bytes") if "leaked_bytes" in m else ""))
old_rel, old = load(sys.argv[1])
new_rel, new = load(sys.argv[2])
assert old_rel.startswith("6.1.") and new_rel.startswith("6.12."), (old_rel, new_rel)
for rel, pts in ((old_rel, old), (new_rel, new)):
    for name in sorted(pts):
        p = pts[name]
        show(rel, name, p)
        assert "block device /dev/vd" in " ".join(p["validity"]["notes"]), p["validity"]["notes"]
        assert total(p, "checks") > 0, (rel, name)
f = old["fork"]
assert total(f, "lost_writes") > 0, "6.1 pins O_DIRECT with FOLL_GET: disturb=fork must lose writes"
assert not f["validity"]["valid"], f["validity"]
assert "%d of %d O_DIRECT reads" % (total(f, "lost_writes"), total(f, "checks")) in f["validity"]["reason"], \
    f["validity"]["reason"]
for name, p in new.items():
    assert p["validity"]["valid"], (new_rel, name, p["validity"]["reason"])
    assert total(p, "lost_writes") == 0, (new_rel, name)
assert total(new["fork"], "overlaps") > 0
for pts in (old, new):
    assert total(pts["vmsplice"], "leaked_bytes") == 0
    assert total(pts["io_uring"], "lost_writes") == 0
print("red on %s, green on %s" % (old_rel, new_rel))
PY
if $PTB compare --help >/dev/null 2>&1; then
	grep -q "disturb=fork.*" "$d/out/compare.txt" || fail "compare.txt does not list the fork point"
	grep -A2 "disturb=fork" "$d/out/compare.txt" | grep -q "O_DIRECT" ||
		fail "compare.txt does not say why the fork point is invalid"
fi
