#!/usr/bin/env bash
# Re-makes the built-in pooled knowledge, knowledge/tradhist.json, from TRADHIST in ../shared/realtrade:
# turnover (imports + exports, years where both are known and positive) of Britain and France with
# each partner, values up to 1993 only (before the tuning panels' first origin, 1994), forecast
# origins from 1960; and its nowcast section (how a year's months add up to its total) from the US Census
# monthly trade of the tune partners in ../shared/nowcast (census_monthly_tune.csv; the held-out third of
# the partners is never read). Deterministic: running it again gives the same bytes.
#
#   scripts/learn_builtin.sh            writes knowledge/tradhist.json
set -euo pipefail
cd "$(dirname "$0")/.."
src=${REALTRADE:-../shared/realtrade}/tradhist_gbr_fra.csv
[ -f "$src" ] || { echo "learn_builtin: $src not found (set REALTRADE=DIR)" >&2; exit 1; }
monthly=${NOWCAST:-../shared/nowcast}/census_monthly_tune.csv
[ -f "$monthly" ] || { echo "learn_builtin: $monthly not found (set NOWCAST=DIR)" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 - "$src" "$tmp/turnover.csv" <<'PY'
import csv, sys
rows = []
for r in csv.DictReader(open(sys.argv[1])):
    try:
        m, x = float(r["imports"]), float(r["exports"])
    except ValueError:
        continue
    if m > 0 and x > 0:
        rows.append((f'{r["reporter"]}-{r["partner"]}', int(r["year"]), repr(m + x)))
rows.sort()
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f); w.writerow(["series_id", "year", "value"]); w.writerows(rows)
PY
cargo run --release --quiet -- learn --panel "$tmp/turnover.csv" --since 1960 --until 1993 \
    --describe "TRADHIST (CEPII), turnover of Britain and France with each partner, current USD" \
    --monthly "$monthly" \
    --file tradhist.json --out "$tmp/out"
# The panel's temporary path is not provenance: name the script instead.
python3 - "$tmp/out/tradhist.json" knowledge/tradhist.json <<'PY'
import json, sys
k = json.load(open(sys.argv[1]))
k["provenance"]["command"] = ("scripts/learn_builtin.sh (tradecast learn --panel <TRADHIST turnover> "
                               "--since 1960 --until 1993)")
n = k["nowcast"]["provenance"]
n["data"] = ("US Census Bureau, U.S. trade in goods by country, monthly imports, exports and turnover of the "
             "United States with two thirds of its partners (../shared/nowcast/census_monthly_tune.csv), USD")
n["command"] = ("scripts/learn_builtin.sh (tradecast learn --monthly census_monthly_tune.csv "
                "--min-total 100000000)")
open(sys.argv[2], "w").write(json.dumps(k, indent=2) + "\n")
PY
echo "wrote knowledge/tradhist.json"
