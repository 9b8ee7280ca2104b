#!/usr/bin/env bash
# Browser tests: builds storyline, stores examples/ceasefire plus a markup fixture, serves it on
# a free loopback port, and runs test.mjs in Debian's headless Chromium through playwright-core.
# Screenshots land in artifacts/ (story.png among them). Installs what is missing: chromium
# from Debian (apt-get), playwright-core from npm (into tests/browser/node_modules).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

# STORYLINE_BIN runs an already built binary instead of building the release one.
if [ -n "${STORYLINE_BIN:-}" ]; then
  BIN="$STORYLINE_BIN"
else
  cargo build --release --locked -p cli --quiet
  BIN="$ROOT/target/release/storyline"
fi

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" ingest examples/ceasefire tests/browser/fixtures --db "$WORK/store.db"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$BIN" serve --db "$WORK/store.db" --addr "127.0.0.1:$PORT" 2>"$WORK/serve.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$PORT/api/stories" >/dev/null 2>&1; then break; fi
  sleep 0.1
done

mkdir -p artifacts
BASE="http://127.0.0.1:$PORT" ARTIFACTS="$ROOT/artifacts" timeout 300 node tests/browser/test.mjs
