#!/bin/bash
# Run cmocka unit test binaries; print one closing line "N passed, N failed".
set -u
pass=0 fail=0
for t in "$@"; do
	if "$t" >"$t.log" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAILED: $t (log: $t.log)" >&2
		tail -n 30 "$t.log" >&2
	fi
	grep -E '^\[  (PASSED|FAILED|SKIPPED) \]' "$t.log" | sed "s|^|$(basename "$t"): |"
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
