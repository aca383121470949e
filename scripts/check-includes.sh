#!/bin/bash
# The include rules of docs/architecture.md, checked over the #include
# lines of every room: lib/, cli/, vm/, ab/, lava/, bench/, workloads/ and analysis/
# (run by "make test"):
#
#   - a quoted include is a header of the same folder, by its name, or any
#     other by its path from the top of the tree; never "../";
#   - a room includes only the rooms of its arrows below;
#   - of workloads/, only services.h includes another room (lib):
#     what a workload uses of the rest comes through that one header;
#   - the rooms' graph has no cycle.
#
# Prints each include that breaks a rule and exits 1; else a one-line
# summary. usage: scripts/check-includes.sh [TOP] (default: this tree)
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"

# Headers generated into build/gen (Makefile): included by name from anywhere.
generated=" version.h libperf_features.h "

# room -> the rooms it may include (besides itself).
declare -A allow=(
	[lib]=""
	[workloads]="lib"
	[analysis]="lib"
	[bench/host]="lib workloads"
	[bench/core]="bench/host lib workloads"
	[vm]="ab bench/host lib analysis"
	[ab]="lib"
	[lava]="lib vm analysis"
	[cli]="ab bench/core bench/host lib vm lava workloads analysis"
)

room_of() {
	local d=${1%/*}

	[ -n "${allow[$d]+x}" ] && { echo "$d"; return; }
	echo "?"
}

bad=0 n=0
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT

while IFS= read -r src; do
	from=$(room_of "$src")
	if [ "$from" = "?" ]; then
		echo "$src: in no room (add its folder to scripts/check-includes.sh and docs/architecture.md)"
		bad=1
		continue
	fi
	while IFS=: read -r line inc; do
		n=$((n + 1))
		inc=${inc#*\"}
		inc=${inc%%\"*}
		case $inc in
		../* | */../* | ./*)
			echo "$src:$line: \"$inc\": name a header by its path from the top, not \"../\""
			bad=1
			continue ;;
		*/*)
			target=$inc ;;
		*)
			if [[ $generated == *" $inc "* ]]; then
				continue
			fi
			target=${src%/*}/$inc ;;
		esac
		if [ ! -f "$target" ]; then
			echo "$src:$line: \"$inc\": no such header ($target)"
			bad=1
			continue
		fi
		to=$(room_of "$target")
		[ "$to" = "$from" ] && continue
		echo "$from $to" >>"$edges"
		if [[ " ${allow[$from]} " != *" $to "* ]]; then
			echo "$src:$line: \"$inc\": $from may not include $to" \
			     "(it may include: ${allow[$from]:-nothing else})"
			bad=1
		fi
		if [ "$from" = workloads ] && [ "$src" != workloads/services.h ]; then
			echo "$src:$line: \"$inc\": a workload reaches $to only through workloads/services.h"
			bad=1
		fi
	done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$src" || true)
done < <(find lib bench cli vm ab lava workloads analysis -name '*.[ch]' | sort)

if ! sort -u "$edges" | tsort >/dev/null 2>"$edges.err"; then
	echo "the rooms include each other in a cycle:"
	cat "$edges.err"
	bad=1
fi
rm -f "$edges.err"
if [ "$bad" -ne 0 ]; then
	echo "check-includes: FAILED (the rules: docs/architecture.md)"
	exit 1
fi
echo "check-includes: $n includes in $(find lib bench cli vm ab lava workloads analysis -name '*.[ch]' | wc -l) files follow the rules; $(sort -u "$edges" | wc -l) arrows between rooms, no cycle"
