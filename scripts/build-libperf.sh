#!/bin/bash
# Build libperf (tools/lib/perf of a kernel tree) and the libapi it needs into
# OUTDIR/{lib,include}. libperf is not packaged by Debian.
#
# usage: scripts/build-libperf.sh OUTDIR [KSRC]
#   KSRC   a kernel source tree (what kernel developers have) or a
#          linux-source-*.tar.xz; when absent, the newest
#          /usr/src/linux-source-*.tar.xz (Debian's linux-source package) is
#          partially extracted. The tree used and its version are printed and
#          written to OUTDIR/SOURCE.
# Cross builds: set ARCH (the kernel's x86, arm64, powerpc, s390, or ptbench's
# x86_64, ppc64le, s390x, which are mapped) and CROSS_COMPILE (e.g.
# aarch64-linux-gnu-); "make ARCH=..." does (mk/cross.mk).
set -euo pipefail

out=${1:?usage: build-libperf.sh OUTDIR [KSRC]}
ksrc=${2:-}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# What libperf and libapi need of a tree (tools/lib whole: newer libapi uses
# more of it), and the top Makefile for the version.
parts="tools/lib tools/include tools/build tools/scripts tools/arch Makefile"

# The kernel version a tree's top Makefile names, e.g. 6.12.117.
tree_version()
{
	awk -F' *= *' '$1 == "VERSION" { v = $2 } $1 == "PATCHLEVEL" { p = $2 }
		$1 == "SUBLEVEL" { s = $2 } $1 == "EXTRAVERSION" { e = $2 }
		END { if (v != "") printf "%s.%s.%s%s\n", v, p, s, e }' "$1/Makefile" 2>/dev/null
}

extract_tarball()
{
	local tarball=$1 top members= p

	# Debian's tarballs hold one directory named as the file.
	top=$(basename "$tarball" .tar.xz)
	for p in $parts; do members="$members $top/$p"; done
	# shellcheck disable=SC2086
	tar -xJf "$tarball" -C "$ksrc" --strip-components=1 $members
}

if [ -z "$ksrc" ]; then
	ksrc=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1 || true)
	if [ -z "$ksrc" ]; then
		echo "build-libperf: no kernel tree: pass KSRC=/path/to/linux (a tree or a" \
		     "linux-source-*.tar.xz), or install Debian's linux-source package" >&2
		exit 1
	fi
fi
from=$(realpath "$ksrc")
rm -rf "$out/src"
mkdir -p "$out/src"
case $from in
*.tar.xz)
	kind=tarball
	echo "build-libperf: extracting tools/ from $from" >&2
	ksrc=$out/src
	extract_tarball "$from"
	;;
*)
	[ -d "$from/tools/lib/perf" ] || { echo "build-libperf: $from has no tools/lib/perf" >&2; exit 1; }
	kind=tree
	echo "build-libperf: copying tools/ from the tree $from" >&2
	# libperf builds in its source directory: work on a copy of the parts it needs.
	ksrc=$out/src
	for p in $parts; do
		[ -e "$from/$p" ] || continue
		mkdir -p "$ksrc/$(dirname "$p")"
		cp -a "$from/$p" "$ksrc/$p"
	done
	;;
esac
version=$(tree_version "$ksrc")
[ -n "$version" ] || version=unknown
echo "build-libperf: libperf of Linux $version ($kind $from)" >&2

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
# Provenance for "ptbench info" and result files (suite.libperf).
printf '%s\n' "kind=$kind" "path=$from" "version=$version" > "$out/SOURCE"
echo "build-libperf: installed into $out (Linux $version, $kind $from)" >&2
