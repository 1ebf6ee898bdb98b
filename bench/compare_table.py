#!/usr/bin/env python3
"""Print the tables of bench/compare.sh from its JSON-lines results file.

usage: compare_table.py RESULTS.jsonl
"""
from __future__ import annotations

import json
import sys


def main() -> None:
    recs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    tc = {(r["panel"], r["threads"]): r for r in recs if r["bench"] == "tradecast" and r["tag"] != "targets"}
    tc_targets = {(r["panel"], r["threads"]): r for r in recs if r["bench"] == "tradecast" and r["tag"] == "targets"}
    peer = {(r["panel"], r["model"], r["n_jobs"]): r for r in recs if r["bench"] == "statsforecast"}
    machine = next((r for r in recs if r["bench"] == "statsforecast"), {})

    def n_of(panel: str) -> int:
        return int(panel.removeprefix("panel_").removesuffix(".csv"))

    panels = sorted({p for p, _ in tc}, key=n_of)
    print("\n## tradecast batch vs statsforecast (h = 10, 80% and 95% intervals)\n")
    loads = [r["loadavg"] for r in recs if "loadavg" in r]
    if loads:
        print(f"load average (1 min) before each tradecast run: {min(loads):.1f} to {max(loads):.1f} on 2 cores "
              "(other work on the machine slows both tools)\n")
    if machine:
        print(f"machine: {machine.get('cpu')}, {machine.get('ncpu')} cpus, {machine.get('mem_gib')} GiB; "
              f"statsforecast {machine.get('statsforecast')}, python {machine.get('python')}\n")
    print("| series | jobs | tool | wall s | series/s | peak RSS MiB | peer fit s / tradecast wall s |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for p in panels:
        n = n_of(p)
        if n == 0:
            continue
        for jobs in (1, 2):
            t = tc.get((p, jobs))
            if not t or t["tag"] != "compare":
                continue
            print(f"| {n:,} | {jobs} | {t['runner']}, whole process | {t['wall_s']:.2f} | "
                  f"{n / t['wall_s']:,.0f} | {t['peak_rss_mib']:.0f} | 1.0 |")
            for model, label in (("autoets", "statsforecast AutoETS"), ("holt_damped", "statsforecast ETS(A,Ad,N)")):
                r = peer.get((p, model, jobs))
                if not r:
                    continue
                print(f"| {n:,} | {jobs} | {label}, fit+forecast only (whole process {r['total_process_s']:.1f} s) | "
                      f"{r['steady_s']:.2f} | {n / r['steady_s']:,.0f} | {r['tree_peak_rss_mib']:.0f} | "
                      f"**{r['steady_s'] / t['wall_s']:.1f}×** |")

    scaling = sorted((k for k in tc if n_of(k[0]) > 0), key=lambda k: (k[1], n_of(k[0])))
    if len({p for p, _ in scaling}) > 1:
        print("\n## tradecast scaling (whole process)\n")
        print("| series | threads | wall s | series/s | µs per series | peak RSS MiB | user+sys s |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for p, jobs in scaling:
            t = tc[(p, jobs)]
            n = n_of(p)
            print(f"| {n:,} | {jobs} | {t['wall_s']:.2f} | {n / t['wall_s']:,.0f} | {t['wall_s'] / n * 1e6:,.0f} | "
                  f"{t['peak_rss_mib']:.0f} | {t['user_s'] + t['sys_s']:.2f} |")

    if tc_targets:
        print("\n## tradecast with targets.csv (--target-ratio 2: 1,000 simulated paths a series, ten years)\n")
        print("| series | threads | wall s | series/s | peak RSS MiB | user+sys s | CPU s vs forecasts only | "
              "AutoETS fit s / this wall s |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for (p, jobs), t in sorted(tc_targets.items(), key=lambda kv: (n_of(kv[0][0]), kv[0][1])):
            n = n_of(p)
            base = tc.get((p, jobs))
            ratio = f"{(t['user_s'] + t['sys_s']) / (base['user_s'] + base['sys_s']):.1f}×" if base else "n/a"
            auto = peer.get((p, "autoets", jobs))
            vs = f"**{auto['steady_s'] / t['wall_s']:.1f}×**" if auto else "n/a"
            print(f"| {n:,} | {jobs} | {t['wall_s']:.2f} | {n / t['wall_s']:,.0f} | {t['peak_rss_mib']:.0f} | "
                  f"{t['user_s'] + t['sys_s']:.2f} | {ratio} | {vs} |")

    ups = [r for r in recs if r["bench"] == "startup"]
    if ups:
        print("\n## start-up\n")
        print("| command | tool | runs | mean ms | sd ms | min ms |")
        print("|---|---|---:|---:|---:|---:|")
        for r in ups:
            cmd = r["command"]
            print(f"| `{cmd}` | {r['tool']} | {r['runs']} | {r['mean_ms']:.2f} | {r['stddev_ms']:.2f} | {r['min_ms']:.2f} |")
    imports = [r["import_s"] for r in recs if r["bench"] == "statsforecast"]
    if imports:
        print(f"\nstatsforecast import time per process: {min(imports):.2f} to {max(imports):.2f} s")


if __name__ == "__main__":
    main()
