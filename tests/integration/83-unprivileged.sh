# As a normal user: info and run work, what needs root is skipped with that
# reason (hugetlb pool growth, tracepoints), no crash, the result is written
# and loads.
. tests/lib.sh
need_root
user=nobody
id $user >/dev/null 2>&1 || skip "no user $user"
d=$(tmpdir)
chmod 777 "$d"
as_user() { runuser -u $user -- env PTBENCH_STATE="$d/state.json" "$@"; }
as_user $PTB info >"$d/info" 2>&1 || fail "info as $user: $(cat "$d/info")"
grep -q "root .*no .*not root" "$d/info" || fail "info does not say it is not root"
set +e
as_user $PTB run -q --out "$d/out" -d 0.1 -w 0 -r 2 \
	'ptl:level=pte,hugetlb:2M,op=fault,threads=1' >"$d/log" 2>&1
rc=$?
set -e
[ $rc -eq 0 ] || fail "run as $user exited $rc: $(cat "$d/log")"
grep -Eiq "segmentation|abort|assert|sanitizer" "$d/log" && fail "crash-like output: $(cat "$d/log")"
f=$(ls "$d"/out/*.json)
$PTB validate "$f" >/dev/null || fail "result does not load"
python3 - "$f" <<'PY' || fail "unprivileged result wrong"
import json, sys
r = json.load(open(sys.argv[1]))
caps = r["capabilities"]
assert caps["root"]["usable"] is False, caps["root"]
pte = [p for p in r["points"] if p["params"]["level"] == "pte"]
assert pte and pte[0]["validity"]["valid"], "the 4K point should run unprivileged"
free = int(open("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages").read()) \
	if __import__("os").path.exists("/sys/kernel/mm/hugepages/hugepages-2048kB") else 0
hs = [s for s in r["skipped"] if s["params"]["level"] == "hugetlb:2M"]
if free < 8:
	assert hs and "root" in hs[0]["reason"], r["skipped"]
	print("ok: hugetlb skipped:", hs[0]["reason"])
print("ok: pte point valid as a normal user")
PY
[ ! -e "$d/state.json" ] || fail "a normal user's run wrote a knob state file"
