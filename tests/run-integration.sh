#!/bin/bash
# Run every tests/integration/*.sh; each exits 0 (pass), 77 (skip) or else (fail).
set -u
cd "$(dirname "$0")/.."
pass=0 fail=0 skip=0
for t in tests/integration/*.sh; do
	name=$(basename "$t" .sh)
	log=build/integration-$name.log
	start=$(date +%s)
	bash "$t" >"$log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	case $rc in
	0) pass=$((pass + 1)); echo "PASS $name (${secs}s)" ;;
	77) skip=$((skip + 1)); echo "SKIP $name: $(tail -n 1 "$log")" ;;
	*) fail=$((fail + 1)); echo "FAIL $name (${secs}s), log $log:"; tail -n 40 "$log" ;;
	esac
done
echo "integration: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
