#!/usr/bin/env bash
# Scores tradecast on the real bilateral trade panels of ../shared/realtrade (TRADHIST, Britain's
# and France's partners): point accuracy and bands at h = 6 on the short (5 points) and long
# (8-20 points) panels, the widest 95% band, and the Brier skill of P(R x last value within 10
# years) for R = 1.5 and 2 against the constant base rate. Peers' numbers: ../shared/realtrade/README.md.
#
#   scripts/realtrade.sh               (also: scripts/accuracy.sh --set realtrade)
#   REALTRADE=DIR scripts/realtrade.sh  panels elsewhere (the held-out panels have the same files)
#
# Writes the printed lines to bench/results/realtrade-<UTC time>.txt as well.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rt=${REALTRADE:-$root/../shared/realtrade}
[ -f "$rt/score.py" ] || { echo "realtrade.sh: $rt/score.py not found (set REALTRADE=DIR)" >&2; exit 1; }
cargo build --release --quiet --bin tradecast
bin=$root/target/release/tradecast
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p bench/results
out=bench/results/realtrade-$(date -u +%Y%m%dT%H%M%SZ).txt
{
    echo "# tradecast $(git rev-parse --short HEAD 2>/dev/null || echo '?') on $rt"
    for s in short long; do
        "$bin" batch --panel "$rt/tune_${s}_train.csv" --horizon 6 --out "$work/$s" -q
        python3 "$rt/score.py" "$rt/tune_${s}_train.csv" "$rt/tune_${s}_test.csv" "tradecast-$s=$work/$s/forecasts.csv"
        python3 - "$work/$s/forecasts.csv" "$s" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
w = max(rows, key=lambda r: float(r["upper95"]) / float(r["lower95"]))
print(f"{sys.argv[2]}: widest 95% band a factor of {float(w['upper95']) / float(w['lower95']):.0f} "
      f"({w['series_id']} {w['year']}, {w['model']}); lowest lower95 {min(float(r['lower95']) for r in rows):.3g}; "
      f"models: " + ", ".join(f"{m} {n}" for m, n in sorted(
          {m: sum(r['model'] == m for r in rows) for m in {r['model'] for r in rows}}.items(), key=lambda x: -x[1])))
PY
    done
    for s in short long; do
        for r in 1.5 2; do
            "$bin" batch --panel "$rt/tune_${s}_train.csv" --horizon 12 --target-ratio "$r" --out "$work/t$s$r" -q
            printf '%s ' "$s"
            python3 "$rt/targets_score.py" "$rt/tune_${s}_train.csv" "$rt/tune_future.csv" "$r" "$work/t$s$r/targets.csv"
        done
    done
} | tee "$out"
echo "results: $out" >&2
