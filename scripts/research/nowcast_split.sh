#!/usr/bin/env bash
# The honest check of the nowcast rules (issue #22): learn them on half of the tune partners of
# ../shared/nowcast and score them on the other half, both ways (the split is the learner's own fold: a
# hash of the series id up to its last '-', so one partner's imports, exports and turnover stay together).
#
#   scripts/research/nowcast_split.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${NOWCAST:-../shared/nowcast}
src=${REALTRADE:-../shared/realtrade}/tradhist_gbr_fra.csv
cargo build --release --quiet
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 - "$dir/census_monthly_tune.csv" "$src" "$tmp" <<'PY'
import csv, sys
def fold(sid):
    h = 0xcbf29ce484222325
    for b in sid.rsplit("-", 1)[0].encode():
        h ^= b; h = (h * 0x100000001b3) & (2**64 - 1)
    return (h >> 23) & 1
rows = list(csv.reader(open(sys.argv[1])))
for f in (0, 1):
    with open(f"{sys.argv[3]}/half{f}.csv", "w", newline="") as out:
        w = csv.writer(out); w.writerow(rows[0]); w.writerows(r for r in rows[1:] if fold(r[0]) == f)
ann = []
for r in csv.DictReader(open(sys.argv[2])):
    try:
        m, x = float(r["imports"]), float(r["exports"])
    except ValueError:
        continue
    if m > 0 and x > 0:
        ann.append((f'{r["reporter"]}-{r["partner"]}', int(r["year"]), repr(m + x)))
ann.sort()
with open(f"{sys.argv[3]}/turnover.csv", "w", newline="") as out:
    w = csv.writer(out); w.writerow(["series_id", "year", "value"]); w.writerows(ann)
PY
for f in 0 1; do
    other=$((1 - f))
    target/release/tradecast learn -q --panel "$tmp/turnover.csv" --since 1960 --until 1993 \
        --monthly "$tmp/half$f.csv" --file k$f.json --out "$tmp"
    python3 "$dir/cases.py" "$tmp/half$other.csv" "$tmp/cases$other" >/dev/null
    for kind in level growth; do
        echo "## learned on half $f, scored on half $other: ytd_$kind"
        target/release/tradecast --knowledge "$tmp/k$f.json" batch --panel "$tmp/cases$other/ytd_$kind.csv" \
            --horizon 1 --out "$tmp/out$other$kind" -q
        python3 "$dir/score.py" "$tmp/cases$other/truth.csv" "$kind" "$tmp/out$other$kind/forecasts.csv" | tail -${NOWCAST_LINES:-1}
    done
done
