# The README is true: every ptbench command its code blocks show runs as
# shown (run with --dry-run; compare/plot/report/validate on fixture result
# directories in place of results/vanilla and results/patched; calibrate and
# vm, ab and lava, which boot, run for minutes or need kernel images, must accept every option shown, per
# their --help), every make target it names exists, every file or directory
# it links or lists exists, and the Layout block names each top-level
# directory once.
. tests/lib.sh
need_root
d=$(tmpdir)
trap 'rm -rf "$d"' EXIT
mkdir -p "$d/vanilla" "$d/patched"
cp tests/fixtures/full-kernel-a.json "$d/vanilla/"
cp tests/fixtures/full-kernel-b.json "$d/patched/"
PTB=$PTB D=$d python3 - <<'PY'
import os, re, shlex, subprocess, sys

ptb, d = os.environ["PTB"], os.environ["D"]
text = open("README.md").read()
blocks = re.findall(r"^```[a-z]*\n(.*?)^```", text, re.S | re.M)
failed = []

def run(argv, what):
    r = subprocess.run(argv, capture_output=True, text=True, timeout=600,
                       env=dict(os.environ, PTBENCH_STATE=os.path.join(d, "state.json")))
    if r.returncode:
        failed.append(f"{what}: exit {r.returncode}: {(r.stderr or r.stdout).strip()[-300:]}")
    return r

def help_of(sub):
    return run([ptb, sub, "--help"], f"ptbench {sub} --help").stdout

n = 0
for b in blocks:
    for line in b.splitlines():
        line = re.sub(r"\s+#\s.*$", "", line).strip()
        if line.startswith("./ptbench "):
            n += 1
            args = shlex.split(line.replace("$(", "$").replace(")", ""))[1:]
            sub = args[0]
            if sub in ("calibrate", "vm", "ab", "lava"):
                h = help_of(sub)
                for a in args[1:]:
                    if a.startswith("-") and a.split("=")[0] not in h:
                        failed.append(f"{line}: {a} is not in 'ptbench {sub} --help'")
                continue
            args = [a.replace("results/vanilla", f"{d}/vanilla")
                     .replace("results/patched", f"{d}/patched") for a in args]
            out = os.path.join(d, f"out{n}")
            args = [out if i and args[i - 1] == "--out" else a for i, a in enumerate(args)]
            if sub == "run":
                args += ["--dry-run", "--out", out]
            if sub == "validate":
                args = [a for a in args if "*" not in a] + [f"{d}/patched/full-kernel-b.json"]
            if sub == "compare":
                args.insert(1, "--force")
            run([ptb] + args, line)
        elif line.startswith("make "):
            target = [w for w in line.split()[1:] if "=" not in w]
            for t in target:
                r = subprocess.run(["make", "-n", "-p", "-q", t], capture_output=True, text=True)
                if "No rule to make target" in r.stderr:
                    failed.append(f"{line}: no make target {t}")

# files and directories the README names
for path in re.findall(r"\]\(([^)#]+)\)", text) + re.findall(r"`((?:docs|scripts|configs|tests|bench|workloads|analysis|mk)/[^`* ]+)`", text):
    if not os.path.exists(path.rstrip("/")):
        failed.append(f"README names {path}, which does not exist")
layout = re.search(r"## Layout\n\n```\n(.*?)```", text, re.S).group(1)
dirs = [l.split()[0] for l in layout.splitlines() if l and not l.startswith(" ")]
top = sorted(e + "/" for e in os.listdir(".") if os.path.isdir(e) and not e.startswith(".")
             and e not in ("build",))
if len(dirs) != len(set(dirs)):
    failed.append(f"Layout names a directory twice: {dirs}")
for t in top:
    if t not in dirs:
        failed.append(f"Layout does not name {t}")
for t in dirs:
    if not os.path.isdir(t):
        failed.append(f"Layout names {t}, which does not exist")
if n < 10:
    failed.append(f"only {n} ptbench commands found in README code blocks")
for f in failed:
    print("FAIL:", f)
print(f"{n} README ptbench commands checked")
sys.exit(1 if failed else 0)
PY
