#!/usr/bin/env bash
# tradecast batch against statsforecast (AutoETS and ETS(A,Ad,N)) on the shared synthetic panels.
#
# From a fresh clone (shared/ must sit next to the repository: ../shared/bench):
#
#   bench/compare.sh            # panels of 1,000 and 40,000 series, 1 and 2 jobs each, start-up time
#   bench/compare.sh --quick    # the 1,000 panel only
#   bench/compare.sh --big      # also tradecast alone on 400,000 series (scaling; ~150 MB panel)
#   bench/compare.sh --no-peer  # tradecast only (no Python venv needed)
#
# Creates .venv-peer/ (python3 -m venv + pip install -r ../shared/bench/requirements.txt) and
# bench/panels/ (both gitignored), builds release, and appends every measurement to
# bench/results/compare-<UTC time>.jsonl before printing the tables (bench/compare_table.py).
#
# Timing: tradecast is timed as a whole process (start-up, CSV read, fits, CSV write) with
# /usr/bin/time -v (wall clock, max RSS). statsforecast is timed by the shared
# bench_statsforecast.py: fit+forecast only (import and CSV load excluded), peak RSS summed over
# its worker processes. The speed ratio compares the two as printed, which favours the peer.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
shared="$root/../shared/bench"

quick=0 big=0 peer=1
for a in "$@"; do
    case "$a" in
    --quick) quick=1 ;;
    --big) big=1 ;;
    --no-peer) peer=0 ;;
    -h | --help)
        sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "compare.sh: unknown option $a (try --help)" >&2
        exit 2
        ;;
    esac
done

die() {
    echo "compare.sh: $*" >&2
    exit 1
}

[ -f "$shared/generate_panel.py" ] && [ -f "$shared/requirements.txt" ] ||
    die "$shared not found: the shared benchmark scripts must be at ../shared/bench relative to the repository root ($root). Clone or copy the shared/ directory next to the repository."

# --- tools ---------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    echo "== installing GNU time (/usr/bin/time) with apt-get" >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y -q time >/dev/null; else sudo apt-get install -y -q time >/dev/null; fi ||
        die "/usr/bin/time is missing and could not be installed: apt-get install time"
fi

venv="$root/.venv-peer"
py="$venv/bin/python"
if [ ! -x "$py" ] || ! "$py" -c 'import numpy, psutil' 2>/dev/null; then
    echo "== creating $venv" >&2
    python3 -m venv "$venv" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
    if [ "$peer" = 1 ]; then
        "$venv/bin/pip" install -q -r "$shared/requirements.txt" || die "pip install -r $shared/requirements.txt failed"
    else
        "$venv/bin/pip" install -q "$(grep '^numpy==' "$shared/requirements.txt")" "$(grep '^psutil==' "$shared/requirements.txt")"
    fi
fi
if [ "$peer" = 1 ] && ! "$py" -c 'import statsforecast' 2>/dev/null; then
    "$venv/bin/pip" install -q -r "$shared/requirements.txt" || die "pip install -r $shared/requirements.txt failed"
fi

# --- panels --------------------------------------------------------------------------------
panels="$root/bench/panels"
mkdir -p "$panels"
panel() { # N -> path, generated once
    local n=$1 p="$panels/panel_$1.csv"
    if [ ! -s "$p" ]; then
        echo "== generating $p" >&2
        "$py" "$shared/generate_panel.py" --n "$n" --out "$p.part" >&2 && mv "$p.part" "$p"
    fi
    echo "$p"
}
sizes=(1000)
[ "$quick" = 1 ] || sizes+=(40000)
scale_sizes=("${sizes[@]}")
[ "$big" = 1 ] && scale_sizes+=(400000)
for n in "${scale_sizes[@]}"; do panel "$n" >/dev/null; done
printf 'series_id,year,value\n' >"$panels/panel_0.csv"

# --- build ---------------------------------------------------------------------------------
echo "== cargo build --release" >&2
cargo build --release --quiet --bins --example batch
if "$root/target/release/tradecast" batch --help >/dev/null 2>&1; then
    runner=("$root/target/release/tradecast" batch)
    runner_name="tradecast batch (CLI)"
else
    runner=("$root/target/release/examples/batch")
    runner_name="examples/batch (CLI not wired yet)"
fi
echo "== runner: $runner_name" >&2

