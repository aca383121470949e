#!/bin/bash
# A throw-away sysroot of a foreign architecture's -dev libraries for cross
# builds: the .debs are downloaded with a private apt state (foreign-apt.sh)
# and unpacked with dpkg-deb -x, never installed, so the host's dpkg is not
# touched (multiarch installs of ppc64el/s390x fail on bookworm). After
# shared/recipes/mk-sysroot.sh.
#
# usage: scripts/mk-sysroot.sh DEBARCH DIR     (DEBARCH: arm64, ppc64el, s390x, amd64)
set -euo pipefail

arch=${1:?usage: mk-sysroot.sh DEBARCH DIR}
dir=${2:?usage: mk-sysroot.sh DEBARCH DIR}
here=$(cd "$(dirname "$0")" && pwd)
# What ptbench links (jansson, hwloc, zlib, libfuse3, libyaml) and what those load at run time.
pkgs="libjansson-dev libjansson4 libhwloc-dev libhwloc15 libudev1 libcap2 zlib1g-dev zlib1g
	libfuse3-dev libfuse3-3 libyaml-dev libyaml-0-2"

# .complete names the packages it holds: a new one in the list makes a new sysroot.
[ "$(cat "$dir/.complete" 2>/dev/null)" = "$pkgs" ] && exit 0
rm -rf "$dir"
mkdir -p "$dir/debs"
dir=$(cd "$dir" && pwd)
state=${PTBENCH_CACHE:-$HOME/.cache/ptbench}/apt/$arch
# Refresh the private index once a day at most.
if [ ! -f "$state/updated" ] || [ $(( $(date +%s) - $(cat "$state/updated") )) -gt 86400 ]; then
	"$here/foreign-apt.sh" "$arch" update
fi
# shellcheck disable=SC2086
(cd "$dir/debs" && "$here/foreign-apt.sh" "$arch" download $pkgs)
for f in "$dir"/debs/*.deb; do
	dpkg-deb -x "$f" "$dir"
done
# Absolute symlinks in the .debs (lib.so -> /lib/...) would point into the host.
find "$dir" -type l -lname '/*' | while read -r l; do
	t=$(readlink "$l")
	ln -sfn "$dir$t" "$l"
done
echo "$pkgs" > "$dir/.complete"
echo "mk-sysroot: $arch sysroot in $dir" >&2
