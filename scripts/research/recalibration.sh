#!/usr/bin/env bash
# Issue #24: would a recalibration of P learned with the rest (pre-1994 windows) hold up on the
# other reporter? Builds each reporter's pre-1994 windows as the tune panels are cut (origins
# 1960-1983 every 3 years, 10-year outcomes known by 1993), learns each reporter's knowledge,
# runs batch --target-ratio on the windows and on the other reporter's tune series, and fits
# the recalibrations (recal_fit.py). Needs target/release/tradecast.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export REALTRADE=${REALTRADE:-$here/../../../shared/realtrade}
B=$here/../../target/release/tradecast
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
cd "$w"
python3 "$here/recal_turnover.py" "$REALTRADE/tradhist_gbr_fra.csv" .
for rep in GBR FRA; do
    python3 "$here/recal_windows.py" "turnover_$rep.csv" "$rep" .
    "$B" learn --panel "turnover_$rep.csv" --since 1960 --until 1993 -q --out "k$rep"
    for s in long short; do for r in 1.5 2; do
        "$B" batch --panel "${rep}_${s}_train.csv" --horizon 12 --target-ratio $r --out "w-$rep-$s-$r" -q \
            --knowledge "k$rep/knowledge.json"
    done; done
done
for pair in GBR:FRA FRA:GBR; do
    a=${pair%%:*} b=${pair##*:}
    for s in long short; do
        awk -F, -v p="$b-" 'NR==1||index($1,p)==1' "$REALTRADE/tune_${s}_train.csv" >"x-$b-$s.csv"
        for r in 1.5 2; do
            "$B" batch --panel "x-$b-$s.csv" --horizon 12 --target-ratio $r --out "c-$a-$b-$s-$r" -q \
                --knowledge "k$a/knowledge.json"
        done
    done
done
python3 "$here/recal_fit.py"
