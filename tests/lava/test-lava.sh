# make test-lava: ptbench lava's jobs run by LAVA itself. Debian's
# lava-dispatcher runs each job with lava-run on a QEMU device (TCG), as
# tuxrun does, with no server: x86_64 and arm64 with Debian's 6.1 and 6.12
# kernels and the quick config cut short (x86_64: two jobs a kernel, ABBA),
# one ppc64le and one s390x job with the smoke config, one x86_64 job with
# the ASan/UBSan guest build, and a job whose kernel does not boot (a
# truncated image). "ptbench lava collect" rebuilds the result files from
# the logs; it passes only when every job came back whole, the cases in
# each log are those of its file, and the compare is made (x86_64's with
# two boots a side). lava-run exits 0 when cases fail: the checks read
# what collect wrote. Damaged logs (a cut console, a damaged line, no
# verdict) must not give a whole result, and a server's jobs, read through
# lavacli (a stand-in that prints the logs as a server gives them, with
# lavacli's own printer), must give the same as the saved logs.
# Prints each job's wall time, points and cases (logged/expected).
. tests/lib.sh
. tests/vm-lib.sh
need_root
need_tools lava-run cpio python3 qemu-system-x86_64 qemu-system-aarch64 qemu-system-ppc64 \
	qemu-system-s390x
d=$(tmpdir)
# PTBENCH_KEEP=1: keep the plans, logs and results for a look
[ -n "${PTBENCH_KEEP:-}" ] && echo "test-lava: in $d" || trap 'rm -rf "$d"' EXIT

busybox_for() {
	local rc=0
	scripts/fetch-busybox.sh "$1" >/dev/null || rc=$?
	[ "$rc" -eq 77 ] && skip "no busybox-static for $1 (package registry unreachable?)"
	[ "$rc" -eq 0 ] || fail "scripts/fetch-busybox.sh $1 failed ($rc)"
}
for a in x86_64 arm64 ppc64le s390x; do
	build_guest "$a"
	busybox_for "$a"
done
make -s --no-print-directory ARCH=x86_64 guest-asan >/dev/null
PTB_ASAN=build/ptbench-asan
# the quick config cut short: every family, shorter repetitions
python3 - "$d/quick.json" <<'PY'
import json, sys
c = json.load(open("configs/quick.json"))
c["name"] = "lava-quick"
c["defaults"].update(duration=0.1, warmup=0.02, repetitions=2)
json.dump(c, open(sys.argv[1], "w"), indent=1)
PY
x61=$(kernel_for x86_64 6.1)
x612=$(kernel_for x86_64 6.12)
head -c 3000000 "$x612" >"$d/broken.vmlinux"

plan() {
	local name=$1
	shift
	$PTB lava --out "$d/$name" "$@" >"$d/$name.out" || { cat "$d/$name.out"; fail "ptbench lava ($name)"; }
}
plan x86_64 --arch x86_64 --config "$d/quick.json" --boots 2 --kernel 6.1="$x61" --kernel 6.12="$x612"
plan arm64 --arch arm64 --config "$d/quick.json" --kernel 6.1="$(kernel_for arm64 6.1)" \
	--kernel 6.12="$(kernel_for arm64 6.12)"
plan ppc64le --arch ppc64le --kernel 6.1="$(kernel_for ppc64le 6.1)"
plan s390x --arch s390x --kernel 6.1="$(kernel_for s390x 6.1)"
plan asan --arch x86_64 --kernel 6.12="$x612" --guest-bin build/x86_64/asan-guest/ptbench
plan broken --arch x86_64 --kernel broken="$d/broken.vmlinux" --boot-minutes 3
python3 tests/lava/check.py order "$d/x86_64" 6.1 6.12 6.12 6.1
# a board's jobs (not run here): TFTP, u-boot, the tag, the lab's URLs
plan board --arch arm64 --device-type bbb --boot-method u-boot --dtb https://files.example.org/b.dtb \
	--url-base https://files.example.org/plan --tag board-7 --boots 2 \
	--kernel 6.1="$(kernel_for arm64 6.1)" --kernel 6.12="$(kernel_for arm64 6.12)"
