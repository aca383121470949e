# ptbench ab start refuses, with its reason, exit 3, and nothing changed
# (no state directory, no unit), when: not root, one kernel only, the
# config does not load, an image is missing, an image is for another arch,
# an initrd is missing, a plan is already there, and, on a kernel without
# kexec (this development VM's), that. Bad usage exits 2. Nothing here can
# kexec: every case is refused before a kernel is loaded, and the unit
# directory is a scratch one (PTBENCH_AB_UNIT_DIR).
. tests/lib.sh
. tests/vm-lib.sh
need_root
a=$(kernel_for x86_64 6.1)
arm=$(kernel_for arm64 6.1)
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
export PTBENCH_AB_UNIT_DIR="$d/units"
mkdir -p "$d/units"
chmod 755 "$d"
here=$(uname -m)
[ "$here" = x86_64 ] || { other=$a; a=$arm; arm=$other; }
echo '{' >"$d/bad.json"

refused() {	# WHY-REGEX ARGS...: exit 3, the reason said, nothing written
	local want=$1 rc=0
	shift
	$PTB ab start --state "$d/plan" "$@" >"$d/out" 2>&1 || rc=$?
	[ "$rc" -eq 3 ] || fail "ab start $* exited $rc, not 3: $(cat "$d/out")"
	grep -q "refused, nothing changed: .*$want" "$d/out" ||
		fail "ab start $*: no '$want' in: $(cat "$d/out")"
	[ ! -e "$d/plan" ] || fail "ab start $* wrote $d/plan"
	[ -z "$(ls -A "$d/units")" ] || fail "ab start $* wrote a unit: $(ls -R "$d/units")"
	echo "ok: refused ($want)"
}

refused "wants two kernels" --home "$a" --kernel "A=$a"
refused "config $d/bad.json does not load" --home "$a" --kernel "A=$a" --kernel "B=$a" -c "$d/bad.json"
refused "kernel image /nonexistent" --home "$a" --kernel "A=$a" --kernel "B=/nonexistent"
refused "is an image for .*, this machine is" --home "$a" --kernel "A=$a" --kernel "B=$arm"
refused "initrd $d/none" --home "$a" --kernel "A=$a" --kernel "B=$a,initrd=$d/none"
refused "kernel image /boot/nothing" --home /boot/nothing --kernel "A=$a" --kernel "B=$a"
mkdir -p "$d/plan" && echo '{}' >"$d/plan/plan.json"
rc=0
$PTB ab start --state "$d/plan" --home "$a" --kernel "A=$a" --kernel "B=$a" >"$d/out" 2>&1 || rc=$?
[ "$rc" -eq 3 ] && grep -q "has a plan" "$d/out" || fail "a second plan in $d/plan: $rc $(cat "$d/out")"
[ "$(cat "$d/plan/plan.json")" = '{}' ] || fail "the plan there was changed"
rm -rf "$d/plan"
echo "ok: refused (a plan is there)"
touch "$d/units/ptbench-ab.service"
rc=0
$PTB ab start --state "$d/plan" --home "$a" --kernel "A=$a" --kernel "B=$a" >"$d/out" 2>&1 || rc=$?
[ "$rc" -eq 3 ] && grep -q "another plan is active" "$d/out" || fail "another unit: $rc $(cat "$d/out")"
rm -f "$d/units/ptbench-ab.service"
echo "ok: refused (another plan's unit)"
rc=0
$PTB ab start --on-fail maybe --kernel "A=$a" --kernel "B=$a" >"$d/out" 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "--on-fail maybe exited $rc"
rc=0
$PTB ab start --kernel "A" --kernel "B=$a" >"$d/out" 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "--kernel A (no image) exited $rc"
rc=0
$PTB ab frobnicate >"$d/out" 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "an unknown subcommand exited $rc"
echo "ok: bad usage exits 2"
# not root: kexec needs CAP_SYS_BOOT (checked first, before anything else)
if id nobody >/dev/null 2>&1; then
	rc=0
	runuser -u nobody -- env PTBENCH_AB_UNIT_DIR="$d/units" $PTB ab start --state "$d/plan" \
		--home "$a" --kernel "A=$a" --kernel "B=$a" >"$d/out" 2>&1 || rc=$?
	[ "$rc" -eq 3 ] && grep -q "not root" "$d/out" || fail "as nobody: $rc $(cat "$d/out")"
	[ ! -e "$d/plan" ] || fail "as nobody: wrote $d/plan"
	echo "ok: refused (not root)"
fi
# a kernel without kexec (CONFIG_KEXEC_CORE unset: no /sys/kernel/kexec_loaded);
# where the kernel has it, the next check would install kexec-tools: not here
if [ ! -e /sys/kernel/kexec_loaded ]; then
	refused "no kexec: kexec_file_load: not in this kernel" --home "$a" --kernel "A=$a" --kernel "B=$a" -n
else
	echo "note: this kernel has kexec: the no-kexec refusal is not checked here"
fi
