# A guest that halts instead of powering off (as a kernel without ACPI or
# another power-off path does) ends its boot when the guest is done, not at
# the deadline: ptbench_halt=1 makes the guest's /init call
# reboot(RB_HALT_SYSTEM); ptbench vm must see the guest's exit line, stop
# QEMU after its grace period and record ended: guest-exit. Boot time is
# printed (TCG: not a performance figure).
. tests/lib.sh
. tests/vm-lib.sh
arch=${PTBENCH_VM_HALT_ARCH:-arm64}
need_tools cpio readelf make "$(qemu_for "$arch")" "$(gcc_for "$arch")"
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
build_guest "$arch"
img=$(kernel_for "$arch" 6.1)
cat > "$d/tiny.json" <<'JSON'
{ "name": "halt", "defaults": { "duration": 0.1, "warmup": 0, "repetitions": 2, "threads": [1] },
  "points": [ { "workload": "ptl", "params": { "level": "pte", "op": "fault", "pages": 8 } } ] }
JSON
timeout=400
rc=0
$PTB vm --arch "$arch" --kernel "halt=$img" --config "$d/tiny.json" --append ptbench_halt=1 \
	--out "$d/out" --timeout $timeout --no-compare --accel tcg || rc=$?
[ "$rc" -eq 0 ] || fail "ptbench vm exited $rc"
grep -aq "System halted" "$d/out/halt.console.log" || fail "the guest did not halt: $(tail -n 5 "$d/out/halt.console.log")"
python3 - "$d/out/vm.json" $timeout <<'PY'
import json, sys
k = json.load(open(sys.argv[1]))["kernels"][0]
assert k["status"] == "ok", k
assert k["ended"] == "guest-exit", k
print(f"ok: halted guest ended at guest-exit after {k['seconds']:.1f} s (deadline {sys.argv[2]} s)")
PY
