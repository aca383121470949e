# The provenance a binary reports follows the tree it was built from: in a
# scratch clone, build, commit, build again: "ptbench --version" (and so
# suite.git in results) names the new sha without a clean; an uncommitted
# change to a tracked file marks it -dirty; only what prints it rebuilds.
. tests/lib.sh
command -v git >/dev/null || skip "no git"
top=$(pwd)
[ -f "$top/build/libperf/lib/libperf.a" ] || fail "no build/libperf: run make first"
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
git clone -q "$top" "$d/c"
cd "$d/c"
git config user.email test@ptbench.invalid
git config user.name "ptbench test"
mk() { make -s --no-print-directory LIBPERF="$top/build/libperf" ptbench 2>&1; }
sha() { git rev-parse --short=12 HEAD; }

mk >/dev/null
./ptbench --version | grep -q "($(sha))" || fail "first build: $(./ptbench --version), HEAD $(sha)"
echo "# scratch" >> VERSION.note
git add VERSION.note
git commit -q -m "scratch commit"
out=$(make --no-print-directory LIBPERF="$top/build/libperf" ptbench 2>&1)
./ptbench --version | grep -q "($(sha))" || fail "after a commit: $(./ptbench --version), HEAD $(sha)"
n=$(printf '%s\n' "$out" | grep -c '^cc .* -c ' || true)
total=$(find lib bench cli vm ab workloads analysis -name "*.c" | wc -l)
[ "$n" -lt "$total" ] || fail "a commit rebuilt all $n objects"
echo "ok: new sha after a commit, $n of $total objects rebuilt"
echo "// touched" >> lib/util.h
mk >/dev/null
./ptbench --version | grep -q "($(sha)-dirty)" || fail "dirty tree: $(./ptbench --version)"
git checkout -q lib/util.h
mk >/dev/null
./ptbench --version | grep -q "($(sha))" || fail "clean again: $(./ptbench --version)"
echo "ok: -dirty follows the tree"
