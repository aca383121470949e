# Shared by the VM integration tests (sourced after tests/lib.sh): skip with
# the reason when a tool is missing, build the guest for an arch, fetch a
# Debian kernel (cached in $PTBENCH_CACHE, default ~/.cache/ptbench).
need_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || skip "no $t (make deps installs it)"
	done
}

qemu_for() {
	case $1 in
	x86_64) echo qemu-system-x86_64 ;;
	arm64) echo qemu-system-aarch64 ;;
	ppc64le) echo qemu-system-ppc64 ;;
	s390x) echo qemu-system-s390x ;;
	esac
}

gcc_for() {
	case $1 in
	x86_64) echo gcc ;;
	arm64) echo aarch64-linux-gnu-gcc ;;
	ppc64le) echo powerpc64le-linux-gnu-gcc ;;
	s390x) echo s390x-linux-gnu-gcc ;;
	esac
}

# Build build/ARCH/ptbench and its guest-root; skip if the sysroot cannot be
# fetched (no package registry), fail if the build itself breaks.
build_guest() {
	local log
	log=$(mktemp)
	if ! make -s --no-print-directory ARCH="$1" >"$log" 2>&1; then
		if grep -q "mk-sysroot.sh .* failed" "$log"; then
			tail -n 5 "$log"
			rm -f "$log"
			skip "cannot fetch the $1 sysroot packages (package registry unreachable?)"
		fi
		cat "$log"
		rm -f "$log"
		fail "make ARCH=$1 failed"
	fi
	rm -f "$log"
}

# Print the cached image path of Debian's SERIES kernel for ARCH, or skip.
kernel_for() {
	local img rc=0
	img=$(scripts/fetch-kernel.sh "$1" "${2:-6.1}" 2>/dev/null) || rc=$?
	[ "$rc" -eq 77 ] && skip "no Debian ${2:-6.1} kernel for $1 (package registry unreachable?)"
	[ "$rc" -eq 0 ] || fail "scripts/fetch-kernel.sh $1 ${2:-6.1} failed ($rc)"
	echo "$img"
}

# Print the compressed image (vmlinuz) of Debian's SERIES kernel for ARCH, as
# a boot loader or kexec takes it (kernel_for may give the ELF vmlinux).
vmlinuz_for() {
	local img dir
	img=$(kernel_for "$1" "${2:-6.1}")
	case $img in
	*/boot/*) dir=${img%%/boot/*} ;;
	*) dir=$(dirname "$img") ;;
	esac
	ls "$dir"/boot/vmlinuz-* 2>/dev/null | head -n 1
}

# A ptbench vm --ab test's setup for ARCH: the guest build, Debian's
# kexec-tools for it, and Debian's 6.1 and 6.12 vmlinuz in $a and $b.
ab_guest_setup() {
	build_guest "$1"
	make -s --no-print-directory ARCH="$1" guest-kexec >/dev/null 2>&1 ||
		skip "cannot fetch Debian's kexec-tools for $1 (package registry unreachable?)"
	a=$(vmlinuz_for "$1" 6.1)
	b=$(vmlinuz_for "$1" 6.12)
	[ -f "$a" ] && [ -f "$b" ] || skip "no Debian $1 vmlinuz beside the cached kernels"
}
