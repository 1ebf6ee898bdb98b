#!/usr/bin/env bash
# Precision and recall of `tradecast extract` per file and overall, on a directory of passages
# with an expected.csv (default ../shared/extract-corpus beside the repository), and on the five
# seed articles (tests/data/seeds against data/observations.csv and data/targets.csv).
#
#   scripts/extract_score.sh                 # the shared corpus and the seeds
#   scripts/extract_score.sh DIR             # DIR/*.txt against DIR/expected.csv, and the seeds
#   scripts/extract_score.sh DIR --diff      # also list missed rows and unmatched proposals
#
# Needs python3 (standard library only). Builds the release binary if needed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/../shared/extract-corpus}
shift || true
[ -f "$dir/expected.csv" ] ||
    { echo "extract_score.sh: $dir/expected.csv not found: pass a directory of passages with an expected.csv" >&2; exit 1; }
cd "$root"
cargo build --release --quiet
bin=$root/target/release/tradecast
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== corpus: $dir"
"$bin" extract --json "$dir"/*.txt >"$tmp/corpus.json"
python3 "$root/scripts/extract_score.py" corpus "$dir/expected.csv" "$tmp/corpus.json" "$@"

echo "== seeds: tests/data/seeds (004 has no date: --assume-year 2023, as in tests/extract_seeds.rs)"
seeds=(tests/data/seeds/*.txt)
"$bin" extract --json --assume-year 2023 "${seeds[@]}" >"$tmp/seeds.json"
python3 "$root/scripts/extract_score.py" seeds data/observations.csv data/targets.csv "$tmp/seeds.json" "$@"
