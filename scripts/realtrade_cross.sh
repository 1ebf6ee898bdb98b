#!/usr/bin/env bash
# The cross-reporter check of ../shared/realtrade (issue #24): learn the pooled knowledge from one
# reporter's TRADHIST history (values up to 1993, origins from 1960, as scripts/learn_builtin.sh does
# for both) and score the other reporter's series of the tuning panels with it: GBR -> FRA and
# FRA -> GBR, then the full tuning panels with the built-in knowledge. For each: the short and long
# panels at h = 6 (sMAPE, MASE, 80%/95% coverage, MSIS) beside no change (Naive) and drift (RWD),
# computed in the same run by scripts/rt_baselines.py as statsforecast computes them; and the Brier
# skill of P(R x last value within 10 years) for R = 1.5 and 2 (targets_score.py), with its
# calibration by kind of series (pooled, smooth own-model, shrunk winner: scripts/rt_calibration.py).
# Draws one reliability diagram per panel and R (PNG, `--example reliability`).
#
#   scripts/realtrade_cross.sh        (also: scripts/accuracy.sh --set realtrade-cross)
#   REALTRADE=DIR scripts/realtrade_cross.sh
#
# Writes bench/results/realtrade-cross-<UTC time>.txt, its bins as reliability-<time>.csv and the
# diagrams as reliability-<time>/<panel>-R<R>.png.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rt=${REALTRADE:-$root/../shared/realtrade}
[ -f "$rt/score.py" ] || { echo "realtrade_cross.sh: $rt/score.py not found (set REALTRADE=DIR)" >&2; exit 1; }
cargo build --release --quiet --bin tradecast --example reliability
bin=$root/target/release/tradecast
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p bench/results
out=bench/results/realtrade-cross-$stamp.txt
bins=bench/results/reliability-$stamp.csv

# Turnover per reporter (imports + exports, years where both are known and positive), as learn_builtin.sh.
python3 - "$rt/tradhist_gbr_fra.csv" "$work" <<'PY'
import csv, sys
rows = {"GBR": [], "FRA": []}
for r in csv.DictReader(open(sys.argv[1])):
    try:
        m, x = float(r["imports"]), float(r["exports"])
    except ValueError:
        continue
    if m > 0 and x > 0 and r["reporter"] in rows:
        rows[r["reporter"]].append((f'{r["reporter"]}-{r["partner"]}', int(r["year"]), repr(m + x)))
for rep, rs in rows.items():
    rs.sort()
    with open(f"{sys.argv[2]}/turnover_{rep}.csv", "w", newline="") as f:
        w = csv.writer(f); w.writerow(["series_id", "year", "value"]); w.writerows(rs)
PY

# A panel's rows of one reporter (series ids are REPORTER-PARTNER-ORIGIN).
only() { awk -F, -v p="$1-" 'NR == 1 || index($1, p) == 1' "$2" >"$3"; }

# score LABEL KNOWLEDGE_ARGS... : every score of the panels in $work/panel-LABEL.
score() {
    local label=$1 kfile=$2 dir=$work/$1
    local kargs=(); [ "$kfile" = builtin ] || kargs=(--knowledge "$kfile")
    local kjson=$kfile; [ "$kfile" = builtin ] && kjson=knowledge/tradhist.json
    echo "## $label"
    for s in short long; do
        local tr=$dir/${s}_train.csv te=$dir/${s}_test.csv
        "$bin" batch --panel "$tr" --horizon 6 --out "$dir/$s" -q "${kargs[@]}"
        python3 scripts/rt_baselines.py "$tr" 6 naive "$dir/naive-$s.csv"
        python3 scripts/rt_baselines.py "$tr" 6 rwd "$dir/rwd-$s.csv"
        python3 "$rt/score.py" "$tr" "$te" "tradecast-$s=$dir/$s/forecasts.csv" "naive-$s=$dir/naive-$s.csv" \
            "rwd-$s=$dir/rwd-$s.csv"
    done
    for s in short long; do
        for r in 1.5 2; do
            local t=$dir/t$s$r
            "$bin" batch --panel "$dir/${s}_train.csv" --horizon 12 --target-ratio "$r" --out "$t" -q "${kargs[@]}"
            printf '%s ' "$s"
            python3 "$rt/targets_score.py" "$dir/${s}_train.csv" "$rt/tune_future.csv" "$r" "$t/targets.csv"
            python3 scripts/rt_calibration.py "$dir/${s}_train.csv" "$rt/tune_future.csv" "$r" "$t/targets.csv" \
                "$t/forecasts.csv" "$kjson" "$label-$s-R$r" "$bins"
        done
    done
}

{
    echo "# tradecast $(git rev-parse --short HEAD 2>/dev/null || echo '?') on $rt"
    for dir in GBR:FRA FRA:GBR; do
        from=${dir%%:*} to=${dir##*:}
        "$bin" learn --panel "$work/turnover_$from.csv" --since 1960 --until 1993 -q \
            --describe "TRADHIST (CEPII), turnover of $from with each partner" --out "$work/k$from"
        mkdir -p "$work/$from-to-$to"
        for f in short_train short_test long_train long_test; do
            only "$to" "$rt/tune_$f.csv" "$work/$from-to-$to/$f.csv"
        done
        score "$from-to-$to" "$work/k$from/knowledge.json"
    done
    mkdir -p "$work/tune"
    for f in short_train short_test long_train long_test; do cp "$rt/tune_$f.csv" "$work/tune/$f.csv"; done
    score tune builtin
} | tee "$out"
"$root/target/release/examples/reliability" "$bins" "bench/results/reliability-$stamp"
echo "results: $out, $bins, bench/results/reliability-$stamp/" >&2
