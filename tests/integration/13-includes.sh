# The include rules hold in this tree, and the check is not one that cannot
# fail: a copy of the tree with a planted bad include (a workload reaching
# into the runner, a "../", a cycle between rooms) fails it, naming the line.
. tests/lib.sh
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
scripts/check-includes.sh || fail "the tree breaks the include rules"

plant() {	# plant FILE LINE EXPECT: the check of a copy with LINE added to FILE
	rm -rf "$d/t" && mkdir -p "$d/t"
	cp -r lib bench cli vm ab lava workloads analysis "$d/t/"
	sed -i "0,/^#include \"/s||$2\n&|" "$d/t/$1"
	if scripts/check-includes.sh "$d/t" >"$d/out" 2>&1; then
		fail "planted '$2' in $1: the check passed"
	fi
	grep -q -- "$3" "$d/out" || fail "planted '$2' in $1: not named: $(cat "$d/out")"
	echo "ok: '$2' in $1: $(grep -m1 -- "$3" "$d/out")"
}
plant workloads/ptl.c '#include "bench/host/knobs.h"' 'workloads/ptl.c:.*workloads may not include bench/host'
plant workloads/gup.c '#include "lib/stats.h"' 'workloads/gup.c:.*only through workloads/services.h'
plant analysis/load.c '#include "bench/core/result.h"' 'analysis/load.c:.*analysis may not include bench/core'
plant bench/host/knobs.c '#include "../lib/util.h"' 'bench/host/knobs.c:.*not "../"'
plant vm/collect.c '#include "cli/cmds.h"' 'vm may not include cli'
# the cycle check, which today's arrows cannot trip: a copy of the script whose
# table lets lib include analysis, and a planted include that closes the loop
rm -rf "$d/t" && mkdir -p "$d/t"
cp -r lib bench cli vm ab lava workloads analysis "$d/t/"
sed 's/^\t\[lib\]=""/\t[lib]="analysis"/' scripts/check-includes.sh >"$d/check.sh"
sed -i '0,/^#include "/s||#include "analysis/load.h"\n&|' "$d/t/lib/util.c"
if bash "$d/check.sh" "$d/t" >"$d/out" 2>&1; then
	fail "a cycle lib -> analysis -> lib: the check passed"
fi
grep -q "cycle" "$d/out" || fail "a cycle lib -> analysis -> lib: not named: $(cat "$d/out")"
echo "ok: cycle: $(grep -m1 cycle "$d/out")"
