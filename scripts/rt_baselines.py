"""No change (Naive) and drift (RWD) forecasts of a panel, in `tradecast batch`'s forecasts.csv format,
computed as statsforecast's Naive and RandomWalkWithDrift do (normal intervals, sigma from the in-sample
one-step residuals), so the realtrade scripts can print them beside tradecast in one run without the peer
environment. Usage: rt_baselines.py TRAIN H naive|rwd OUT.csv"""
import csv, collections, math, sys

Z = {80: 1.2815515655446004, 95: 1.959963984540054}


def panel(path):
    s = collections.defaultdict(dict)
    for r in csv.DictReader(open(path)):
        s[r["series_id"]][int(r["year"])] = float(r["value"])
    return s


def forecast(y, h, kind):
    n = len(y)
    diffs = [b - a for a, b in zip(y, y[1:])]
    if kind == "naive":
        slope = 0.0
        res = diffs
        sigma = math.sqrt(sum(d * d for d in res) / max(len(res), 1))
    else:
        slope = (y[-1] - y[0]) / max(n - 1, 1)
        res = [d - slope for d in diffs]
        sigma = math.sqrt(sum(d * d for d in res) / max(len(res), 1))
    rows = []
    for k in range(1, h + 1):
        mean = y[-1] + slope * k
        se = sigma * math.sqrt(k) if kind == "naive" else sigma * math.sqrt(k * (1 + k / max(n - 1, 1)))
        rows.append((k, mean, *(mean + s * Z[l] * se for l in (80, 95) for s in (-1, 1))))
    return rows


def main():
    train, h, kind, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["series_id", "year", "mean", "lower80", "upper80", "lower95", "upper95", "model"])
        for sid, s in panel(train).items():
            years = sorted(s)
            for k, m, l8, u8, l9, u9 in forecast([s[y] for y in years], h, kind):
                w.writerow([sid, years[-1] + k, repr(m), repr(l8), repr(u8), repr(l9), repr(u9), kind])


if __name__ == "__main__":
    main()
