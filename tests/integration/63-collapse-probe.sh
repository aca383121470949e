# The collapse family's IPI count against a probe that shares none of its
# machinery (ptbench probe collapse-ipi: N MADV_COLLAPSEs, a spinner of the
# same mm, the function-call line read around the loop). The line's count
# per collapse on the bystander must be taken apart by cause (sync, TLB,
# wake-ups, other: csd tracepoints) and, less the harness's wake-ups, agree
# with the probe within 10%. Before the interrupt lines were read inside
# the counters' window, ptbench's own perf enable/disable IPIs made it 2.5
# where the probe reads 1.0 (arm64 6.12).
. tests/lib.sh
need_root
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs for a bystander"
d=$(tmpdir)
$PTB run -q --out "$d" -r 3 -d 20 -w 0.2 \
	collapse:regions=32,bystanders=1,bystander_mode=spin,bystander_mm=same
probe=$($PTB probe collapse-ipi -n 64)
echo "$probe"
python3 - "$(ls "$d"/*.json)" "$probe" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1])); probe = sys.argv[2]
if d["skipped"]:
    print("skipped: " + d["skipped"][0]["reason"]); sys.exit(77)
if "skipped" in probe:
    print(probe); sys.exit(77)
p = d["points"][0]
assert p["validity"]["valid"], p["validity"]["reason"]
m = {k: v["summary"]["mean"] for k, v in p["metrics"].items()}
pc = float(re.search(r"([0-9.]+) per collapse", probe).group(1))
line = m["ipis_per_collapse_bystander"]
if "sync_ipis_per_collapse_bystander" in m:
    causes = {k: m.get(k + "_per_collapse_bystander", 0.0) for k in
              ("sync_ipis", "tlb_ipis", "wakeup_ipis", "other_calls")}
    print("line %.3f = %s; probe %.3f" % (line, causes, pc))
    assert abs(line - sum(causes.values())) <= 0.10 * line, ("line not taken apart", line, causes)
    assert abs(line - causes["wakeup_ipis"] - pc) <= 0.10 * pc, ("probe disagrees", line, causes, pc)
else:
    # no csd tracepoints (before v6.3): the line counts every kind, the harness's
    # few wake-ups per repetition included (at most 3 of 32 collapses)
    print("line %.3f; probe %.3f; no csd tracepoints: %s" % (line, pc, p["unobserved"]))
    assert abs(line - pc) <= 0.10 * pc + 3 / 32, ("probe disagrees", line, pc)
PY
rm -rf "$d"
