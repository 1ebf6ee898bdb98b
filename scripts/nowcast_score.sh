#!/usr/bin/env bash
# Scores tradecast's full-year estimates from year-to-date levels (issue #22) on the real monthly trade of
# ../shared/nowcast: builds the cases with its cases.py, runs `tradecast batch` on both panels (ytd_level,
# ytd_growth) with the built-in knowledge, and prints score.py's tables, then the coverage by quarter of
# months (m = 1-3, 4-6, 7-9, 10-11). One command, deterministic; the output is also saved as
# bench/results/nowcast-<UTC time>.txt.
#
#   scripts/nowcast_score.sh            NOWCAST=DIR to read another copy of ../shared/nowcast
#
# The built-in rules were learned from these very tune partners (scripts/learn_builtin.sh), so these
# scores are in-sample; scripts/research/nowcast_split.sh learns on half of the partners and scores the
# other half, which is the honest estimate for partners it has not seen.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${NOWCAST:-../shared/nowcast}
[ -f "$dir/cases.py" ] || { echo "nowcast_score: $dir/cases.py not found (set NOWCAST=DIR)" >&2; exit 1; }
cargo build --release --quiet
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p bench/results
out=bench/results/nowcast-$(date -u +%Y%m%dT%H%M%SZ).txt
{
    echo "# scripts/nowcast_score.sh at $(git rev-parse --short HEAD) ($(date -u +%Y-%m-%dT%H:%MZ))"
    python3 "$dir/cases.py" "$dir/census_monthly_tune.csv" "$tmp"
    for kind in level growth; do
        echo
        echo "## ytd_$kind: tradecast batch --panel ytd_$kind.csv --horizon 1"
        target/release/tradecast batch --panel "$tmp/ytd_$kind.csv" --horizon 1 --out "$tmp/out_$kind" -q
        python3 "$dir/score.py" "$tmp/truth.csv" "$kind" "$tmp/out_$kind/forecasts.csv" | tee "$tmp/score_$kind.txt"
        python3 - "$tmp/score_$kind.txt" <<'PY'
import sys
q = {}
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) > 6 and f[0].isdigit():
        m, n, c80, c95 = int(f[0]), int(f[1]), float(f[4]), float(f[5])
        k = (m - 1) // 3
        a = q.setdefault(k, [0, 0.0, 0.0])
        a[0] += n; a[1] += n * c80; a[2] += n * c95
for k, (n, c80, c95) in sorted(q.items()):
    print(f"months {3 * k + 1}-{min(3 * k + 3, 11)}: {n} cases, cov80 {c80 / n:.3f}, cov95 {c95 / n:.3f}")
PY
    done
} | tee "$out"
echo "saved $out" >&2
