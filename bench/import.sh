#!/usr/bin/env bash
# Import benchmark: a 1,000,000-row synthetic UN Comtrade CSV (bench/make_comtrade_1m.py) into a copy
# of data/, timed with /usr/bin/time -v (wall, user+sys, max RSS), then imported again (a no-op).
# Appends one JSON line to bench/results/import-<UTC time>.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/panels bench/results
csv=bench/panels/comtrade_1m.csv
[ -s "$csv" ] || python3 bench/make_comtrade_1m.py "$csv"
cargo build --release --quiet --bin tradecast
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp data/observations.csv data/targets.csv "$tmp/"
run() {
  /usr/bin/time -v target/release/tradecast --data "$tmp" import "$csv" >"$tmp/out.txt" 2>"$tmp/time.txt"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tmp/time.txt" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$tmp/time.txt")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$tmp/time.txt")
  echo "$wall $cpu $rss"
}
read -r w1 c1 r1 < <(run)
added=$(grep -o 'added [0-9]* observation' "$tmp/out.txt" | grep -o '[0-9]*')
sum1=$(md5sum < "$tmp/observations.csv")
read -r w2 c2 r2 < <(run)
sum2=$(md5sum < "$tmp/observations.csv")
same=$([ "$sum1" = "$sum2" ] && echo true || echo false)
rows=$(($(wc -l < "$csv") - 1))
line=$(printf '{"when":"%s","rows":%d,"added":%s,"wall_s":%s,"cpu_s":%s,"max_rss_kib":%s,"rows_per_s":%.0f,"reimport_wall_s":%s,"reimport_max_rss_kib":%s,"reimport_unchanged":%s}' \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$rows" "$added" "$w1" "$c1" "$r1" "$(echo "$rows / $w1" | bc -l)" "$w2" "$r2" "$same")
echo "$line" | tee -a "bench/results/import-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
