# ptbench vm --ab on x86_64 (Debian's 6.1 and 6.12): one guest runs a ptbench
# ab plan of 3+3 kexec boots (kexec -s: these kernels have kexec_file_load)
# and comes back to 6.1. Checked: every boot ran the kernel it planned, with
# its mark and panic=N on the command line; the order is balanced block by
# block; each kernel has 3 boots of 2 runs (boot ids); the compare takes the
# boots as a level. Then the failed-boot path (a kernel that panics at boot:
# rdinit=/nonexistent, so "No working init found"): the machine comes back on
# the first kernel as firmware would boot it, and the step records the boot as
# failed. Then abort on the second boot: back to the first kernel, the rest
# of the plan left planned, the plan marked aborted. Then a machine killed
# during a run (the plan's disk must survive it), and one that hangs (the
# host's watchdog). Then lockdown refusing
# the unsigned image at the trial load. Last the same guest code under
# ASan/UBSan (the sanitized build as the guest binary).
. tests/lib.sh
. tests/vm-lib.sh
need_tools cpio readelf make mke2fs qemu-system-x86_64
ab_guest_setup x86_64
d=$(tmpdir)
trap 'st=$?; [ "$st" -eq 0 ] || show_ends; rm -rf "$d"' EXIT
cfg=tests/configs/vm-ab.json
last=

run_ab() {	# OUT ARGS...: ptbench vm --ab, its exit status in $rc
	local out=$1
	shift
	rc=0
	last=$out
	$PTB vm --config $cfg --out "$d/$out" --timeout 300 "$@" >"$d/$out.log" 2>&1 || rc=$?
	cat "$d/$out.log"
}

# On a failure, the end of each machine boot of the last case (the files
# the guest sent left out): what its last kernel or step printed.
show_ends() {
	local c
	for c in "$d/$last"/ab-boot*.console.log; do
		[ -e "$c" ] || continue
		echo "--- the end of $c:"
		grep -v "^PTBENCH-\(DATA\|FILE\)" "$c" | tail -n 15 || true
	done
}

# A case whose planned boots must all run. A kernel that died under TCG
# (QEMU 7.2 kills x86_64 guests now and then: docs/vm.md, --tcg-retries)
# ends its machine boot with the crash on its console (or hangs, and the
# host's watchdog stops it), and the plan records that boot as failed, as
# a lab machine would. Such a case runs once more, its first run kept as
# OUT.crash and its crash printed; a failure without a crash or hang, or a
# second one, fails the test.
run_ab_whole() {
	local out=$1 died
	run_ab "$@"
	died=$(grep -h "ended without the plan's end: \|made no progress in" "$d/$out.log" | head -n 2 || true)
	[ -n "$died" ] && grep -q '"accel": "tcg"' "$d/$out/vm.json" 2>/dev/null || return 0
	echo "93-vm-ab: $out: a kernel died under TCG, run once more:"
	echo "$died"
	mv "$d/$out" "$d/$out.crash"
	mv "$d/$out.log" "$d/$out.crash.log"
	run_ab "$@"
}

run_ab_whole ab3 --ab 3 --kernel "A=$a" --kernel "B=$b"
[ "$rc" -eq 0 ] || fail "vm --ab 3 exited $rc"
python3 - "$d/ab3" <<'PY'
import glob, json, os, sys
out = sys.argv[1]
plan = json.load(open(out + "/plan.json"))
assert plan["schema"] == "ptbench-ab/1" and plan["phase"] == "done", plan["phase"]
assert plan["syscall"] == "kexec_file_load", plan["syscall"]
slots = plan["slots"]
assert len(slots) == 6 and all(s["status"] == "done" for s in slots), slots
for i in range(0, 6, 2):
    assert sorted(s["kernel"] for s in slots[i:i + 2]) == ["A", "B"], "block %d: %s" % (i, slots)
want = {"A": "6.1.", "B": "6.12."}
for s in slots:
    assert s["release"].startswith(want[s["kernel"]]), s
    assert len(s["results"]) == 2, s
boots = {}
for k in ("A", "B"):
    files = glob.glob("%s/results/%s/*.json" % (out, k))
    assert len(files) == 6, (k, files)
    for f in files:
        r = json.load(open(f))
        assert r["run"]["label"] == k
        assert r["system"]["kernel"]["release"].startswith(want[k])
        cl = r["system"]["kernel"]["cmdline"]
        assert "ptbench_ab=%s." % plan["id"] in cl and " panic=10" in cl, cl
        boots.setdefault(k, {}).setdefault(r["system"]["boot_id"], 0)
        boots[k][r["system"]["boot_id"]] += 1
for k in boots:
    assert sorted(boots[k].values()) == [2, 2, 2], (k, boots[k])
assert os.path.getsize(out + "/guest-compare.json") > 0
print("ok: 6 boots as planned, blocks", [s["kernel"] for s in slots], "3 boots x 2 runs a kernel")
PY
grep -q "Boots are the top level of" "$d/ab3/compare.txt" || fail "compare does not take the boots as a level"
[ -s "$d/ab3/report/index.html" ] || fail "no report"
grep -q "kexec back into the first kernel" "$d/ab3/ab-boot1.console.log" || fail "no way home"

