#!/usr/bin/env python3
# Checks of make test-lava (tests/lava/test-lava.sh) on what ptbench lava
# collect wrote: usage: check.py WHAT ARGS... (each exits 1 with the reason).
import glob, json, os, sys


def load(path):
    with open(path) as f:
        return json.load(f)


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def whole(plan_dir, coll, ids):
    """Every job of the plan came back whole, its cases matching, with its provenance."""
    plan = load(os.path.join(plan_dir, "plan.json"))
    jobs = load(os.path.join(coll, "collect.json"))["jobs"]
    if len(jobs) != len(plan["jobs"]):
        fail("%d jobs collected, the plan has %d" % (len(jobs), len(plan["jobs"])))
    for j in jobs:
        c = j["cases"]
        if j["status"] != "ok":
            fail("job %s: %s: %s" % (j["job"], j["status"], j["reason"]))
        if not (c["expected"] > 0 and c["logged"] == c["expected"] and
                c["missing"] == c["different"] == c["extra"] == 0):
            fail("job %s: cases %s" % (j["job"], c))
        pj = plan["jobs"][int(j["seq"]) - 1]
        if pj["kernel"] != j["kernel"] or ids.get(pj["job"]) != j["job"]:
            fail("job %s: seq %s is %s in the plan (lava-run job %s), %s in the log"
                 % (j["job"], j["seq"], pj["kernel"], ids.get(pj["job"]), j["kernel"]))
        r = load(j["result"])
        lv = r["lava"]
        if lv["job"] != j["job"] or lv["plan"] != plan["plan"] or lv["kernel"] != j["kernel"]:
            fail("%s: provenance %s" % (j["result"], lv))
        if not r["system"].get("boot_id"):
            fail("%s: no system.boot_id" % j["result"])
        if j["points"] + j["skipped"] == 0:
            fail("job %s: no point" % j["job"])
    boots = {}
    for j in jobs:
        boots.setdefault(j["kernel"], set()).add(load(j["result"])["system"]["boot_id"])
    for k, b in boots.items():
        n = sum(1 for p in plan["jobs"] if p["kernel"] == k)
        if len(b) != n:
            fail("kernel %s: %d distinct boots for %d jobs" % (k, len(b), n))


def order(plan_dir, *want):
    """The plan's jobs are in the order wanted (ABBA...)."""
    got = [j["kernel"] for j in load(os.path.join(plan_dir, "plan.json"))["jobs"]]
    if got != list(want):
        fail("plan order %s, want %s" % (got, list(want)))


def boot_level(cmp_json, boots):
    """compare --all's sides: each side's runs come from that many boots (the jobs)."""
    sides = []

    def walk(o):
        if isinstance(o, dict):
            if "boots" in o and "runs" in o:
                sides.append(o)
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    walk(load(cmp_json))
    want = int(boots)
    full = [s for s in sides if s["boots"] == want and len({r.get("boot") for r in s["runs"]}) == want]
    over = [s for s in sides if (s["boots"] or 0) > want]
    # a point invalid in one job has that job's run only: most sides have every boot
    if not full or over or len(full) * 2 < len(sides):
        fail("%s: %d of %d sides carry %d boots, %d more" % (cmp_json, len(full), len(sides), want, len(over)))
    print("test-lava: %d of %d compared sides carry %d boots (one per job)" % (len(full), len(sides), want))


def status(coll, want, *words):
    """One job, of that status, whose reason says each word; no result beside the whole ones."""
    jobs = load(os.path.join(coll, "collect.json"))["jobs"]
    if len(jobs) != 1 or jobs[0]["status"] != want:
        fail("want one job of status %s, got %s" % (want, [(j["status"], j["reason"]) for j in jobs]))
    for w in words:
        if w not in jobs[0]["reason"]:
            fail("the reason does not say %r: %s" % (w, jobs[0]["reason"]))
    whole_files = [f for f in glob.glob(os.path.join(coll, "*", "*.json"))
                   if os.sep + "partial" + os.sep not in f]
    if whole_files:
        fail("a partial job's result was taken as whole: %s" % whole_files)


def table(*colls):
    """Per job: arch, kernel, seconds, points, skips, cases logged/expected."""
    for coll in colls:
        arch = os.path.basename(os.path.dirname(coll.rstrip("/")))
        for j in load(os.path.join(coll, "collect.json"))["jobs"]:
            c = j["cases"]
            print("test-lava: %-8s job %-8s %-8s %-12s %6.1f s  %3d points %2d skipped  cases %d/%d"
                  % (arch, j["job"], j["kernel"], j["status"], j["seconds"] or 0, j["points"],
                     j["skipped"], c["logged"], c["expected"]))


if __name__ == "__main__":
    what, args = sys.argv[1], sys.argv[2:]
    if what == "whole":
        whole(args[0], args[1], dict(a.split("=") for a in args[2:]))
    else:
        globals()[what](*args)
