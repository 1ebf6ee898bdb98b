"""Calibration of P(R x last value within 10 years) by kind of series, scored as
../shared/realtrade/targets_score.py scores it (only series with all 10 future years observed; bins of 0.2).

Usage: rt_calibration.py TRAIN FUTURE R TARGETS.csv FORECASTS.csv KNOWLEDGE.json LABEL [BINS_OUT.csv]

The kind of each series comes from the same batch run's forecasts.csv and the knowledge file:
  pooled  - the pooled model's forecast (every series of under 8 points, and long ones it kept);
  smooth  - 8+ points smoother than the knowledge's smooth_below: the series' own models, own bands;
  shrunk  - an own model that beat the pooled one, shrunk toward it, with the pooled model's band.
Prints one line per kind (n, reached, mean P, Brier, skill against the panel's base rate, the worst bin
of at least 30 series), its calibration bins, and where its point forecast 10 years ahead fell (median log
error actual/point, share of actuals above the point and inside the 80% band: a drift or width fault); with BINS_OUT appends `label,kind,bin_lo,bin_hi,n,mean_p,observed` rows (the
reliability diagram's data, drawn by `cargo run --release --example reliability`)."""
import csv, collections, json, math, os, sys

MAX_WINDOW = 20  # crate::knowledge::MAX_WINDOW: the window Features::sd measures


def panel(path):
    s = collections.defaultdict(dict)
    for r in csv.DictReader(open(path)):
        s[r["series_id"]][int(r["year"])] = float(r["value"])
    return s


def own_sd(s):
    """Features::sd of the last MAX_WINDOW points (every point of these panels is reported)."""
    years = sorted(s)[-MAX_WINDOW:]
    ch = [(math.log(s[b]) - math.log(s[a])) / math.sqrt(max(b - a, 1)) for a, b in zip(years, years[1:])]
    if len(ch) < 2:
        return None
    m = sum(ch) / len(ch)
    return math.sqrt(sum((c - m) ** 2 for c in ch) / (len(ch) - 1))


def kinds(train, forecasts, knowledge):
    below = json.load(open(knowledge)).get("smooth_below")
    model = {}
    for r in csv.DictReader(open(forecasts)):
        model.setdefault(r["series_id"], r["model"])
    out = {}
    for sid, s in train.items():
        m = model.get(sid)
        if m is None:
            continue
        sd = own_sd(s)
        if m == "pooled":
            out[sid] = "pooled"
        elif below is not None and len(s) >= 8 and sd is not None and sd < below:
            out[sid] = "smooth"
        else:
            out[sid] = "shrunk"
    return out


def drift_line(d_fc, train, future_path, k, h=10):
    """Where the point forecast h years ahead fell, for the series of kind k."""
    path, kind = d_fc
    future = panel(future_path)
    fc = {(r["series_id"], int(r["year"])): r for r in csv.DictReader(open(path))}
    errs, above, in80 = [], 0, 0
    for sid, tr in train.items():
        if k != "all" and kind.get(sid) != k:
            continue
        y = max(tr) + h
        r, v = fc.get((sid, y)), future.get(sid, {}).get(y)
        if r is None or v is None:
            continue
        m = float(r["mean"])
        errs.append(math.log(v / m)); above += v > m; in80 += float(r["lower80"]) <= v <= float(r["upper80"])
    if not errs:
        return f"{h} years ahead: no series"
    errs.sort()
    n = len(errs)
    return (f"{h} years ahead ({n} series): median log(actual/point) {errs[n // 2]:+.3f}, above the point "
            f"{above / n:.2f}, inside the 80% band {in80 / n:.2f}")


def main():
    a = sys.argv[1:]
    train, future, R = panel(a[0]), panel(a[1]), float(a[2])
    rows = {r["series_id"]: r for r in csv.DictReader(open(a[3]))}
    kind = kinds(train, a[4], a[5])
    label, bins_out = a[6], (a[7] if len(a) > 7 else None)
    d_fc = (a[4], kind)
    data = []  # (kind, p, reached)
    for sid, tr in train.items():
        T = max(tr)
        fut = future.get(sid, {})
        ys = range(T + 1, T + 11)
        if any(y not in fut for y in ys) or sid not in rows or rows[sid]["probability_10y"] == "":
            continue
        p = float(rows[sid]["probability_10y"])
        x = int(any(fut[y] >= R * tr[T] for y in ys))
        data.append((kind.get(sid, "?"), p, x))
    rate = sum(x for _, _, x in data) / max(len(data), 1)
    clim = rate * (1 - rate)
    out_rows = []
    for k in ["all", "pooled", "smooth", "shrunk"]:
        d = [t for t in data if k == "all" or t[0] == k]
        if not d:
            continue
        n = len(d)
        brier = sum((p - x) ** 2 for _, p, x in d) / n
        bins = collections.defaultdict(lambda: [0, 0.0, 0])
        for _, p, x in d:
            b = bins[min(int(p * 5), 4)]
            b[0] += 1; b[1] += p; b[2] += x
        big = [abs(v[1] / v[0] - v[2] / v[0]) for v in bins.values() if v[0] >= 30]
        worst = f"off by {max(big):.2f}" if big else "none"
        print(f"{label} {k:6s} n {n:4d}  reached {sum(x for *_, x in d) / n:.2f}  mean P "
              f"{sum(p for _, p, _ in d) / n:.2f}  Brier {brier:.4f}  skill {1 - brier / max(clim, 1e-9):+.3f}  "
              f"worst bin (n>=30) {worst}")
        print("    " + "; ".join(f"{b / 5:.1f}-{(b + 1) / 5:.1f}: {v[0]}, {v[1] / v[0]:.2f}, {v[2] / v[0]:.2f}"
                                for b, v in sorted(bins.items())))
        print("    " + drift_line(d_fc, train, a[1], k))
        out_rows += [[label, k, f"{b / 5:.1f}", f"{(b + 1) / 5:.1f}", v[0], f"{v[1] / v[0]:.4f}",
                      f"{v[2] / v[0]:.4f}"] for b, v in sorted(bins.items())]
    if bins_out:
        new = not os.path.exists(bins_out)
        with open(bins_out, "a", newline="") as f:
            w = csv.writer(f)
            if new:
                w.writerow(["label", "kind", "bin_lo", "bin_hi", "n", "mean_p", "observed"])
            w.writerows(out_rows)


if __name__ == "__main__":
    main()
