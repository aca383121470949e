# gup_test is found where it exists: info says why not in the kernel's own
# terms ("this kernel has no CONFIG_GUP_TEST" rather than "debugfs not
# mounted"); a run mounts debugfs only when the kernel has gup_test (or its
# config cannot be read) and leaves the mounts as it found them.
. tests/lib.sh
need_root
mounts() { awk '$3 == "debugfs" || $3 == "tracefs" { print $2, $3 }' /proc/mounts | sort; }
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
before=$(mounts)
line=$($PTB info | grep '^  gup_test ') || fail "info has no gup_test line"
echo "info: $line"
cfg=$(zcat /proc/config.gz 2>/dev/null || cat "/boot/config-$(uname -r)" 2>/dev/null || true)
if [ -e /sys/kernel/debug/gup_test ]; then
	echo "$line" | grep -q ' yes ' || fail "gup_test exists but info says: $line"
elif [ -n "$cfg" ] && ! printf '%s\n' "$cfg" | grep -Eq '^CONFIG_GUP_TEST=(y|m)'; then
	echo "$line" | grep -q "this kernel has no CONFIG_GUP_TEST" || fail "info says: $line"
elif [ -n "$cfg" ]; then
	echo "$line" | grep -Eq ' yes |mounts it for the run' || fail "info says: $line"
fi
echo "$line" | grep -q "debugfs not mounted\$" && fail "the old, unhelpful reason: $line"
$PTB run -q --out "$d/out" -d 0.05 -w 0 -r 2 'gup:trigger=gup_test,mapping=anon,threads=1' \
	>"$d/log" 2>&1 || fail "run failed: $(cat "$d/log")"
f=$(ls "$d"/out/*.json)
python3 - "$f" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
cap = r["capabilities"]["gup_test"]
pts = [p for p in r["points"] if p["params"].get("trigger") == "gup_test"]
skp = [s for s in r["skipped"] if s["params"].get("trigger") == "gup_test"]
if cap["usable"]:
    assert pts and not skp, (pts, skp)
    print("ok: gup_test usable and run")
else:
    assert skp and not pts, (pts, skp)
    print("ok: gup_test skipped:", skp[0]["reason"], "| capability:", cap["reason"])
PY
[ "$(mounts)" = "$before" ] || fail "mounts changed: before [$before] after [$(mounts)]"
echo "ok: debugfs and tracefs mounts as found"
