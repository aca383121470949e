#!/bin/bash
# Harness overhead: ops/s of the ptl fault op (level=pte, placement=split)
# through ptbench against tests/bench/mmloop.c doing the same work with no
# harness. Interleaves ROUNDS pairs (so drift hits both alike) at 1 worker
# and at all CPUs; prints each side's mean, CV, and the overhead
# (1 - ptbench/mmloop) with its spread. A benchmark, not a test: it asserts nothing.
#
# usage: scripts/bench-overhead.sh [ROUNDS] [SECONDS] [PAGES]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-8} secs=${2:-2} pages=${3:-64}
ncpus=$(nproc)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PTBENCH_STATE=$tmp/state.json

for n in 1 "$ncpus"; do
	: >"$tmp/a.$n"; : >"$tmp/b.$n"
	for r in $(seq "$rounds"); do
		build/mmloop "$n" "$pages" "$secs" | awk '{print $2}' >>"$tmp/b.$n"
		./ptbench run -q --out "$tmp/r$r.$n" -w 0 -d "$secs" -r 1 \
			"ptl:level=pte,placement=split,op=fault,pages=$pages,threads=$n" >/dev/null
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["points"][0]["metrics"]["ops_per_sec"]["samples"][0])' \
			"$(ls "$tmp/r$r.$n"/*.json)" >>"$tmp/a.$n"
	done
	python3 - "$n" "$tmp/a.$n" "$tmp/b.$n" <<'PY'
import statistics as st, sys
n, a, b = sys.argv[1], [float(x) for x in open(sys.argv[2])], [float(x) for x in open(sys.argv[3])]
ma, mb = st.mean(a), st.mean(b)
ratios = [x / y for x, y in zip(a, b)]
print("threads=%s  ptbench %.0f ops/s (cv %.1f%%)  mmloop %.0f ops/s (cv %.1f%%)  overhead %+.2f%%  "
      "(paired ratios: median %.4f, min %.4f, max %.4f, n=%d)" % (
      n, ma, 100 * st.stdev(a) / ma, mb, 100 * st.stdev(b) / mb, 100 * (1 - ma / mb),
      st.median(ratios), min(ratios), max(ratios), len(ratios)))
PY
done
