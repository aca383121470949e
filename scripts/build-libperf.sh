#!/bin/bash
# Build libperf (tools/lib/perf of a kernel tree) and the libapi it needs into
# OUTDIR/{lib,include}. libperf is not packaged by Debian.
#
# usage: scripts/build-libperf.sh OUTDIR [KSRC]
#   KSRC   a kernel source tree (what kernel developers have); when absent, the
#          newest /usr/src/linux-source-*.tar.xz (Debian's linux-source package)
#          is partially extracted.
# Cross builds: set ARCH (the kernel's x86, arm64, powerpc, s390, or ptbench's
# x86_64, ppc64le, s390x, which are mapped) and CROSS_COMPILE (e.g.
# aarch64-linux-gnu-); "make ARCH=..." does (mk/cross.mk).
set -euo pipefail

out=${1:?usage: build-libperf.sh OUTDIR [KSRC]}
ksrc=${2:-}
mkdir -p "$out"
out=$(cd "$out" && pwd)

parts="tools/lib/perf tools/lib/api tools/lib/str_error_r.c tools/lib/zalloc.c
	tools/include tools/build tools/scripts tools/arch"

if [ -z "$ksrc" ]; then
	tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1 || true)
	if [ -z "$tarball" ]; then
		echo "build-libperf: no kernel tree: pass KSRC=/path/to/linux, or install Debian's linux-source package" >&2
		exit 1
	fi
	top=$(basename "$tarball" .tar.xz)
	ksrc=$out/src
	rm -rf "$ksrc"
	mkdir -p "$ksrc"
	echo "build-libperf: extracting tools/ from $tarball" >&2
	members=
	for p in $parts; do members="$members $top/$p"; done
	# shellcheck disable=SC2086
	tar -xJf "$tarball" -C "$ksrc" --strip-components=1 $members
else
	# libperf builds in its source directory: work on a copy of the parts it needs.
	src=$ksrc
	ksrc=$out/src
	rm -rf "$ksrc"
	mkdir -p "$ksrc"
	for p in $parts; do
		mkdir -p "$ksrc/$(dirname "$p")"
		cp -a "$src/$p" "$ksrc/$p"
	done
fi

# ptbench's arch names to the kernel's SRCARCH, which tools/ Makefiles expect.
case ${ARCH:-} in
x86_64|amd64) ARCH=x86 ;;
aarch64) ARCH=arm64 ;;
ppc64le|ppc64el|powerpc64le|ppc64) ARCH=powerpc ;;
s390x) ARCH=s390 ;;
esac
# A native build needs no ARCH (and ARCH=x86 with an x86 host is the same).
[ -z "${CROSS_COMPILE:-}" ] && unset ARCH

mk=(make -s -C "$ksrc/tools/lib/perf" -j"$(nproc)" prefix="$out" libdir_relative=lib)
[ -n "${ARCH:-}" ] && mk+=(ARCH="$ARCH")
[ -n "${CROSS_COMPILE:-}" ] && mk+=(CROSS_COMPILE="$CROSS_COMPILE")
# Plain "make install" also builds the man pages (asciidoc): use the parts.
"${mk[@]}" libs >&2
"${mk[@]}" install_lib install_headers install_pkgconfig >&2
# libperf.a does not contain libapi's objects, which it calls.
cp "$ksrc/tools/lib/api/libapi.a" "$out/lib/"
echo "build-libperf: installed into $out" >&2
