# The GUP-fast correctness check in guests, on every arch and layout
# (configs/vm-cross.json): x86_64 with 5 levels (QEMU -cpu max has LA57; the
# bzImage, since only its decompressor turns 5-level paging on) and with
# no5lvl (P4D folded at run time); s390x 3 levels (the 2 GiB crossing of the
# 2020 bug, pud and p4d folded), then 4 (the 4 TiB crossing, p4d folded),
# then 5; arm64 (Debian 6.12) and ppc64le (6.1, 64K radix). Every crossing
# reads back 0 wrong pages through vmsplice, io_uring and O_DIRECT (the
# guest's scratch disk), every control reads every page wrong, and each
# point names the levels it found. Prints per arch and layout the levels,
# boundaries crossed, pages checked, wrong pages and the controls' count.
. tests/lib.sh
. tests/vm-lib.sh
need_tools cpio readelf make
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
# name arch series append cpu expect: live levels per cross level (none pmd pud p4d pgd, - skipped)
runs="x86-5lvl x86_64 6.1 - max 5,5,5,5,5
x86-no5lvl x86_64 6.1 no5lvl max 4,4,4,4,-
s390x s390x 6.1 - - 3,3,3,4,5
arm64 arm64 6.12 - - 4,4,4,4,-
ppc64le ppc64le 6.1 - - 4,4,4,4,-"
only=${PTBENCH_VM_CROSS:-}	# a subset of the names, for a quick look
while read -r name arch series append cpu expect; do
	[ -z "$only" ] || [[ " $only " == *" $name "* ]] || continue
	need_tools "$(qemu_for "$arch")" "$(gcc_for "$arch")"
	build_guest "$arch"
	# the compressed image where there is one: x86 turns 5-level paging on in its decompressor
	img=$(vmlinuz_for "$arch" "$series" || true)
	[ -n "$img" ] || img=$(kernel_for "$arch" "$series")
	set -- --arch "$arch" --kernel "$name=$img" -c configs/vm-cross.json --out "$d/$name" --timeout 500
	[ "$append" = - ] || set -- "$@" --append "$append"
	[ "$cpu" = - ] || set -- "$@" --cpu "$cpu"
	rc=0
	$PTB vm "$@" >"$d/$name.log" 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || fail "$name: ptbench vm exited $rc: $(tail -5 "$d/$name.log")"
	python3 - "$name" "$d/$name/$name.json" "$expect" <<'PY' || fail "$name: see above"
import json, sys
name, res, expect = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3].split(",")
want = dict(zip(("none", "pmd", "pud", "p4d", "pgd"), expect))
levels, crossed, checked, wrong, ctrl, ctrl_checked = {}, [], 0, 0, 0, 0
for p in res["points"]:
    pid, par, v, m = p["id"], p["params"], p["validity"], p["metrics"]
    assert v["valid"], "%s: %s invalid: %s" % (name, pid, v["reason"])
    lvl = par.get("cross", "none")
    notes = " ".join(v["notes"])
    live = want[lvl]
    assert live != "-", "%s: %s ran where it should have been skipped" % (name, pid)
    assert "levels live %s (" % live in notes, (name, pid, notes)
    levels.setdefault(lvl, live)
    if par.get("control") == "stale":
        assert m["control_wrong_pages"]["samples"] == m["pages_checked"]["samples"], (name, pid)
        ctrl += sum(m["control_wrong_pages"]["samples"])
        ctrl_checked += sum(m["pages_checked"]["samples"])
        continue
    assert sum(m["wrong_pages"]["samples"]) == 0, (name, pid, m["wrong_pages"])
    checked += sum(m["pages_checked"]["samples"])
    wrong += sum(m["wrong_pages"]["samples"])
    if lvl != "none":
        crossed.append("%s/%s" % (lvl, par["trigger"]))
# the boundaries of the 2020 bug, through the folded levels
if name == "s390x":
    folded = {p["params"].get("cross"): " ".join(p["validity"]["notes"]) for p in res["points"]}
    assert "the pud level folded at 3 live levels" in folded["pud"], folded["pud"]
    assert "the p4d level folded at 4 live levels" in folded["p4d"], folded["p4d"]
if name == "x86-no5lvl":
    assert "la57 not set" in " ".join(res["points"][0]["validity"]["notes"])
for lvl, live in want.items():
    if live == "-":
        sk = [s for s in res["skipped"] if "cross=%s" % lvl in s["id"]]
        assert sk and all("needs" in s["reason"] or "no %s level" % lvl in s["reason"] for s in sk), (name, lvl, sk)
    else:
        assert lvl == "none" or any(c.startswith(lvl + "/") for c in crossed), (name, lvl, crossed)
# the O_DIRECT reader ran, on the guest's scratch disk
assert any(c.endswith("/odirect") for c in crossed), (name, crossed, res["skipped"])
assert ctrl > 0 and ctrl == ctrl_checked
print("%-11s %-26s levels %-28s crossed %2d (%s) pages checked %4d wrong %d control %d/%d" % (
    name, res["system"]["kernel"]["release"],
    " ".join("%s:%s" % (k, v) for k, v in want.items()), len(crossed),
    ",".join(sorted(set(c.split("/")[0] for c in crossed))), checked, wrong, ctrl, ctrl_checked))
PY
done <<<"$runs"
echo "total $SECONDS s"
