#!/bin/bash
# apt-get/apt-cache for a foreign Debian architecture with a private apt state,
# so that the host's dpkg and apt lists are never touched. Never use
# "dpkg --add-architecture ppc64el" on bookworm for this: a foreign index that
# does not match (ppc64el and s390x lack parts of bookworm-security) can make
# the host's own "apt-get update" fail. After shared/recipes/foreign-apt.sh.
#
# usage: scripts/foreign-apt.sh ARCH update
#        scripts/foreign-apt.sh ARCH download PKG...     (into the current directory)
#        scripts/foreign-apt.sh ARCH cache ARGS...       (apt-cache: policy, search, depends)
# ARCH is a Debian architecture (amd64, arm64, ppc64el, s390x). The state lives
# in $PTBENCH_CACHE/apt/ARCH (default ~/.cache/ptbench/apt/ARCH).
set -euo pipefail

arch=${1:?usage: foreign-apt.sh ARCH update|download PKG...|cache ARGS...}
cmd=${2:?usage: foreign-apt.sh ARCH update|download PKG...|cache ARGS...}
shift 2
case $arch in
amd64|arm64|ppc64el|s390x) ;;
*) echo "foreign-apt: unknown Debian architecture '$arch'" >&2; exit 2 ;;
esac
state=${PTBENCH_CACHE:-$HOME/.cache/ptbench}/apt/$arch
mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
touch "$state/status"
opts=(-o "APT::Architecture=$arch" -o "APT::Architectures::=$arch"
      -o "Dir::State::Lists=$state/lists" -o "Dir::State::status=$state/status"
      -o "Dir::Cache=$state/cache" -o Debug::NoLocking=1 -q)

case $cmd in
update)
	# A missing suite for this arch (bookworm-security on s390x) is a warning,
	# not a failure: the main suite has what we need.
	apt-get "${opts[@]}" update >"$state/update.log" 2>&1 || true
	if ! ls "$state/lists/"*_Packages* >/dev/null 2>&1; then
		echo "foreign-apt: no package index for $arch (see $state/update.log)" >&2
		exit 1
	fi
	date +%s >"$state/updated"
	;;
download)
	pkgs=()
	for p in "$@"; do pkgs+=("$p:$arch"); done
	apt-get "${opts[@]}" download "${pkgs[@]}" 2>&1 | grep -v unsandboxed >&2 || true
	for p in "$@"; do
		compgen -G "${p}_*_$arch.deb" >/dev/null || compgen -G "${p}_*_all.deb" >/dev/null ||
			{ echo "foreign-apt: $p:$arch was not downloaded" >&2; exit 1; }
	done
	;;
cache)
	apt-cache "${opts[@]}" "$@"
	;;
*)
	echo "foreign-apt: unknown command '$cmd'" >&2; exit 2 ;;
esac
