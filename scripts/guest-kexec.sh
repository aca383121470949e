#!/bin/bash
# Debian's kexec-tools for a guest: the kexec binary of ARCH with its loader
# and every library it needs, in OUTDIR/sbin/kexec and OUTDIR/lib/TRIPLET,
# for "ptbench vm --ab" to pack into the initramfs. The packages come with
# a private apt state (foreign-apt.sh: the host's dpkg is never told about
# another arch) and are unpacked with dpkg-deb -x; nothing is installed.
# Debian's kexec is linked against libxenctrl (amd64 and arm64 alike), so
# the Xen libraries and theirs come along (../shared/recipes/kexec.md).
#
# usage: scripts/guest-kexec.sh ARCH OUTDIR
# Exit status: 0 done (OUTDIR/.complete), 1 failure, 77 the package
# registry cannot be reached (tests skip on that).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
arch=${1:?usage: guest-kexec.sh ARCH OUTDIR}
out=${2:?usage: guest-kexec.sh ARCH OUTDIR}
case $arch in
x86_64|amd64) debarch=amd64 triplet=x86_64-linux-gnu ;;
arm64|aarch64) debarch=arm64 triplet=aarch64-linux-gnu ;;
ppc64le|ppc64el) debarch=ppc64el triplet=powerpc64le-linux-gnu ;;
s390x) debarch=s390x triplet=s390x-linux-gnu ;;
*) echo "guest-kexec: unknown arch '$arch'" >&2; exit 2 ;;
esac
[ -f "$out/.complete" ] && exit 0

state=${PTBENCH_CACHE:-$HOME/.cache/ptbench}/apt/$debarch
if [ ! -f "$state/updated" ] || [ $(( $(date +%s) - $(cat "$state/updated") )) -gt 86400 ]; then
	"$here/foreign-apt.sh" "$debarch" update || exit 77
fi
# kexec-tools and the libraries of its dependency closure (its scripts'
# dependencies, debconf and dpkg, are not needed to run the binary)
pkgs=$("$here/foreign-apt.sh" "$debarch" cache depends --recurse --no-recommends --no-suggests \
	--no-conflicts --no-breaks --no-replaces --no-enhances kexec-tools |
	grep -E '^(kexec-tools|lib[a-z0-9.+-]+|zlib1g)$' | sort -u)
[ -n "$pkgs" ] || { echo "guest-kexec: no dependency list for kexec-tools ($debarch)" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
(cd "$tmp" && "$here/foreign-apt.sh" "$debarch" download $pkgs >/dev/null) || exit 77
mkdir -p "$tmp/root"
for deb in "$tmp"/*.deb; do
	dpkg-deb -x "$deb" "$tmp/root"
done
bin=$tmp/root/sbin/kexec
[ -x "$bin" ] || bin=$tmp/root/usr/sbin/kexec
[ -x "$bin" ] || { echo "guest-kexec: the kexec-tools package has no kexec binary" >&2; exit 1; }
rm -rf "$out"
"$here/guest-libs.sh" "$bin" "$triplet" "$out" "$tmp/root"
mkdir -p "$out/sbin"
cp "$bin" "$out/sbin/kexec"
dpkg-deb -f "$tmp"/kexec-tools_*.deb Version >"$out/version"
