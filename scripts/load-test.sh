#!/usr/bin/env bash
# Load test of the story API: builds a store of ARTICLES articles (the examples/ceasefire reports
# through the real pipeline, then replicated with fresh ids, numbered headlines, shifted times
# and an extra paragraph: see crates/server/examples/synth_store.rs), serves it on a free
# loopback port, and runs wrk for a bounded time against GET /api/stories/{random id}, then
# against the HTML story page. Prints requests/s and p99 latency.
# Stories are stored with their rendered pages (as `storyline ingest` stores them), and the
# server keeps up to CACHE_MB (default: its own default) of answers in memory.
# Usage: [CACHE_MB=N] scripts/load-test.sh [ARTICLES=100000] [DURATION=20s] [CONNECTIONS=200]
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES="${1:-100000}"
DURATION="${2:-20s}"
CONNECTIONS="${3:-200}"

if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
cargo build --release --locked -p cli --quiet
cargo build --release --locked -p server --example synth_store --quiet

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

target/release/examples/synth_store "$WORK/load.db" "$ARTICLES" examples/ceasefire
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
target/release/storyline serve --db "$WORK/load.db" --addr "127.0.0.1:$PORT" ${CACHE_MB:+--cache-mb "$CACHE_MB"} 2>"$WORK/serve.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/api/stories?limit=1" >/dev/null 2>&1 && break
  sleep 0.1
done

# wrk script: each request asks for a random stored story.
cat > "$WORK/ids.lua" <<LUA
local ids = {}
for line in io.lines("$WORK/load.ids") do ids[#ids + 1] = line end
local prefix = os.getenv("PREFIX") or "/api/stories/"
math.randomseed(os.time() + math.floor(os.clock() * 1e6))
request = function()
  return wrk.format("GET", prefix .. ids[math.random(#ids)])
end
LUA

run() {
  local name="$1" prefix="$2" out
  out=$(PREFIX="$prefix" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency -s "$WORK/ids.lua" "http://127.0.0.1:$PORT")
  local rps p99 errors
  rps=$(printf '%s\n' "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(printf '%s\n' "$out" | awk '$1 == "99%" {print $2}')
  errors=$(printf '%s\n' "$out" | grep -E "Non-2xx|Socket errors" || true)
  printf '%s\n' "$out" > "$WORK/$name.txt"
  echo "$name: ${rps} requests/s, p99 ${p99} (${CONNECTIONS} connections, ${DURATION}, $(wc -l < "$WORK/load.ids") stories, ${ARTICLES} articles)${errors:+; $errors}"
}
echo "load before the runs: $(uptime)"
run "story-api" "/api/stories/"
run "story-page" "/stories/"
