#!/bin/bash
# Install what ptbench needs and is missing. Debian/Ubuntu: apt-get (as root).
# Elsewhere: print the package names for dnf/zypper and stop.
#
# Needed to build and run: a C compiler, make, pkg-config, jansson, hwloc, zlib,
# libyaml (LAVA job definitions and logs: ptbench lava),
# libfuse3 (integrity's hold device),
# gnuplot (plots), cmocka (tests), and a kernel source tree for libperf
# (KSRC=, else Debian's linux-source tarball). python3 checks result files in the tests.
# lavacli: "ptbench lava collect --job" reads the jobs of a LAVA server (docs/lab.md).
# Cross builds and "ptbench vm" (make ARCH=..., the VM tests): the Debian cross
# toolchains with their libc, QEMU for the four arches, cpio, binutils (readelf),
# kmod (depmod: modules.dep of the guest kernels' modules, which Debian makes at install),
# e2fsprogs (mke2fs: the plan's disk of ptbench vm --ab).
# Arguments add optional "command:package" needs, e.g. "clang:clang" for make fuzz,
# "chromium:chromium" for make test (the report is loaded in a headless browser),
# or "/path:package" (installed when the path is missing): make test builds
# against both Debian kernel tarballs ("/usr/src/linux-source-6.1.tar.xz:linux-source-6.1").
set -euo pipefail

# pkg-config module or command -> Debian package
need_pc="jansson:libjansson-dev hwloc:libhwloc-dev zlib:zlib1g-dev fuse3:libfuse3-dev yaml-0.1:libyaml-dev cmocka:libcmocka-dev"
need_cmd="cc:gcc make:make pkg-config:pkg-config gnuplot:gnuplot-nox xz:xz-utils gzip:gzip python3:python3
	lavacli:lavacli"
need_file=
for e in "$@"; do
	case $e in
	/*) need_file="$need_file $e" ;;
	*) need_cmd="$need_cmd $e" ;;
	esac
done
# cross builds and ptbench vm (issue 6)
need_cmd="$need_cmd aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu powerpc64le-linux-gnu-gcc:gcc-powerpc64le-linux-gnu
	s390x-linux-gnu-gcc:gcc-s390x-linux-gnu readelf:binutils cpio:cpio depmod:kmod mke2fs:e2fsprogs
	qemu-system-x86_64:qemu-system-x86 qemu-system-aarch64:qemu-system-arm
	qemu-system-ppc64:qemu-system-ppc qemu-system-s390x:qemu-system-misc"
# file -> Debian package (the cross libc is only a Recommends of the compilers)
need_file="$need_file /usr/aarch64-linux-gnu/lib/crt1.o:libc6-dev-arm64-cross
	/usr/powerpc64le-linux-gnu/lib/crt1.o:libc6-dev-ppc64el-cross
	/usr/s390x-linux-gnu/lib/crt1.o:libc6-dev-s390x-cross"

missing=()
for e in $need_cmd; do
	command -v "${e%%:*}" >/dev/null 2>&1 || missing+=("${e#*:}")
done
for e in $need_file; do
	[ -e "${e%%:*}" ] || missing+=("${e#*:}")
done
for e in $need_pc; do
	if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "${e%%:*}"; then
		missing+=("${e#*:}")
	fi
done
# libperf is built from a kernel tree; without KSRC we need Debian's tarball.
if [ -z "${KSRC:-}" ] && ! ls /usr/src/linux-source-*.tar.xz >/dev/null 2>&1 &&
   [ ! -f "${LIBPERF:-build/libperf}/lib/libperf.a" ]; then
	missing+=(linux-source)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: missing: ${missing[*]} (Debian names)" >&2
	echo "deps: on Fedora: dnf install gcc make pkgconf jansson-devel hwloc-devel zlib-devel fuse3-devel libcmocka-devel gnuplot xz kernel-devel" >&2
	echo "deps: on openSUSE: zypper install gcc make pkgconf libjansson-devel hwloc-devel zlib-devel fuse3-devel libcmocka-devel gnuplot xz kernel-source" >&2
	echo "deps: libperf is built from KSRC=/path/to/linux on those systems" >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing: ${missing[*]}; run as root, or: sudo apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet; the install tells us.
if ! apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
	apt-get update >&2
	apt-get install -y --no-install-recommends "${missing[@]}" >&2
fi
