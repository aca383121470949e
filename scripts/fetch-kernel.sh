#!/bin/bash
# Fetch a Debian kernel image for an architecture into a cache and print its
# path: the reference kernels "ptbench vm" boots in the tests, and for users
# who want a known kernel. The image is taken from the distro's package
# (apt-get download with a private apt state, so the host's dpkg and apt
# lists are not touched; see foreign-apt.sh), never committed.
#
# usage: scripts/fetch-kernel.sh ARCH [SERIES]
#   ARCH     arm64, ppc64le, s390x, x86_64 (Debian names work too)
#   SERIES   6.1 (default) or another series the archive has (6.12: amd64, arm64)
# Cache: $PTBENCH_CACHE/kernels (default ~/.cache/ptbench/kernels).
# The package's modules are extracted beside the image, in lib/modules/<release>.
# x86_64: the bzImage is unpacked to an ELF vmlinux (after the kernel's
# scripts/extract-vmlinux) so QEMU can boot it directly (PVH entry)
# without the slow in-guest decompression under TCG.
# Exit status: 0 and the path on stdout; 1 failure; 77 when the package
# registry cannot be reached or has no such kernel (tests skip on that).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
arch=${1:?usage: fetch-kernel.sh ARCH [SERIES]}
series=${2:-6.1}
cache=${PTBENCH_CACHE:-$HOME/.cache/ptbench}
case $arch in
x86_64|amd64) debarch=amd64 flavour=amd64 ;;
arm64|aarch64) debarch=arm64 flavour=arm64 ;;
ppc64le|ppc64el) debarch=ppc64el flavour=powerpc64le ;;
s390x) debarch=s390x flavour=s390x ;;
*) echo "fetch-kernel: unknown arch '$arch'" >&2; exit 2 ;;
esac
case $series in
*[!0-9.]*|"") echo "fetch-kernel: bad series '$series'" >&2; exit 2 ;;
esac

state=$cache/apt/$debarch
if [ ! -f "$state/updated" ] || [ $(( $(date +%s) - $(cat "$state/updated") )) -gt 86400 ]; then
	"$here/foreign-apt.sh" "$debarch" update || exit 77
fi
re="^linux-image-${series//./\\.}\\.[0-9]+(-[0-9]+|\\+deb[0-9]+)-$flavour(-unsigned)?\$"
pkg=$("$here/foreign-apt.sh" "$debarch" cache search --names-only "$re" | awk '{print $1}' |
	sort -V | awk -v u="-unsigned" '{ base = $0; sub(u "$", "", base); last[base] = $0 } END { for (b in last) print last[b] }' |
	sort -V | tail -n 1)
if [ -z "$pkg" ]; then
	echo "fetch-kernel: the archive has no $series kernel for $debarch" >&2
	exit 77
fi

dir=$cache/kernels/$debarch/$pkg
# .complete: the image and config are there; .modules: lib/modules/<release>
# too (caches from before modules were kept get the package again once).
if [ ! -f "$dir/.complete" ] || [ ! -f "$dir/.modules" ]; then
	[ -f "$dir/.complete" ] || { rm -rf "$dir"; mkdir -p "$dir"; }
	rm -rf "$dir/.deb" "$dir/lib"
	mkdir -p "$dir/.deb"
	echo "fetch-kernel: downloading $pkg ($debarch)" >&2
	if ! (cd "$dir/.deb" && "$here/foreign-apt.sh" "$debarch" download "$pkg"); then
		rm -rf "$dir/.deb"
		[ -f "$dir/.complete" ] || rm -rf "$dir"
		exit 77
	fi
	deb=$(ls "$dir"/.deb/*.deb)
	if [ ! -f "$dir/.complete" ]; then
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir" --wildcards './boot/vmlinu*' './boot/config-*'
		touch "$dir/.complete"
	fi
	# The modules beside the image: "ptbench vm" loads virtio_blk and its
	# dependencies from here (lib/modules/<release>, found by the release).
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir" --wildcards './lib/modules/*' 2>/dev/null ||
		echo "fetch-kernel: $pkg has no lib/modules (a kernel with everything built in?)" >&2
	rm -rf "$dir/.deb"
	# Debian makes modules.dep at install time (depmod in postinst): make it here.
	for m in "$dir"/lib/modules/*/; do
		[ -d "$m" ] || continue
		if command -v depmod >/dev/null 2>&1 || [ -x /usr/sbin/depmod ] || [ -x /sbin/depmod ]; then
			PATH=$PATH:/usr/sbin:/sbin depmod -b "$dir" "$(basename "$m")" ||
				echo "fetch-kernel: depmod failed for $(basename "$m")" >&2
		else
			echo "fetch-kernel: no depmod (package kmod): no modules.dep for $(basename "$m")" >&2
		fi
	done
	touch "$dir/.modules"
fi
img=$(ls "$dir"/boot/vmlinu* | head -n 1)

if [ "$debarch" = amd64 ]; then
	elf=$dir/vmlinux
	if [ ! -s "$elf" ]; then
		# The kernel's scripts/extract-vmlinux: find a compressed stream's
		# magic, decompress from there, keep the first result that is ELF.
		for m in '\x1f\x8b\x08:gunzip' '\xfd7zXZ\x00:unxz' '\x28\xb5\x2f\xfd:unzstd' 'BZh:bunzip2' '\x5d\x00\x00\x00:unlzma'; do
			magic=${m%%:*} tool=${m##*:}
			command -v "$tool" >/dev/null || continue
			for off in $(LC_ALL=C grep -obUaP "$magic" "$img" | cut -d: -f1 | head -n 8); do
				tail -c +$((off + 1)) "$img" | $tool >"$elf.tmp" 2>/dev/null || true
				if [ "$(head -c 4 "$elf.tmp" | od -An -c | tr -d ' ')" = '177ELF' ]; then
					mv "$elf.tmp" "$elf"
					break 2
				fi
			done
		done
		rm -f "$elf.tmp"
	fi
	[ -s "$elf" ] && img=$elf
fi
echo "$img"