mkdir -p "$root/bench/results"
results="$root/bench/results/compare-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# --- measurements --------------------------------------------------------------------------
run_tradecast() { # panel threads tag [extra flags...]
    local p=$1 t=$2 tag=$3 log="$scratch/time.log"
    shift 3
    rm -rf "$scratch/out"
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -v "${runner[@]}" --panel "$p" --horizon 10 --out "$scratch/out" --threads "$t" -q "$@" 2>"$log" ||
        { cat "$log" >&2; die "tradecast failed on $p"; }
    t1=$(date +%s.%N)
    "$py" - "$log" "$p" "$t" "$tag" "$scratch/out" "$runner_name" "$t0" "$t1" >>"$results" <<'EOF'
import json, re, sys, os
log, panel, threads, tag, out, runner, t0, t1 = sys.argv[1:]
text = open(log).read()
def field(name):
    return re.search(re.escape(name) + r": (.*)", text).group(1).strip()
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
time_wall = 0.0  # /usr/bin/time's own reading, 10 ms resolution
for part in wall.split(":"):
    time_wall = time_wall * 60 + float(part)
secs = float(t1) - float(t0)  # date +%s.%N around it: ns resolution, includes fork/exec of time
n_series = 0
with open(os.path.join(out, "forecasts.csv")) as f:
    next(f)
    last = None
    for line in f:
        sid = line.split(",", 1)[0]
        if sid != last:
            n_series += 1
            last = sid
skipped = sum(1 for _ in open(os.path.join(out, "skipped.csv"))) - 1
rec = {"bench": "tradecast", "tag": tag, "loadavg": float(open("/proc/loadavg").read().split()[0]), "runner": runner, "panel": os.path.basename(panel),
       "threads": int(threads), "wall_s": round(secs, 3), "time_v_wall_s": time_wall, "n_forecast": n_series, "n_skipped_rows": skipped,
       "peak_rss_mib": round(int(field("Maximum resident set size (kbytes)")) / 1024, 1),
       "user_s": float(field("User time (seconds)")), "sys_s": float(field("System time (seconds)"))}
print(json.dumps(rec, sort_keys=True))
EOF
    tail -n 1 "$results" >&2
}

run_peer() { # panel model jobs
    "$py" "$shared/bench_statsforecast.py" --panel "$1" --model "$2" --n-jobs "$3" --tag peer \
        --results "$results" >&2 || die "statsforecast failed ($2, $3 jobs, $1)"
}

for n in "${sizes[@]}"; do
    p=$(panel "$n")
    for t in 1 2; do
        echo "== tradecast, $n series, $t thread(s)" >&2
        run_tradecast "$p" "$t" compare
        if [ "$peer" = 1 ]; then
            for m in autoets holt_damped; do
                echo "== statsforecast $m, $n series, $t job(s)" >&2
                run_peer "$p" "$m" "$t"
            done
        fi
    done
done

for n in "${sizes[@]}"; do
    for t in 1 2; do
        echo "== tradecast with targets (--target-ratio 2, 1,000 paths a series), $n series, $t thread(s)" >&2
        run_tradecast "$(panel "$n")" "$t" targets --target-ratio 2
    done
done

if [ "$big" = 1 ]; then
    p=$(panel 400000)
    for t in 1 2; do
        echo "== scaling: tradecast, 400000 series, $t thread(s)" >&2
        run_tradecast "$p" "$t" scaling
    done
fi

# --- start-up -------------------------------------------------------------------------------
empty=("${runner[@]}" --panel "$panels/panel_0.csv" --horizon 10 --out "$scratch/empty" --threads 1 -q)
if [ "${runner[0]}" = "$root/target/release/tradecast" ]; then
    startup_cmds=("$root/target/release/tradecast --version" "${empty[*]}")
else
    startup_cmds=("${empty[*]}")
fi
for c in "${startup_cmds[@]}"; do
    echo "== start-up: $c" >&2
    if command -v hyperfine >/dev/null; then
        hyperfine -N --warmup 5 --runs 50 --export-json "$scratch/hf.json" "$c" >&2
        "$py" - "$scratch/hf.json" "${c//$root\//}" >>"$results" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(json.dumps({"bench": "startup", "tool": "hyperfine", "command": sys.argv[2], "runs": len(r["times"]),
                  "mean_ms": round(r["mean"] * 1e3, 2), "stddev_ms": round(r["stddev"] * 1e3, 2),
                  "min_ms": round(r["min"] * 1e3, 2)}, sort_keys=True))
EOF
    else
        "$py" - "$c" "${c//$root\//}" >>"$results" <<'EOF'
import json, shlex, subprocess, sys, time
cmd = shlex.split(sys.argv[1])
for _ in range(5):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
ts = []
for _ in range(50):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    ts.append(time.perf_counter() - t)
mean = sum(ts) / len(ts)
sd = (sum((x - mean) ** 2 for x in ts) / (len(ts) - 1)) ** 0.5
print(json.dumps({"bench": "startup", "tool": "python loop (hyperfine not installed)", "command": sys.argv[2],
                  "runs": len(ts), "mean_ms": round(mean * 1e3, 2), "stddev_ms": round(sd * 1e3, 2),
                  "min_ms": round(min(ts) * 1e3, 2)}, sort_keys=True))
EOF
    fi
    tail -n 1 "$results" >&2
done

echo "== results: $results" >&2
"$py" "$root/bench/compare_table.py" "$results"