# every job passes LAVA's own job schema (strict), Debian's python that has it
/usr/bin/python3 - "$d"/*/jobs/*.yaml <<'PY' || fail "a job does not pass LAVA's schema"
import sys, yaml
from lava_common.schemas import validate
for f in sys.argv[1:]:
    job = yaml.safe_load(open(f))
    validate(job, strict=True)
    if "/board/" in f:
        d = job["actions"][0]["deploy"]
        assert d["to"] == "tftp" and d["kernel"]["url"].startswith("https://files.example.org/plan/"), d
        assert job["tags"] == ["board-7"] and job["actions"][1]["boot"]["method"] == "u-boot", job
print("test-lava: %d jobs pass LAVA's schema" % (len(sys.argv) - 1))
PY

# Every job under lava-run, two at a time; job ids unique to this test run.
base=$(( (RANDOM % 9000 + 1000) * 100 ))
n=0
: >"$d/jobs"
for p in x86_64 arm64 ppc64le s390x asan broken; do
	mkdir -p "$d/$p/logs"
	for j in "$d/$p"/jobs/*.yaml; do
		n=$((n + 1))
		echo "$p $j $((base + n))" >>"$d/jobs"
	done
done
# A kernel that dies under TCG (QEMU 7.2 kills x86_64 guests now and then:
# ptbench vm --tcg-retries, docs/vm.md) ends its job with "Connection closed"
# (QEMU's -no-reboot). Such a job runs once more, as a lab would resubmit
# it, its log kept as NAME.crash and its crash (or LAVA's error) printed; a
# job that failed otherwise is not retried. A second failure fails the test.
crashed() {
	{ grep '"lvl": "target"' "$1" | grep -E "Kernel panic|Oops|BUG: |int3|general protection"
	  grep '"case": "job"' "$1" | grep '"error_msg": "Connection closed"'; } | head -n 4
}
lava_run() {	# lava_run PLAN JOB ID LOG: lava-run's exit status
	local rc=0
	echo "$3" >"$4.id"
	timeout 3600 lava-run --device "$d/$1"/device-*.yaml --job-id "$3" --output-dir "$d/$1/out/$3" \
		"$2" >/dev/null 2>"$4" || rc=$?
	return "$rc"
}
run_job() {
	local p=$1 j=$2 id=$3 log rc=0
	log=$d/$p/logs/$(basename "$j" .yaml).log
	lava_run "$p" "$j" "$id" "$log" || rc=$?
	if [ "$rc" -ne 0 ] && [ "$p" != broken ] && [ -n "$(crashed "$log")" ]; then
		echo "test-lava: job $id ($p, $(basename "$j")) died under TCG, run once more:"
		crashed "$log" || true
		mv "$log" "${log%.log}.crash"
		rc=0
		lava_run "$p" "$j" $((id + 50)) "$log" || rc=$?
	fi
	echo "$rc" >"$log.rc"
}
while read -r p j id; do
	[ "$(jobs -rp | wc -l)" -ge 2 ] && wait -n
	run_job "$p" "$j" "$id" &
done <"$d/jobs"
wait

# lava-run's own word: 0 for a job that ran (whatever its cases), 1 for the kernel that does not boot
for p in x86_64 arm64 ppc64le s390x asan; do
	for rc in "$d/$p"/logs/*.rc; do
		[ "$(cat "$rc")" -eq 0 ] || {
			grep '"lvl": "\(target\|error\)"' "${rc%.rc}" | tail -n 40
			fail "lava-run of ${rc%.log.rc} exited $(cat "$rc")"; }
	done
done
[ "$(cat "$d"/broken/logs/*.rc)" -eq 1 ] || fail "lava-run of the kernel that does not boot exited $(cat "$d"/broken/logs/*.rc)"

ids() { local f; for f in "$d/$1"/logs/*.log.id; do echo "jobs/$(basename "$f" .log.id).yaml=$(cat "$f")"; done; }
collect() {
	local p=$1
	shift
	$PTB lava collect --device "qemu-$p" --out "$d/$p/collect" "$@" "$d/$p"/logs/*.log >"$d/$p/collect.out" 2>&1
}
for p in x86_64 arm64 ppc64le s390x asan; do
	collect "$p" || { cat "$d/$p/collect.out"; fail "ptbench lava collect ($p)"; }
	# shellcheck disable=SC2046
	python3 tests/lava/check.py whole "$d/$p" "$d/$p/collect" $(ids "$p")
done
for p in x86_64 arm64; do
	[ -s "$d/$p/collect/compare.txt" ] || fail "no compare for $p"
	[ -s "$d/$p/collect/report/index.html" ] || fail "no report for $p"
done
$PTB compare --all -f json -o "$d/x86.cmp.json" "$d/x86_64/collect/6.1" "$d/x86_64/collect/6.12" ||
	fail "compare of the collected x86_64 directories"
python3 tests/lava/check.py boot_level "$d/x86.cmp.json" 2
if grep '"lvl": "target"' "$d"/asan/logs/*.log | grep -E "AddressSanitizer|LeakSanitizer|runtime error:"; then
	fail "a sanitizer report in the ASan guest's job"
fi

# The kernel that does not boot: a clear failure, not a hang to a timeout
collect broken && fail "collect took the job whose kernel does not boot"
python3 tests/lava/check.py status "$d/broken/collect" boot-failed "did not boot" "Error while loading"
grep '"lvl": "error"' "$d"/broken/logs/*.log | grep -qi "timed out\|timeout" &&
	fail "the failed boot ran into a timeout"
cat "$d/broken/collect.out"

# Damaged logs of a whole job: never whole
good=$(ls "$d"/x86_64/logs/*.log | head -n 1)
damaged() {
	local name=$1 want=$2 why=$3
	$PTB lava collect --out "$d/dmg-$name" "$d/dmg-$name.log" >"$d/dmg-$name.out" 2>&1 &&
		fail "collect took the $name log as whole"
	python3 tests/lava/check.py status "$d/dmg-$name" "$want" "$why"
}
half=$(grep -n '"PTBENCH-DATA' "$good" | awk -F: 'NR == 20 { print $1 }')
head -n "$half" "$good" >"$d/dmg-cut.log"
damaged cut incomplete "ends before LAVA's verdict"
awk -v n="$half" 'NR == n { sub(/PTBENCH-DATA ../, "PTBENCH-DATA ##") } { print }' "$good" >"$d/dmg-line.log"
damaged line lost-console "damaged"
grep -v '"case": "job"' "$good" >"$d/dmg-noverdict.log"
damaged noverdict incomplete "partial, not taken"

# A server's jobs through lavacli: x86_64's and the failed boot, the device
# and (for the job that never booted) its place in the plan from the server
mkdir -p "$d/bin"
cat >"$d/bin/lavacli" <<PY
#!/usr/bin/python3
# A stand-in for a LAVA server behind lavacli: jobs logs --raw prints a saved
# lava-run log as lavacli prints a server's (its own print_logs), jobs
# definition the job as submitted, jobs show its device.
import sys, yaml
from lavacli.commands.jobs import print_logs
args = sys.argv[1:]
assert args[:2] == ["--identity", "lab"], args
what, job = args[3], args[-1]
plan, name = {i: (p, n) for p, n, i in (l.split() for l in open("$d/server-ids"))}[job]
if what == "logs":
    assert "--raw" in args and "--no-follow" in args, args
    print_logs([yaml.safe_load(l) for l in open("$d/%s/logs/%s.log" % (plan, name))], True, None)
elif what == "definition":
    print(open("$d/%s/jobs/%s.yaml" % (plan, name)).read())
else:
    assert what == "show" and "--json" in args, args
    print('{"device": "qemu-lab-7", "description": "ptbench"}')
PY
chmod +x "$d/bin/lavacli"
for f in "$d"/x86_64/logs/*.log.id "$d"/broken/logs/*.log.id; do
	p=${f%/logs/*}
	echo "${p##*/} $(basename "$f" .log.id) $(cat "$f")"
