#!/usr/bin/env bash
# Scores tradecast on series known by only one or two annual values: the last 1 and the last 2
# points of every series of the real-trade tuning panels (../shared/realtrade/tune_short_train.csv
# and tune_long_train.csv) as new panels, forecast 6 years ahead with `tradecast batch` and scored
# with ../shared/realtrade/score.py against the matching *_test.csv, beside the no-change forecast
# (the last value carried forward) written as a forecasts.csv and scored in the same run; then the
# Brier skill of P(R x the last value within 10 years), R = 1.5 and 2, from the same windows
# (../shared/realtrade/targets_score.py).
#
# MASE: score.py scales each series' errors by its in-sample mean absolute yearly change, which one
# point does not have. So the *full* train series is given to score.py as TRAIN: it uses TRAIN only
# for that scale, and every forecaster of a panel is scaled alike (the same scale as the 5-point and
# long panels' scores). The no-change forecast has no band: its coverage columns are not meaningful.
#
#   scripts/tiny_windows.sh               (also: scripts/accuracy.sh --set realtrade-tiny)
#   REALTRADE=DIR scripts/tiny_windows.sh  panels elsewhere (the held-out panels have the same files)
#
# Writes the printed lines to bench/results/tiny-<UTC time>.txt as well.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rt=${REALTRADE:-$root/../shared/realtrade}
[ -f "$rt/score.py" ] || { echo "tiny_windows.sh: $rt/score.py not found (set REALTRADE=DIR)" >&2; exit 1; }
cargo build --release --quiet --bin tradecast
bin=$root/target/release/tradecast
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p bench/results
out=bench/results/tiny-$(date -u +%Y%m%dT%H%M%SZ).txt
{
    echo "# tradecast $(git rev-parse --short HEAD 2>/dev/null || echo '?') on $rt, h = 6; MASE scaled by the full train series"
    for s in short long; do
        for k in 1 2; do
            # The last k points of each series, and the no-change forecast from its last one.
            python3 - "$rt/tune_${s}_train.csv" "$rt/tune_${s}_test.csv" "$k" "$work/$s$k.csv" "$work/naive$s$k.csv" <<'PY'
import csv, sys, collections
train, test, k, panel_out, naive_out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
series = collections.defaultdict(dict)
for r in csv.DictReader(open(train)):
    series[r["series_id"]][int(r["year"])] = r["value"]
ahead = collections.defaultdict(list)
for r in csv.DictReader(open(test)):
    ahead[r["series_id"]].append(int(r["year"]))
with open(panel_out, "w", newline="") as f, open(naive_out, "w", newline="") as g:
    w, n = csv.writer(f), csv.writer(g)
    w.writerow(["series_id", "year", "value"])
    n.writerow(["series_id", "year", "mean", "lower80", "upper80", "lower95", "upper95", "model"])
    for sid, s in series.items():
        years = sorted(s)[-k:]
        for y in years:
            w.writerow([sid, y, s[y]])
        for y in sorted(ahead[sid]):
            n.writerow([sid, y] + [s[years[-1]]] * 5 + ["naive"])
PY
            "$bin" batch --panel "$work/$s$k.csv" --horizon 6 --out "$work/tc$s$k" -q
            echo "$s panel, last $k point(s): $(($(wc -l <"$work/tc$s$k/skipped.csv") - 1)) series skipped"
            python3 "$rt/score.py" "$rt/tune_${s}_train.csv" "$rt/tune_${s}_test.csv" \
                "tradecast-$s$k=$work/tc$s$k/forecasts.csv" "naive-$s$k=$work/naive$s$k.csv"
        done
    done
    # Target tracking from the same windows: P(R x the last value within 10 years), Brier skill.
    for s in short long; do
        for k in 1 2; do
            for r in 1.5 2; do
                "$bin" batch --panel "$work/$s$k.csv" --horizon 12 --target-ratio "$r" --out "$work/t$s$k$r" -q
                printf '%s, last %s point(s): ' "$s" "$k"
                python3 "$rt/targets_score.py" "$rt/tune_${s}_train.csv" "$rt/tune_future.csv" "$r" \
                    "$work/t$s$k$r/targets.csv" >"$work/t$s$k$r.txt"
                head -n 1 "$work/t$s$k$r.txt"
            done
        done
    done
} | tee "$out"
echo "results: $out" >&2
