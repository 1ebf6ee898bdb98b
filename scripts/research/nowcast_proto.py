"""Prototype for the nowcast (issue #22): choose the features and the band model on the tune cases.

Usage: python3 scripts/research/nowcast_proto.py /tmp/nc   (after cases.py wrote /tmp/nc)
Splits the partners in two by a hash of the partner code: learns on one half, scores on the other (and back).
"""
import collections, csv, math, sys, zlib

def solve(A, b):
    n = len(b)
    M = [row[:] + [b[i]] for i, row in enumerate(A)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(M[r][c]))
        M[c], M[p] = M[p], M[c]
        for r in range(n):
            if r != c:
                f = M[r][c] / M[c][c]
                for k in range(c, n + 1):
                    M[r][k] -= f * M[c][k]
    return [M[i][n] / M[i][i] for i in range(n)]

def ols(X, y, ridge=1e-6):
    k = len(X[0])
    A = [[sum(x[i] * x[j] for x in X) + (ridge if i == j and i > 0 else 0) for j in range(k)] for i in range(k)]
    b = [sum(x[i] * t for x, t in zip(X, y)) for i in range(k)]
    return solve(A, b)

def quantile(xs, q):
    xs = sorted(xs); i = q * (len(xs) - 1); lo, hi = math.floor(i), math.ceil(i)
    return xs[lo] + (xs[hi] - xs[lo]) * (i - lo)

def load(d):
    hist = collections.defaultdict(list)
    for r in csv.DictReader(open(f"{d}/ytd_growth.csv")):
        if not r["months"]:
            hist[r["series_id"]].append(float(r["value"]))
        else:
            hist[r["series_id"] + "#g"] = float(r["growth_pct"])
    cases = []
    for t in csv.DictReader(open(f"{d}/truth.csv")):
        sid = t["series_id"]; m = int(t["months"]); h = hist[sid]
        ytd = float(t["ytd"]); g = hist[sid + "#g"] / 100
        z = [math.log(v) for v in h]
        ch = [z[i + 1] - z[i] for i in range(len(z) - 1)]
        mu = sum(ch) / len(ch)
        vol = math.sqrt(sum((c - mu) ** 2 for c in ch) / (len(ch) - 1))
        part = sid.split("-")[1]
        cases.append(dict(m=m, y=math.log(float(t["value"])) - z[-1], pr=math.log(ytd * 12 / m) - z[-1],
                          g1=ch[-1], tr=(z[-1]-z[0])/4, gs=math.log(1 + g), vol=vol, lvl=z[-1],
                          floor=math.log(ytd) - z[-1], part=part))
    return cases

def feats(c, kind):
    f = [1.0, c["pr"], c["g1"]]
    if kind == "growth":
        f.append(c["gs"])
    return f

def scale_feats(c):
    return [1.0, math.log(max(c["vol"], 0.01)), c["lvl"] - 20]

def fit(train, kind, hetero=True):
    model = {}
    for m in range(1, 12):
        cs = [c for c in train if c["m"] == m]
        X = [feats(c, kind) for c in cs]; y = [c["y"] for c in cs]
        beta = ols(X, y)
        res = [t - sum(b * x for b, x in zip(beta, f)) for f, t in zip(X, y)]
        if hetero:
            S = [scale_feats(c) for c in cs]
            gam = ols(S, [math.log(abs(r) + 1e-4) for r in res])
        else:
            gam = [0.0, 0.0, 0.0]
        st = [r / math.exp(sum(g * s for g, s in zip(gam, scale_feats(c)))) for r, c in zip(res, cs)]
        qs = {p: quantile(st, p) for p in (0.025, 0.1, 0.5, 0.9, 0.975)}
        model[m] = (beta, gam, qs)
    return model

def score(model, test, kind):
    out = collections.defaultdict(list)
    for c in test:
        beta, gam, qs = model[c["m"]]
        mu = sum(b * x for b, x in zip(beta, feats(c, kind)))
        s = math.exp(sum(g * x for g, x in zip(gam, scale_feats(c))))
        pt = max(mu + 0 * qs[0.5] * s, c["floor"])
        band = [max(mu + qs[p] * s, c["floor"]) for p in (0.1, 0.9, 0.025, 0.975)]
        x = c["y"]
        base = c["g1"] * 0 if c["m"] <= 2 else c["pr"]
        IS = (band[3] - band[2]) + 40 * max(0, band[2] - x) + 40 * max(0, x - band[3])
        out[c["m"]].append((abs(pt - x), band[0] <= x <= band[1], band[2] <= x <= band[3], IS, abs(base - x)))
    tot = [0] * 5; n = 0
    for m in sorted(out):
        r = out[m]
        a = [sum(v[i] for v in r) / len(r) for i in range(5)]
        print(f"  m={m:2d} n={len(r):5d} MALE {a[0]:.4f} (simple {a[4]:.4f}) cov80 {a[1]:.3f} cov95 {a[2]:.3f} IS95 {a[3]:.3f}")
        tot = [t + x * len(r) for t, x in zip(tot, a)]; n += len(r)
    print(f"  all MALE {tot[0]/n:.4f} (simple {tot[4]/n:.4f}) cov80 {tot[1]/n:.3f} cov95 {tot[2]/n:.3f} IS95 {tot[3]/n:.3f}")

cases = load(sys.argv[1])
half = lambda c: zlib.crc32(c["part"].encode()) % 2
for kind in ("level", "growth"):
    for hetero in (False, True):
        print(kind, "hetero" if hetero else "homo")
        for h in (0, 1):
            tr = [c for c in cases if half(c) != h]; te = [c for c in cases if half(c) == h]
            mdl = fit(tr, kind, hetero)
            print(" fold", h, {m: [round(b, 3) for b in mdl[m][0]] for m in (1, 6, 11)})
            score(mdl, te, kind)
