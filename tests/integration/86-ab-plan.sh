# ptbench ab status, abort and resume on plans written here (no boot, no
# kexec): status shows each boot; abort and resume of a plan that is done
# say so and change nothing; resume of an aborted plan whose kernel copies
# are gone goes on from its next planned boot, fails those boots with the
# reason (never loading anything), ends at home with the plan done, and
# removes the unit it installed. A damaged plan.json is refused.
. tests/lib.sh
need_root
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
export PTBENCH_AB_UNIT_DIR="$d/units"
mkdir -p "$d/units"
mkplan() {	# DIR PHASE NEXT STATUS...
	python3 - "$@" <<'PY'
import json, os, sys
d, phase, nxt, sts = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
os.makedirs(d, exist_ok=True)
k = lambda n: {"name": n, "stem": n, "image": d + "/kernels/%s.image" % n, "initrd": "",
               "append": "", "adler32": 12345}
slots = [{"kernel": "AB"[i % 2], "status": s, "release": "", "boot_id": "", "results": [],
          "reason": "", "started": None, "ended": None} for i, s in enumerate(sts)]
plan = {"schema": "ptbench-ab/1", "id": "20261205-000000-abcd", "dir": d, "phase": phase,
        "guest": False, "syscall": "kexec_load", "panic": 30, "on_fail": "continue", "boots": 2,
        "config": d + "/config.json", "self": "/nonexistent/ptbench", "datadir": os.getcwd(),
        "note": "", "home": k("home"), "seed": 7, "home_release": os.uname().release,
        "home_cmdline": "root=/dev/vda ro", "kernels": [k("A"), k("B")], "slots": slots,
        "next": nxt, "runs": 2, "rounds": 3}
json.dump(plan, open(d + "/plan.json", "w"), indent=1)
PY
}
mkplan "$d/done" done 4 done done done done
$PTB ab status --state "$d/done" >"$d/out" || fail "status: $(cat "$d/out")"
grep -q "plan 20261205-000000-abcd: done, 4 of 4 boots done" "$d/out" || fail "status: $(cat "$d/out")"
[ "$(grep -c "  done " "$d/out")" -eq 4 ] || fail "status shows not 4 done boots: $(cat "$d/out")"
cp "$d/done/plan.json" "$d/before"
$PTB ab resume --state "$d/done" >"$d/out" && grep -q "is done: nothing to resume" "$d/out" ||
	fail "resume of a done plan: $(cat "$d/out")"
$PTB ab abort --state "$d/done" >"$d/out" && grep -q "has ended (done): nothing to abort" "$d/out" ||
	fail "abort of a done plan: $(cat "$d/out")"
cmp -s "$d/before" "$d/done/plan.json" || fail "a done plan was changed"
echo "ok: status; resume and abort of a done plan change nothing"

mkplan "$d/ab" aborted 2 done skipped planned planned
rc=0
$PTB ab resume --state "$d/ab" >"$d/out" 2>&1 || rc=$?
cat "$d/out"
[ "$rc" -eq 4 ] || fail "resume exited $rc, not 4 (the plan over, this its first kernel)"
python3 - "$d/ab/plan.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
s = p["slots"]
assert p["phase"] == "done", p["phase"]
assert [x["status"] for x in s] == ["done", "skipped", "failed", "failed"], s
assert all("copy of the image is gone or changed" in x["reason"] for x in s[2:]), s
print("ok: resume went on from boot 3; gone copies failed with the reason; plan done")
PY
[ -z "$(ls -A "$d/units" | grep -v multi-user)" ] && [ -z "$(ls -A "$d/units/multi-user.target.wants" 2>/dev/null)" ] ||
	fail "the unit is still there: $(ls -R "$d/units")"
echo '{"schema": "ptbench-ab/1", "id": 3}' >"$d/done/plan.json"
rc=0
$PTB ab status --state "$d/done" >"$d/out" 2>&1 || rc=$?
[ "$rc" -eq 1 ] && grep -q "not a plan" "$d/out" || fail "a damaged plan: $rc $(cat "$d/out")"
echo "ok: a damaged plan.json is refused"
