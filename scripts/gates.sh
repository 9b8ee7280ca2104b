#!/usr/bin/env bash
# Quality gates: runs each `storyline eval` on ../shared/data with --json and fails when a
# score is below the floor its issue sets. A dataset that is absent is skipped with a message.
# Usage: scripts/gates.sh [DATA_DIR]   (default ../shared/data)
set -uo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data}"
cargo build --release --locked -p cli --quiet || exit 2
BIN=target/release/storyline
failed=0

# gate NAME EXPR -- ARGS...: runs `storyline ARGS --json`, evaluates the Python expression EXPR
# on the last line's JSON (as `r`), and fails the gate when it is false.
gate() {
  local name="$1" expr="$2"; shift 3
  local out rc
  out=$("$BIN" "$@" --json 2>/tmp/gate.err); rc=$?
  if [ $rc -eq 3 ]; then echo "SKIP  $name: $(tail -1 /tmp/gate.err)"; return; fi
  if [ $rc -ne 0 ]; then echo "FAIL  $name: exit $rc: $(tail -3 /tmp/gate.err)"; failed=1; return; fi
  local last; last=$(printf '%s\n' "$out" | tail -1)
  if python3 -c "import json,sys; r=json.loads(sys.argv[1]); sys.exit(0 if ($expr) else 1)" "$last"; then
    echo "PASS  $name  ($expr)  $last"
  else
    echo "FAIL  $name  ($expr)  $last"; failed=1
  fi
}

gate "cluster ecbplus dev BCubed F1 >= 0.92" "r['bcubed']['f1'] >= 0.92" -- \
  eval cluster --dataset ecbplus "$DATA/events/ecbplus" --topics dev
exit $failed
