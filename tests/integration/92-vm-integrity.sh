# Red when it must be: Debian's 6.1 and 6.12 amd64 kernels in QEMU with
# configs/vm-integrity.json, in guests with cgroup v2 only (what users'
# hosts have). 6.1's block O_DIRECT still takes FOLL_GET references
# (block/bio.c: iov_iter_get_pages2; FOLL_PIN came with a7e689dd1c06,
# v6.5), so disturb=fork must lose writes there and the point must be
# invalid with the count; 6.12 must lose none, with checks counted and
# forks that overlapped reads in flight. The reads come from ptbench's hold
# device (loop over a FUSE file it serves, each read answered 10 ms late):
# then nearly every fork overlaps a read. vmsplice must leak nothing and
# io_uring (registered buffers, FOLL_PIN since v5.9) lose nothing on both.
# compare lists the invalid point.
#
# The control that the hold sits before the copy: 6.1 again with the reads
# from null_blk (memory_backed, completion delayed 10 ms), which copies at
# submission and only then waits: forks overlap its reads as often, and no
# write may be lost. About 100 s here (three TCG boots plus the guest build
# when it is not there).
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
    print("%-20s %-8s lost %4d of %4d checks, %5d of %5d disturbances overlapped, DIO p50 %5.0f us p99 %5.0f us%s" % (
        rel, name, total(p, "lost_writes"), total(p, "checks"), total(p, "overlaps"), total(p, "disturbances"),
        m["dio_ns_p50"]["summary"]["median"] / 1e3, m["dio_ns_p99"]["summary"]["median"] / 1e3,
        ", leaked %d bytes" % total(p, "leaked_bytes") if "leaked_bytes" in m else ""))
old_rel, old = load(sys.argv[1])
new_rel, new = load(sys.argv[2])
assert old_rel.startswith("6.1.") and new_rel.startswith("6.12."), (old_rel, new_rel)
for rel, pts in ((old_rel, old), (new_rel, new)):
    for name in sorted(pts):
        p = pts[name]
        show(rel, name, p)
        assert "pattern source: ptbench's hold device /dev/loop" in " ".join(p["validity"]["notes"]), \
            p["validity"]["notes"]
        assert total(p, "checks") > 0, (rel, name)
f = old["fork"]
assert total(f, "lost_writes") > 0, "6.1 pins O_DIRECT with FOLL_GET: disturb=fork must lose writes"
assert not f["validity"]["valid"], f["validity"]
assert "%d of %d O_DIRECT reads" % (total(f, "lost_writes"), total(f, "checks")) in f["validity"]["reason"], \
    f["validity"]["reason"]
for name, p in new.items():
    assert p["validity"]["valid"], (new_rel, name, p["validity"]["reason"])
    assert total(p, "lost_writes") == 0, (new_rel, name)
for pts in (old, new):
    f = pts["fork"]
    assert total(f, "overlaps") >= 0.9 * total(f, "disturbances"), \
        "%d of %d forks overlapped a held read" % (total(f, "overlaps"), total(f, "disturbances"))
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

# The control: the same 6.1 kernel, reads from null_blk (copy at submission, completion 10 ms later).
$PTB vm --kernel old=$a --config tests/configs/vm-nullblk.json --module null_blk \
	--append "null_blk.memory_backed=1 null_blk.irqmode=2 null_blk.completion_nsec=10000000 PTBENCH_INTEGRITY_DEV=/dev/nullb0" \
	--out "$d/nb" --timeout 300 --no-compare >"$d/nb.out" 2>"$d/nb.err" || {
	cat "$d/nb.err"; fail "ptbench vm (null_blk control) failed"; }
python3 - "$d/nb/old.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert not r["skipped"], [(s["id"], s["reason"]) for s in r["skipped"]]
p = r["points"][0]
t = lambda m: sum(p["metrics"][m]["samples"])
notes = " ".join(p["validity"]["notes"])
assert "block device /dev/nullb0" in notes, notes
assert t("overlaps") >= 0.9 * t("disturbances"), (t("overlaps"), t("disturbances"))
assert t("lost_writes") == 0, "null_blk copies at submission: nothing can be lost (%d)" % t("lost_writes")
assert p["validity"]["valid"], p["validity"]
print("control, %s, null_blk: lost 0 of %d checks, %d of %d forks overlapped a read in flight" % (
    r["system"]["kernel"]["release"], t("checks"), t("overlaps"), t("disturbances")))
PY
