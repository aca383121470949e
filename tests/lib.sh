# Shared by the integration tests (sourced).
set -euo pipefail
PTB=${PTB:-./ptbench}
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "skipped: $*"; exit 77; }
need_root() { [ "$(id -u)" -eq 0 ] || skip "needs root"; }
tmpdir() { mktemp -d "${TMPDIR:-/tmp}/ptbench-test.XXXXXX"; }
# Each test gets its own knob state file so that tests never touch a user's.
export PTBENCH_STATE=${PTBENCH_STATE:-$(mktemp -u /tmp/ptbench-state.XXXXXX).json}
