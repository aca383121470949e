#!/bin/bash
# Run each libFuzzer target for SECONDS; new interesting inputs go to
# BUILD/corpus-TARGET (seeded from fuzz/corpus/TARGET), crashes to
# BUILD/crash-TARGET-*. A crash input belongs in fuzz/regress/TARGET once
# fixed: "make test" replays that directory.
# usage: scripts/fuzz.sh BUILD SECONDS TARGET...
set -u
build=$1 secs=$2
shift 2
status=0
for t in "$@"; do
	corpus=$build/corpus-$t
	mkdir -p "$corpus"
	log=$build/fuzz-$t.log
	"$build/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-dict=fuzz/json.dict -artifact_prefix="$build/crash-$t-" \
		"$corpus" "fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	runs=$(grep -Eo 'Done [0-9]+ runs' "$log" | grep -Eo '[0-9]+' | tail -n 1)
	cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -n 1)
	crashes=$(ls "$build"/crash-"$t"-* 2>/dev/null | wc -l)
	echo "fuzz $t: ${secs}s, ${runs:-?} executions, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l) files, $crashes crash inputs (exit $rc, log $log)"
	[ "$rc" -eq 0 ] || status=1
done
exit $status
