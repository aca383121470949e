#!/bin/bash
# Regenerate docs/example-report: a real A/B with a known, true difference.
#
# BASE and NEW run the same kernel; NEW adds a spin of INJECT_NS ns after
# every ptl operation (ptl's inject_ns calibration knob, workloads/ptl.c),
# 8 pages per op. The cost is known, so is what a correct compare says:
# mincore (1.6-2.1 us an op on the 2-vCPU VM this was made on) becomes 3-4
# times slower; fault + zap (0.1-1 ms) 0.5-5%, at or below what this
# machine resolves; collapse, integrity and gup run unchanged in NEW.
# RUNS runs per side, taken alternately (the run is then the unit of the
# tests; 8 because this VM's runs of one kernel differ by 10-20%), each in
# 5 rounds (a point's repetitions spread over the run). Needs root (THP
# knobs, like any ptbench run); about 18 minutes on 2 CPUs.
#
#   scripts/example-report.sh [OUT]          (default docs/example-report)
#
# WORK=DIR keeps the result files in DIR/base and DIR/new; when they are
# already there (RUNS each), only the report is made again.
set -euo pipefail
cd "$(dirname "$0")/.."
PTB=${PTB:-./ptbench}
OUT=${1:-docs/example-report}
RUNS=${RUNS:-8}
INJECT_NS=${INJECT_NS:-5000}
if [ -n "${WORK:-}" ]; then
	work=$WORK
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/ptbench-example.XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi
have() { ls "$work/$1"/*.json 2>/dev/null | wc -l; }

common=(-q --wait-lock -d 0.3 -w 0.1 -r 5 --rounds 5)
ptl="ptl:level=pte,pmd,placement=shared,split,op=fault,mincore,pages=8,threads=1,ncpus"
others=(collapse:regions=16,bystanders=1,bystander_mode=gup,bystander_mm=same,baseline_ms=20
	integrity:disturb=collapse,writers=1
	gup:trigger=futex,mapping=anon,threads=1,ncpus)
for i in $(seq "$RUNS"); do
	[ "$(have base)" -ge "$RUNS" ] && [ "$(have new)" -ge "$RUNS" ] && break
	echo "run $i of $RUNS: BASE, then NEW (inject_ns=$INJECT_NS)" >&2
	"$PTB" run "${common[@]}" --label base --out "$work/base" "$ptl" "${others[@]}" >/dev/null
	"$PTB" run "${common[@]}" --label "inject-${INJECT_NS}ns" --out "$work/new" \
		"$ptl,inject_ns=$INJECT_NS" "${others[@]}" >/dev/null
done
rm -rf "$OUT.new"
"$PTB" report --ignore-param inject_ns --out "$OUT.new" "$work/base" "$work/new"
"$PTB" compare --ignore-param inject_ns "$work/base" "$work/new" >"$OUT.new/compare.txt"
# Keep the repository small: index.html embeds every figure, so the SVG
# and PNG files repeat it, and report.md (the same in Markdown) links those
# files; one .gp/.dat pair shows how to restyle. The result files (30 KB
# each) stay in WORK when it is set.
rm -f "$OUT.new"/*.png "$OUT.new"/*.svg "$OUT.new"/report.md
find "$OUT.new" -maxdepth 1 \( -name '*.gp' -o -name '*.dat' \) ! -name '01-*' -delete
[ -f "$OUT/README.md" ] && cp "$OUT/README.md" "$OUT.new/"
rm -rf "$OUT"
mv "$OUT.new" "$OUT"
echo "$OUT: $(du -sh "$OUT" | cut -f1)" >&2
