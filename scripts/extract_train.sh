#!/usr/bin/env bash
# Re-fit the learned scorer of `tradecast extract` (src/extract/scorer.rs) on the rules' proposals for
# the annotated passages, and write it to knowledge/extract_scorer.json (with its provenance).
#
#   scripts/extract_train.sh                 # ../shared/extract-corpus and ../shared/extract-corpus-more
#   scripts/extract_train.sh DIR [DIR...]    # other folders of passages with an expected.csv
#
# Deterministic: the same passages and code give the same file, byte for byte. Then rebuild and run
# scripts/extract_score.sh --cv to see in-sample and cross-validated scores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || set -- "$root/../shared/extract-corpus" "$root/../shared/extract-corpus-more"
cd "$root"
cargo run --quiet --example extract_scorer -- train "$@" >knowledge/extract_scorer.json.tmp
mv knowledge/extract_scorer.json.tmp knowledge/extract_scorer.json
echo "wrote knowledge/extract_scorer.json"
