#!/usr/bin/env bash
# Precision and recall of `tradecast extract` per file, per folder and overall, on folders of passages
# with an expected.csv (default: ../shared/extract-corpus and ../shared/extract-corpus-more beside the
# repository, 101 passages), and on the five seed articles (tests/data/seeds against
# data/observations.csv and data/targets.csv).
#
#   scripts/extract_score.sh                   # both shared folders, each and together, and the seeds
#   scripts/extract_score.sh DIR [DIR...]      # DIR/*.txt against DIR/expected.csv, and the seeds
#   scripts/extract_score.sh --diff            # also list missed rows and unmatched proposals
#   scripts/extract_score.sh --cv              # also cross-validate: 5 folds of whole passages
#
# --cv: passage i (all passages of all folders, sorted by file name, counted from 0) is in fold i mod 5.
# For each fold the method is rebuilt without that fold's passages (every part of the extractor that
# is learned from the corpus is re-learned; see `learned` below) and scored on the fold; the script
# prints the per-fold, pooled cross-validated and in-sample recall and precision, and the gap.
#
# Needs python3 (standard library only). Builds the release binary if needed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
diff=() cv=0 dirs=()
for a in "$@"; do
    case $a in
    --diff) diff=(--diff) ;;
    --cv) cv=1 ;;
    -*) echo "extract_score.sh: unknown option $a (use DIR..., --diff, --cv)" >&2; exit 2 ;;
    *) dirs+=("$a") ;;
    esac
done
[ ${#dirs[@]} -gt 0 ] || dirs=("$root/../shared/extract-corpus" "$root/../shared/extract-corpus-more")
for d in "${dirs[@]}"; do
    [ -f "$d/expected.csv" ] ||
        { echo "extract_score.sh: $d/expected.csv not found: pass a directory of passages with an expected.csv" >&2; exit 1; }
done
cd "$root"
cargo build --release --quiet
bin=$root/target/release/tradecast
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The parts of the extractor learned from the corpus; cross-validation re-fits each without the
# held-out fold. One: the learned scorer (src/extract/scorer.rs), which keeps the rules' proposals
# that are real figures; its weights, knowledge/extract_scorer.json, are fitted to both shared
# folders by scripts/extract_train.sh. For fold k, examples/extract_scorer.rs fits it on the other
# folds' passages (same features, penalty and iterations) and extracts fold k with it. The rules
# themselves are hand-written (no fitted parameter): they are the same in every fold.
learned=(knowledge/extract_scorer.json)

expected=$(printf '%s/expected.csv,' "${dirs[@]}")
expected=${expected%,}
passages=()
for d in "${dirs[@]}"; do passages+=("$d"/*.txt); done

for d in "${dirs[@]}"; do
    echo "== folder: $d"
    "$bin" extract --json "$d"/*.txt >"$tmp/folder.json"
    python3 "$root/scripts/extract_score.py" corpus "$d/expected.csv" "$tmp/folder.json" --quiet
done
echo "== together: ${#passages[@]} passages"
"$bin" extract --json "${passages[@]}" >"$tmp/corpus.json"
python3 "$root/scripts/extract_score.py" corpus "$expected" "$tmp/corpus.json" "${diff[@]}"

if [ "$cv" = 1 ]; then
    echo "== cross-validation: 5 folds of whole passages (passage i in fold i mod 5, by file name)"
    folds=()
    cargo build --quiet --example extract_scorer
    for k in 0 1 2 3 4; do
        # The rules unchanged, the scorer re-fitted without fold k (passage i in fold i mod 5).
        "$root/target/debug/examples/extract_scorer" fold "$k" 5 "${dirs[@]}" >"$tmp/fold$k.json"
        folds+=("$tmp/fold$k.json")
    done
    python3 "$root/scripts/extract_score.py" cv "$expected" "$tmp/corpus.json" "${folds[@]}"
    echo "learned from the corpus: ${learned[*]:-nothing}"
    if [ ${#learned[@]} -eq 0 ]; then
        python3 - "$tmp/corpus.json" "${folds[@]}" <<'EOF'
import json, sys
key = lambda r: json.dumps({k: v for k, v in r.items() if k != "id"}, sort_keys=True)
whole = sorted(key(r) for r in json.load(open(sys.argv[1]))["records"])
folds = sorted(key(r) for f in sys.argv[2:] for r in json.load(open(f))["records"])
print("held-out proposals identical to the in-sample ones:", "yes" if whole == folds else "NO")
EOF
        echo "note: nothing in the extractor is learned from the corpus (hand-written rules), so cross-validated"
        echo "      = in-sample by construction; the rules were written while reading passages 01-41, so the"
        echo "      folder 42-101 score above is the nearer measure of text the rules were not written on."
    fi
fi

echo "== seeds: tests/data/seeds (004 has no date: --assume-year 2023, as in tests/extract_seeds.rs)"
seeds=(tests/data/seeds/*.txt)
"$bin" extract --json --assume-year 2023 "${seeds[@]}" >"$tmp/seeds.json"
python3 "$root/scripts/extract_score.py" seeds data/observations.csv data/targets.csv "$tmp/seeds.json" "${diff[@]}"
