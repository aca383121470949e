# The include rules hold in this tree, and the check is not one that cannot
# fail: a copy of the tree with a planted bad include (a workload reaching
# into the runner, a "../", a cycle between rooms) fails it, naming the line.
. tests/lib.sh
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
scripts/check-includes.sh || fail "the tree breaks the include rules"

plant() {	# plant FILE LINE EXPECT: the check of a copy with LINE added to FILE
	rm -rf "$d/t" && mkdir -p "$d/t"
	cp -r bench workloads analysis "$d/t/"
	sed -i "0,/^#include \"/s||$2\n&|" "$d/t/$1"
	if scripts/check-includes.sh "$d/t" >"$d/out" 2>&1; then
		fail "planted '$2' in $1: the check passed"
	fi
	grep -q -- "$3" "$d/out" || fail "planted '$2' in $1: not named: $(cat "$d/out")"
	echo "ok: '$2' in $1: $(grep -m1 -- "$3" "$d/out")"
}
plant workloads/ptl.c '#include "bench/host/knobs.h"' 'workloads/ptl.c:.*workloads may not include bench/host'
plant workloads/gup.c '#include "bench/lib/stats.h"' 'workloads/gup.c:.*only through workloads/services.h'
plant analysis/load.c '#include "bench/core/result.h"' 'analysis/load.c:.*analysis may not include bench/core'
plant bench/host/knobs.c '#include "../lib/util.h"' 'bench/host/knobs.c:.*not "../"'
plant bench/cli/main.c '#include "bench/vm/vmframe.h"' 'cycle'
