# ptbench vm --ab on arm64 (Debian's 6.1 and 6.12, whose kernels have only
# kexec_load: kexec -l): a plan of 2+2 kexec boots in one guest, every boot
# the planned kernel, back to 6.1, compare with the boots as a level.
# The guest CPU is QEMU's max without FEAT_LPA2: with it, Debian's 6.12
# arm64 enables 52-bit VAs and its kexec_load oopses in
# trans_pgd_create_copy (docs/ab.md), so a 6.12 boot could not go on.
. tests/lib.sh
. tests/vm-lib.sh
need_tools cpio readelf make mke2fs qemu-system-aarch64 aarch64-linux-gnu-gcc
ab_guest_setup arm64
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
rc=0
$PTB vm --arch arm64 --cpu max,pauth-impdef=on,lpa2=off --ab 2 --kernel "A=$a" --kernel "B=$b" \
	--config tests/configs/vm-ab.json --out "$d/out" --timeout 600 >"$d/log" 2>&1 || rc=$?
cat "$d/log"
[ "$rc" -eq 0 ] || fail "vm --ab 2 (arm64) exited $rc"
python3 - "$d/out" <<'PY'
import glob, json, sys
out = sys.argv[1]
plan = json.load(open(out + "/plan.json"))
assert plan["phase"] == "done" and plan["syscall"] == "kexec_load", (plan["phase"], plan["syscall"])
want = {"A": "6.1.", "B": "6.12."}
for s in plan["slots"]:
    assert s["status"] == "done" and s["release"].startswith(want[s["kernel"]]), s
for k in want:
    ids = {json.load(open(f))["system"]["boot_id"] for f in glob.glob("%s/results/%s/*.json" % (out, k))}
    assert len(ids) == 2, (k, ids)
print("ok: arm64 plan", [s["kernel"] for s in plan["slots"]], "by kexec_load")
PY
grep -q "Boots are the top level of" "$d/out/compare.txt" || fail "compare does not take the boots as a level"
