#!/bin/bash
# Build the kind of kernel a developer boots in QEMU: tinyconfig plus what
# ptbench needs (docs/vm.md lists each option and what is lost without it),
# built in, no modules, no cgroups, no NUMA, IKCONFIG_PROC=y, and print the
# path of its bzImage. Cached by source, arch, options and patches: a second
# call prints the cached image at once.
#
# usage: scripts/build-minimal-kernel.sh [SERIES [ARCH [PATCH...]]]
#   SERIES default 6.12; ARCH x86_64 (default) or s390x (cross-built with
#   s390x-linux-gnu-gcc); each PATCH is applied with patch -p1 before the
#   build: a kernel with a known bug put back (tests/kernel-patches/).
#   MINIMAL_KERNEL_OPTIONS="NAME NAME=VALUE ..." adds options (enabled, or
#   set to the value) for a kernel that needs more than the minimal one.
# The source is Debian's /usr/src/linux-source-SERIES.tar.xz. Cache:
# $PTBENCH_CACHE/minimal-kernel (default ~/.cache/ptbench). Needs flex,
# bison, bc and libelf-dev (make test-minimal installs them).
set -euo pipefail

series=${1:-6.12}
arch=${2:-x86_64}
shift $(( $# > 2 ? 2 : $# ))
patches=("$@")
tarball=/usr/src/linux-source-$series.tar.xz
cache=${PTBENCH_CACHE:-$HOME/.cache/ptbench}/minimal-kernel

# What ptbench needs, on top of tinyconfig. Keep docs/vm.md's table in step.
# ACPI: QEMU pc describes the vCPUs in its MADT; SeaBIOS's MP table listed only the
# boot CPU here, so X86_MPPARSE alone brought up 1 of 2.
options="64BIT SMP ACPI X86_MPPARSE PRINTK TTY SERIAL_8250 SERIAL_8250_CONSOLE BLK_DEV_INITRD
	BINFMT_ELF BINFMT_SCRIPT PROC_FS PROC_SYSCTL PROC_PAGE_MONITOR SYSFS DEVTMPFS TMPFS
	MULTIUSER FUTEX EPOLL EVENTFD TIMERFD SIGNALFD SHMEM FILE_LOCKING ADVISE_SYSCALLS
	POSIX_TIMERS HIGH_RES_TIMERS PERF_EVENTS IO_URING CROSS_MEMORY_ATTACH
	TRANSPARENT_HUGEPAGE COMPACTION MIGRATION HUGETLBFS HUGETLB_PAGE
	FTRACE ENABLE_DEFAULT_TRACERS DEBUG_FS GUP_TEST IKCONFIG IKCONFIG_PROC
	BLOCK PCI VIRTIO_MENU VIRTIO_PCI VIRTIO_BLK BLK_DEV BLK_DEV_LOOP FUSE_FS"
case $arch in
x86_64)
	karch=x86_64 cross= image=arch/x86/boot/bzImage ;;
s390x)
	# QEMU s390-ccw-virtio: the SCLP consoles (ttysclp0), virtio over CCW. No EDAT
	# under TCG, so THP and hugetlb are built but not usable (ptbench says so).
	karch=s390 cross=s390x-linux-gnu- image=arch/s390/boot/bzImage
	options="SMP PRINTK TTY SCLP_TTY SCLP_CONSOLE SCLP_VT220_TTY SCLP_VT220_CONSOLE
	BLK_DEV_INITRD BINFMT_ELF BINFMT_SCRIPT PROC_FS PROC_SYSCTL PROC_PAGE_MONITOR SYSFS
	DEVTMPFS TMPFS MULTIUSER FUTEX EPOLL EVENTFD TIMERFD SIGNALFD SHMEM FILE_LOCKING
	ADVISE_SYSCALLS POSIX_TIMERS HIGH_RES_TIMERS PERF_EVENTS IO_URING CROSS_MEMORY_ATTACH
	TRANSPARENT_HUGEPAGE FTRACE ENABLE_DEFAULT_TRACERS DEBUG_FS IKCONFIG IKCONFIG_PROC
	BLOCK S390_GUEST VIRTIO_MENU BLK_DEV VIRTIO_BLK"
	command -v ${cross}gcc >/dev/null || { echo "build-minimal-kernel: no ${cross}gcc" >&2; exit 1; } ;;
*)
	echo "build-minimal-kernel: arch $arch: x86_64 or s390x" >&2; exit 1 ;;
esac
for p in "${patches[@]}"; do
	[ -f "$p" ] || { echo "build-minimal-kernel: no patch $p" >&2; exit 1; }
done
extra=${MINIMAL_KERNEL_OPTIONS:-}

[ -f "$tarball" ] || { echo "build-minimal-kernel: no $tarball (apt-get install linux-source-$series)" >&2; exit 1; }
for t in make gcc flex bison bc; do
	command -v $t >/dev/null || { echo "build-minimal-kernel: no $t" >&2; exit 1; }
done
# The cache key: the source, the options, and this recipe's version (bump it when
# the way the kernel is made changes).
recipe=1
key=$( { stat -c '%s %Y' "$tarball"; echo "$arch $options"; echo "$recipe";
	 [ -z "$extra" ] || echo "$extra";
	 for p in "${patches[@]}"; do cat "$p"; done; } | sha1sum | cut -c1-12)
dir=$cache/$series-$key
[ "$arch" = x86_64 ] || dir=$cache/$series-$arch-$key
if [ -f "$dir/.complete" ]; then
	echo "$dir/bzImage"
	exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"
echo "build-minimal-kernel: extracting $tarball into $dir" >&2
tar -xJf "$tarball" -C "$dir"
src=$(ls -d "$dir"/linux-source-*/ | head -n 1)
for p in "${patches[@]}"; do
	echo "build-minimal-kernel: applying $p" >&2
	patch -d "$src" -p1 --no-backup-if-mismatch <"$p" >&2
done
cd "$src"
make -s ARCH=$karch CROSS_COMPILE=$cross tinyconfig >&2
# shellcheck disable=SC2086
scripts/config $(for o in $options; do printf -- '--enable %s ' "$o"; done) --disable MODULES \
	--disable CGROUPS --disable NUMA
# shellcheck disable=SC2086
[ -z "$extra" ] || scripts/config $(for o in $extra; do
	case $o in *=*) printf -- '--set-val %s %s ' "${o%%=*}" "${o#*=}" ;; *) printf -- '--enable %s ' "$o" ;; esac
done)
make -s ARCH=$karch CROSS_COMPILE=$cross olddefconfig >&2
# Every option must have survived olddefconfig (a dependency it lacks drops it silently).
missing=
for o in $options $extra; do
	case $o in *=*) want="CONFIG_$o" ;; *) want="CONFIG_$o=y" ;; esac
	grep -q "^$want\$" .config || missing="$missing $o"
done
[ -z "$missing" ] || { echo "build-minimal-kernel: not in the config after olddefconfig:$missing" >&2; exit 1; }
echo "build-minimal-kernel: building (about 9 minutes on 2 CPUs)" >&2
make -s ARCH=$karch CROSS_COMPILE=$cross -j"$(nproc)" bzImage >&2
cp "$image" "$dir/bzImage"
cp .config "$dir/config"
cd "$dir"
rm -rf "$src"
touch "$dir/.complete"
echo "build-minimal-kernel: $dir/bzImage (config: $dir/config)" >&2
echo "$dir/bzImage"
