#!/bin/bash
# Copy the ELF interpreter and every shared library a (possibly foreign)
# binary needs into OUTDIR, at the paths the guest's loader looks at:
# the interpreter at its PT_INTERP path, libraries in /lib/TRIPLET (a system
# search path of Debian's ld.so). "ptbench vm" puts OUTDIR into the initramfs.
# A static build would avoid this, but hwloc cannot be linked statically on
# Debian (libudev has no .a).
#
# usage: scripts/guest-libs.sh BINARY TRIPLET OUTDIR [SYSROOT]
#   libraries are looked up in SYSROOT/{lib,usr/lib}/TRIPLET, then in the cross
#   libc (/usr/TRIPLET/lib), then on the host (/lib/TRIPLET, /usr/lib/TRIPLET).
set -euo pipefail

bin=${1:?usage: guest-libs.sh BINARY TRIPLET OUTDIR [SYSROOT]}
triplet=${2:?usage: guest-libs.sh BINARY TRIPLET OUTDIR [SYSROOT]}
out=${3:?usage: guest-libs.sh BINARY TRIPLET OUTDIR [SYSROOT]}
sysroot=${4:-}

dirs=()
[ -n "$sysroot" ] && dirs+=("$sysroot/lib/$triplet" "$sysroot/usr/lib/$triplet" "/usr/$triplet/lib")
[ -z "$sysroot" ] && dirs+=("/lib/$triplet" "/usr/lib/$triplet")

find_lib() {
	local d
	for d in "${dirs[@]}"; do
		[ -e "$d/$1" ] && { echo "$d/$1"; return 0; }
	done
	return 1
}

needed() {
	LC_ALL=C readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
}

rm -rf "$out"
mkdir -p "$out/lib/$triplet"
interp=$(LC_ALL=C readelf -l "$bin" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
if [ -z "$interp" ]; then
	echo "guest-libs: $bin is static: nothing to copy" >&2
	touch "$out/.complete"
	exit 0
fi
src=$(find_lib "$(basename "$interp")") || { echo "guest-libs: no loader $interp for $triplet" >&2; exit 1; }
mkdir -p "$out$(dirname "$interp")"
cp -L "$src" "$out$interp"

todo=$(needed "$bin")
done_list=" "
while [ -n "$todo" ]; do
	next=
	for lib in $todo; do
		case $done_list in *" $lib "*) continue ;; esac
		done_list="$done_list$lib "
		src=$(find_lib "$lib") || { echo "guest-libs: $lib (needed by $bin) not found in ${dirs[*]}" >&2; exit 1; }
		cp -L "$src" "$out/lib/$triplet/$lib"
		next="$next $(needed "$src")"
	done
	todo=$next
done
touch "$out/.complete"
echo "guest-libs: $interp and$done_list-> $out" >&2