run_ab abf --ab 1 --kernel "A=$a" --kernel "Bad=$b,append=rdinit=/nonexistent"
[ "$rc" -eq 1 ] || fail "a kernel without a result: vm --ab exited $rc, not 1"
grep -q "Kernel panic" "$d/abf/ab-boot1.console.log" || fail "Bad did not panic"
[ -s "$d/abf/ab-boot2.console.log" ] || fail "no second machine boot after the panic"
python3 - "$d/abf" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1] + "/plan.json"))
st = {s["kernel"]: s for s in plan["slots"]}
assert plan["phase"] == "done", plan["phase"]
assert st["Bad"]["status"] == "failed" and "did not come up" in st["Bad"]["reason"], st["Bad"]
assert "came back through firmware (panic=10" in st["Bad"]["reason"], st["Bad"]
assert st["A"]["status"] == "done" and len(st["A"]["results"]) == 2, st["A"]
print("ok: failed boot:", st["Bad"]["reason"][:100])
PY

run_ab_whole aba --ab 2 --kernel "A=$a" --kernel "B=$b" --append ptbench_ab_abort_at=2
python3 - "$d/aba" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1] + "/plan.json"))
s = plan["slots"]
assert plan["phase"] == "aborted" and "aborted by ptbench ab abort" in plan["note"], plan
assert s[0]["status"] == "done", s[0]
assert s[1]["status"] == "skipped" and "aborted" in s[1]["reason"], s[1]
assert [x["status"] for x in s[2:]] == ["planned", "planned"], s
print("ok: aborted on boot 2:", plan["note"])
PY
grep -q "aborted: kexec back into the first kernel" "$d/aba/ab-boot1.console.log" ||
	fail "abort did not go back to the first kernel"

# A kernel that dies during its run, the state disk mounted: QEMU is killed
# (SIGKILL: no sync, no unmount) once boot 1's config has started. The next
# machine boot must find the plan's disk whole (its journal), record boot 1
# as died during its run, and go on.
$PTB vm --config $cfg --out "$d/kill" --timeout 300 --ab 1 --kernel "A=$a" --kernel "B=$b" \
	>"$d/kill.log" 2>&1 &
vm=$!
for i in $(seq 1 150); do
	grep -q "ptbench ab: boot 1: " "$d/kill/ab-boot1.console.log" 2>/dev/null && break
	sleep 1
done
sleep 2
pkill -9 -f "qemu-system-x86_64.*$d/kill/" || fail "no QEMU of the kill case to kill"
wait $vm || true
cat "$d/kill.log"
! grep -q "EXT4-fs error" "$d"/kill/ab-boot*.console.log || fail "the plan's disk was damaged by the crash"
python3 - "$d/kill" <<'PY'
import json, sys
s = json.load(open(sys.argv[1] + "/plan.json"))["slots"]
assert s[0]["status"] == "failed" and "died during its run" in s[0]["reason"], s[0]
assert s[1]["status"] == "done", s[1]
print("ok: killed during boot 1's run: recorded as died during its run, boot 2 done")
PY

# A kernel that hangs (ptbench_ab_hang_at=2: the guest's /init waits
# forever instead of running its step): after --timeout without a plan
# line the host stops the machine and boots it again, as a lab machine's
# watchdog would; the plan records the boot as failed and ends at home.
run_ab hang --ab 1 --kernel "A=$a" --kernel "B=$b" --append ptbench_ab_hang_at=2 --timeout 120
[ "$rc" -eq 1 ] || fail "a kernel without a result: vm --ab exited $rc, not 1"
grep -q "machine boot 1 made no progress in 120 s (a hung kernel)" "$d/hang.log" ||
	fail "no watchdog stop of the hung machine"
grep -q "ptbench-guest: ab: hanging here" "$d/hang/ab-boot1.console.log" || fail "boot 2 did not hang"
python3 - "$d/hang" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1] + "/plan.json"))
s = plan["slots"]
assert plan["phase"] == "done", plan["phase"]
assert s[0]["status"] == "done", s[0]
assert s[1]["status"] == "failed" and "did not come up" in s[1]["reason"], s[1]
print("ok: hung on boot 2: stopped by the watchdog, recorded:", s[1]["reason"][:60])
PY

# Lockdown: with lockdown=integrity, kexec_file_load takes only a signed
# image and Debian's -unsigned vmlinuz is not: the trial load fails and the
# plan is refused before anything is written (no plan on its disk).
run_ab lock --ab 1 --kernel "A=$a" --kernel "B=$b" --append lockdown=integrity
[ "$rc" -eq 1 ] || fail "a refused plan: vm --ab exited $rc, not 1"
grep -q "refused, nothing changed: .*the trial load failed" "$d/lock/ab-boot1.console.log" ||
	fail "lockdown: no refusal on the console"
grep -q "ptbench-guest: ab: exit 3," "$d/lock/ab-boot1.console.log" || fail "lockdown: start did not exit 3"
[ ! -e "$d/lock/plan.json" ] || fail "lockdown: a plan was written"
echo "ok: lockdown=integrity: refused at the trial load, nothing written"

# The guest-side code (start, step, abort, the /init of a --ab guest) under
# ASan and UBSan: the sanitized build as the guest binary, aborted on boot 2.
make -s --no-print-directory ARCH=x86_64 guest-asan >/dev/null 2>&1 || fail "make ARCH=x86_64 guest-asan"
run_ab_whole asan --guest-bin build/x86_64/asan-guest/ptbench --kexec-root build/x86_64/guest-kexec \
	--ab 1 --kernel "A=$a" --kernel "B=$b" --append ptbench_ab_abort_at=2
python3 - "$d/asan" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1] + "/plan.json"))
assert plan["phase"] == "aborted" and plan["slots"][0]["status"] == "done", plan
print("ok: under ASan: started, stepped, aborted, finished at home")
PY
if grep -lE "AddressSanitizer|LeakSanitizer|runtime error:" "$d"/asan/*.console.log; then
	fail "a sanitizer report in the --ab guest"
fi
grep -q "ptbench-guest: ab: ptbench ab abort" "$d/asan/ab-boot1.console.log" || fail "abort did not run under ASan"