done >"$d/server-ids"
set -- $(awk '{ print "--job " $3 }' "$d/server-ids")
PATH=$d/bin:$PATH $PTB lava collect --identity lab --out "$d/server" "$@" >"$d/server.out" 2>&1 &&
	fail "collect of the server's jobs took the failed boot"
python3 - "$d/server" "$d/x86_64/collect" <<'PY' || { cat "$d/server.out"; fail "collect of the server's jobs"; }
import json, sys
srv, loc = (json.load(open(d + "/collect.json"))["jobs"] for d in sys.argv[1:])
bad = [s for s in srv if s["status"] != "ok"]
assert len(bad) == 1 and bad[0]["status"] == "boot-failed", bad
assert (bad[0]["kernel"], bad[0]["seq"]) == ("broken", "1"), bad
assert bad[0]["plan"] and bad[0]["device"] == "qemu-lab-7", bad
key = lambda j: j["job"]
for s, l in zip(sorted([s for s in srv if s["status"] == "ok"], key=key), sorted(loc, key=key)):
    assert s["device"] == "qemu-lab-7", s
    assert (s["status"], s["kernel"], s["seq"], s["cases"]) == (l["status"], l["kernel"], l["seq"], l["cases"]), (s, l)
    assert json.load(open(s["result"]))["lava"]["device"] == "qemu-lab-7"
PY
ls "$d"/server/logs/job-*.log >/dev/null || fail "the server's logs were not kept"

# an earlier collect's directory is refused, not mixed into
rc=0
$PTB lava collect --out "$d/x86_64/collect" "$d"/x86_64/logs/*.log >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "collect into an earlier collect's directory exited $rc, not 2"

# collect itself under ASan/UBSan: whole, damaged and failed logs
$PTB_ASAN lava collect --out "$d/asan-collect" "$d"/x86_64/logs/*.log "$d"/dmg-*.log \
	"$d"/broken/logs/*.log >"$d/asan-collect.out" 2>&1 && fail "collect took damaged logs"
grep -E "Sanitizer|runtime error:" "$d/asan-collect.out" && fail "a sanitizer report from collect"
[ "$(grep -c '^[0-9]* .* ok ' "$d/asan-collect.out")" -eq 4 ] || fail "collect under ASan: $(cat "$d/asan-collect.out")"

python3 tests/lava/check.py table "$d"/{x86_64,arm64,ppc64le,s390x,asan,broken}/collect
echo "test-lava: ok"
