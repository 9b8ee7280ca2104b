#!/usr/bin/env bash
# Side by side: Python trafilatura (from PyPI, in a throwaway virtual environment) and storyline
# extract the same pages on one core; prints both F1 scores, both pages-per-second figures and
# their ratio, per dataset.
#
# Usage: scripts/side-by-side-extract.sh [DATA_DIR] [DATASET...]
#   DATA_DIR  default ../shared/data/extraction
#   DATASET   any of aeb trafilatura wcxb (default: all three)
# Environment: TRAFILATURA_VERSION (default: latest), LIMIT (score only the first N pages),
#              STORYLINE (a prebuilt storyline binary; default: build with cargo --release).
# Both tools are timed on extraction only (reading and gunzipping excluded), pinned to CPU 0.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
data="${1:-$root/../shared/data/extraction}"
shift || true
datasets=("$@")
[ ${#datasets[@]} -eq 0 ] && datasets=(aeb trafilatura wcxb)
if [ ! -d "$data" ]; then
  echo "side-by-side: $data not found (see ../shared/data/README.md); skipping" >&2
  exit 0
fi

pin=()
command -v taskset > /dev/null && pin=(taskset -c 0)

venv="$(mktemp -d)"
trap 'rm -rf "$venv"' EXIT
echo "installing trafilatura${TRAFILATURA_VERSION:+ $TRAFILATURA_VERSION} into $venv ..." >&2
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  "trafilatura${TRAFILATURA_VERSION:+==$TRAFILATURA_VERSION}" lxml_html_clean
tv="$("$venv/bin/python" -c 'import trafilatura; print(trafilatura.__version__)')"

bin="${STORYLINE:-}"
if [ -z "$bin" ]; then
  (cd "$root" && cargo build --release -p cli --quiet)
  bin="$root/target/release/storyline"
fi

dir_of() {
  case "$1" in
    aeb) echo "$data/aeb" ;;
    trafilatura) echo "$data/trafilatura-eval" ;;
    wcxb) echo "$data/wcxb-dev-articles" ;;
    *) echo "unknown dataset $1" >&2; exit 2 ;;
  esac
}

limit_args=()
[ -n "${LIMIT:-}" ] && limit_args=(--limit "$LIMIT")

echo "trafilatura $tv (Python) vs storyline, one core each, extraction time only"
printf '%-12s %6s | %9s %10s | %9s %10s | %8s\n' \
  dataset pages "traf F1" "traf p/s" "story F1" "story p/s" speedup
for ds in "${datasets[@]}"; do
  d="$(dir_of "$ds")"
  t="$("${pin[@]}" "$venv/bin/python" "$here/score_extract.py" "$ds" "$d" --trafilatura "${limit_args[@]}" | tail -n 1)"
  s="$("${pin[@]}" "$bin" eval extract --dataset "$ds" "$d" --json "${limit_args[@]}" | tail -n 1)"
  python3 - "$ds" "$t" "$s" <<'EOF'
import json, sys
ds, t, s = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
ratio = s["pages_per_sec"] / t["pages_per_sec"] if t.get("pages_per_sec") else float("nan")
print(f'{ds:<12} {s["n"]:>6} | {t["f1"]:>9.4f} {t["pages_per_sec"]:>10.1f} | '
      f'{s["f1"]:>9.4f} {s["pages_per_sec"]:>10.1f} | {ratio:>7.1f}x')
EOF
done
