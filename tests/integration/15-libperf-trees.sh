# ptbench builds and counts the same with libperf from every kernel tree it
# meets: Debian's linux-source-6.1 and linux-source-6.12 tarballs (libperf
# renamed perf_cpu_map__dummy_new in v6.8), natively and for one cross arch,
# each into its own build directory. With each native build the same ptl
# point runs as root (system-wide counters: the online-CPU map) and as a
# normal user (per-thread counters: the any-CPU map); the events that open
# must be the same with both libperfs, and the software events must count.
. tests/lib.sh
. tests/vm-lib.sh
need_root
need_tools make python3
host=$(uname -m)
cross=arm64
[ "$host" = aarch64 ] && cross=x86_64
need_tools "$(gcc_for $cross)"
trees=
for v in 6.1 6.12; do
	t=/usr/src/linux-source-$v.tar.xz
	[ -f "$t" ] || fail "no $t: make deps installs linux-source-6.1 and linux-source-6.12"
	trees="$trees $v:$t"
done
d=$(tmpdir)
chmod 755 "$d"
trap 'rm -rf "$d"' EXIT
spec='ptl:level=pte,placement=shared,op=fault,pages=8,threads=1,duration=0.2,warmup=0.1,repetitions=2'

# make BUILD=DIR for ARCH with libperf from TARBALL; prints the binary.
build_with() {
	local arch=$1 dir=$2 tarball=$3 log=$d/build-$(basename "$2").log

	if ! make -s --no-print-directory ARCH="$arch" BUILD="$dir" KSRC="$tarball" \
	     "$dir/ptbench" >"$log" 2>&1; then
		if grep -q "mk-sysroot.sh .* failed" "$log"; then
			skip "cannot fetch the $arch sysroot packages (package registry unreachable?)"
		fi
		cat "$log"
		fail "make ARCH=$arch KSRC=$tarball failed"
	fi
	grep -q "^version=${4}\." "$dir/libperf/SOURCE" ||
		fail "$dir/libperf/SOURCE does not name Linux $4: $(cat "$dir/libperf/SOURCE")"
}

for e in $trees; do
	v=${e%%:*} t=${e#*:}
	b=build/libperf-$v-$host
	build_with "$host" "$b" "$t" "$v"
	"$b/ptbench" info | grep -q "^built: .*libperf of Linux $v\..*$t" ||
		fail "info does not name libperf $v: $("$b/ptbench" info | grep built)"
	PTBENCH_STATE=$d/state-$v.json "$b/ptbench" run -q --out "$d/root-$v" "$spec" >/dev/null
	if id nobody >/dev/null 2>&1; then
		mkdir -m 777 "$d/user-$v"
		runuser -u nobody -- env PTBENCH_STATE="$d/user-$v/state.json" \
			"$b/ptbench" run -q --out "$d/user-$v/out" "$spec" >/dev/null
	fi
	bx=build/libperf-$v-$cross
	build_with "$cross" "$bx" "$t" "$v"
	readelf -h "$bx/ptbench" | grep -Eq "Machine: +($([ $cross = arm64 ] && echo AArch64 || echo 'Advanced Micro Devices X86-64'))" ||
		fail "$bx/ptbench is not a $cross binary"
	echo "ok: libperf $v: native and $cross builds"
done

python3 - "$d" <<'PY'
import glob, json, os, sys
d = sys.argv[1]

def load(kind, v):
    fs = glob.glob(os.path.join(d, f"{kind}-{v}", "**", "*.json"), recursive=True)
    fs = [f for f in fs if not f.endswith("state.json")]
    return json.load(open(fs[0])) if fs else None

for kind in ("root", "user"):
    res = {v: load(kind, v) for v in ("6.1", "6.12")}
    if None in res.values():
        assert kind == "user", (kind, res)
        print("note: no user nobody: per-thread counters not checked")
        continue
    opened = {}
    for v, r in res.items():
        assert r["suite"]["libperf"]["version"].startswith(v + "."), r["suite"]["libperf"]
        c = r["points"][0]["counters"]
        ok = sorted(e["name"] for e in c["events"] if e["status"] == "ok")
        opened[v] = (c["scope"], ok)
        for ev in ("page-faults", "task-clock"):
            assert c["values"][ev]["total"] > 0, (kind, v, ev, c["values"].get(ev))
    assert opened["6.1"] == opened["6.12"], (kind, opened)
    print(f"ok: {kind}: scope {opened['6.1'][0]}, the same {len(opened['6.1'][1])} events "
          "open and count with libperf 6.1 and 6.12")
PY
