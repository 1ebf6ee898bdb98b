#!/usr/bin/env python3
"""Score forecasts against held-out points: sMAPE, MASE and 80%/95% interval coverage.

usage: accuracy.py --name NAME --train TRAIN.csv --test TEST.csv --tradecast forecasts.csv \
           [--statsforecast sf.csv] [--json out.jsonl]

Definitions (as in the M competitions; non-seasonal, m = 1):
  sMAPE = mean over series of 200/h * sum |y - f| / (|y| + |f|)          (percent)
  MASE  = mean over series of mean|y - f| / mean|y_t - y_{t-1}| (training part)
  coverage = share of held-out points inside the interval
Naive (last value carried forward) is scored too, as the floor any method should beat.
Every method is scored on the same series: those all methods forecast (tradecast may skip some).
"""
from __future__ import annotations

import argparse
import sys
import csv
import json
from collections import defaultdict


def read_panel(path: str) -> dict[str, list[tuple[int, float]]]:
    out: dict[str, list[tuple[int, float]]] = defaultdict(list)
    with open(path) as f:
        for r in csv.DictReader(f):
            out[r["series_id"]].append((int(r["year"]), float(r["value"])))
    return {k: sorted(v) for k, v in out.items()}


def read_tradecast(path: str) -> dict[str, dict[int, tuple[float, float, float, float, float]]]:
    out: dict[str, dict] = defaultdict(dict)
    with open(path) as f:
        for r in csv.DictReader(f):
            out[r["series_id"]][int(r["year"])] = tuple(
                float(r[c]) for c in ("mean", "lower80", "upper80", "lower95", "upper95")
            )
    return out


def read_chosen(path: str) -> dict[str, str]:
    with open(path) as f:
        return {r["series_id"]: r["model"] for r in csv.DictReader(f)}


def read_statsforecast(path: str) -> dict[str, dict[int, tuple[float, float, float, float, float]]]:
    out: dict[str, dict] = defaultdict(dict)
    with open(path) as f:
        rdr = csv.DictReader(f)
        point = [c for c in rdr.fieldnames if c not in ("unique_id", "ds") and "-lo-" not in c and "-hi-" not in c][0]
        for r in rdr:
            out[r["unique_id"]][int(float(r["ds"]))] = tuple(
                float(r[c])
                for c in (point, f"{point}-lo-80", f"{point}-hi-80", f"{point}-lo-95", f"{point}-hi-95")
            )
    return out


def naive(train, test) -> dict[str, dict]:
    out = {}
    for sid, pts in train.items():
        last = pts[-1][1]
        out[sid] = {y: (last, float("nan"), float("nan"), float("nan"), float("nan")) for y, _ in test[sid]}
    return out


def score(train, test, fc, ids) -> dict:
    smape, mase, c80, c95, n_pts = 0.0, 0.0, 0, 0, 0
    has_pi = True
    for sid in ids:
        y = [v for _, v in test[sid]]
        f = [fc[sid][yr] for yr, _ in test[sid]]
        h = len(y)
        smape += 200.0 / h * sum(abs(a - b[0]) / (abs(a) + abs(b[0])) for a, b in zip(y, f))
        tr = [v for _, v in train[sid]]
        scale = sum(abs(tr[i] - tr[i - 1]) for i in range(1, len(tr))) / (len(tr) - 1)
        mase += sum(abs(a - b[0]) for a, b in zip(y, f)) / h / scale
        for a, b in zip(y, f):
            if b[1] != b[1]:
                has_pi = False
                continue
            c80 += b[1] <= a <= b[2]
            c95 += b[3] <= a <= b[4]
            n_pts += 1
    n = len(ids)
    return {
        "series": n,
        "smape": smape / n,
        "mase": mase / n,
        "coverage80": c80 / n_pts if has_pi and n_pts else None,
        "coverage95": c95 / n_pts if has_pi and n_pts else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--tradecast", required=True)
    ap.add_argument("--statsforecast")
    ap.add_argument("--json")
    a = ap.parse_args()
    train, test = read_panel(a.train), read_panel(a.test)
    methods = {"tradecast": read_tradecast(a.tradecast)}
    if a.statsforecast:
        methods["statsforecast AutoETS"] = read_statsforecast(a.statsforecast)
    methods["naive"] = naive(train, test)
    ids = [s for s in test if all(s in fc and all(yr in fc[s] for yr, _ in test[s]) for fc in methods.values())]
    missing = {m: sum(1 for s in test if s not in fc) for m, fc in methods.items()}
    h = sorted({len(v) for v in test.values()})
    for m, fc in methods.items():
        r = score(train, test, fc, ids)
        cov = lambda x: "n/a" if x is None else f"{100 * x:.1f}%"  # noqa: E731
        print(f"| {a.name} (h = {','.join(map(str, h))}) | {m} | {r['series']} | {r['smape']:.2f} | {r['mase']:.3f} | "
              f"{cov(r['coverage80'])} | {cov(r['coverage95'])} | {missing[m]} |")
        if a.json:
            with open(a.json, "a") as f:
                f.write(json.dumps({"set": a.name, "method": m, "not_forecast": missing[m], **r}, sort_keys=True) + "\n")
    # tradecast by the model it chose: where its accuracy and coverage come from (stderr, and
    # records with "chosen" in the JSON file).
    chosen = read_chosen(a.tradecast)
    for model in sorted({chosen[s] for s in ids}):
        sub = [s for s in ids if chosen[s] == model]
        r = score(train, test, methods["tradecast"], sub)
        print(f"   {a.name}: tradecast chose {model} for {r['series']} series: sMAPE {r['smape']:.2f}, "
              f"coverage {100 * r['coverage80']:.1f}% / {100 * r['coverage95']:.1f}%", file=sys.stderr)
        if a.json:
            with open(a.json, "a") as f:
                f.write(json.dumps({"set": a.name, "method": "tradecast", "chosen": model, **r}, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
