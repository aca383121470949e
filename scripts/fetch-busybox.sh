#!/bin/bash
# Fetch Debian's static busybox for an architecture into a cache and print its
# path: the shell, mount and the few tools LAVA's test shell needs in the
# ramdisk of a "ptbench lava" job (sh, cat, grep, mkdir, mv, date, ...).
# busybox-static is taken from the distro's package with a private apt state
# (foreign-apt.sh): the host's dpkg is not touched, never committed.
#
# usage: scripts/fetch-busybox.sh ARCH      (arm64, ppc64le, s390x, x86_64; Debian names too)
# Cache: $PTBENCH_CACHE/busybox/DEBARCH/busybox (default ~/.cache/ptbench).
# Exit status: 0 and the path on stdout; 1 failure; 77 when the package
# registry cannot be reached (tests skip on that).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
arch=${1:?usage: fetch-busybox.sh ARCH}
cache=${PTBENCH_CACHE:-$HOME/.cache/ptbench}
case $arch in
x86_64|amd64) debarch=amd64 ;;
arm64|aarch64) debarch=arm64 ;;
ppc64le|ppc64el) debarch=ppc64el ;;
s390x) debarch=s390x ;;
*) echo "fetch-busybox: unknown arch '$arch'" >&2; exit 2 ;;
esac

dir=$cache/busybox/$debarch
if [ -x "$dir/busybox" ]; then
	echo "$dir/busybox"
	exit 0
fi
state=$cache/apt/$debarch
if [ ! -f "$state/updated" ] || [ $(( $(date +%s) - $(cat "$state/updated") )) -gt 86400 ]; then
	"$here/foreign-apt.sh" "$debarch" update || exit 77
fi
rm -rf "$dir/.deb"
mkdir -p "$dir/.deb"
if ! (cd "$dir/.deb" && "$here/foreign-apt.sh" "$debarch" download busybox-static >&2); then
	rm -rf "$dir/.deb"
	exit 77
fi
dpkg-deb --fsys-tarfile "$dir"/.deb/*.deb | tar -x -O --wildcards './bin/busybox' './usr/bin/busybox' \
	> "$dir/busybox.tmp" 2>/dev/null || true
rm -rf "$dir/.deb"
if [ ! -s "$dir/busybox.tmp" ]; then
	rm -f "$dir/busybox.tmp"
	echo "fetch-busybox: no bin/busybox in busybox-static ($debarch)" >&2
	exit 1
fi
chmod 755 "$dir/busybox.tmp"
mv "$dir/busybox.tmp" "$dir/busybox"
echo "$dir/busybox"
