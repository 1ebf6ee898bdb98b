# Recalibration of P(R x last value within 10 years), learned as `learn` would learn it (on the
# pre-1994 windows of one reporter, with that reporter's knowledge) and scored on the other reporter's
# tune series (the cross check): isotonic (PAV), isotonic per kind (pooled / own model) and Platt
# (logistic on logit P). Prints Brier skill / worst bin (n >= 30) per direction, panel and R.
import csv, math, sys, collections
import os
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import rt_calibration as rc
RT = os.environ['REALTRADE']

def data(train_p, fut_p, tdir, R, kj):
    train = rc.panel(train_p); fut = rc.panel(fut_p)
    rows = {r['series_id']: r for r in csv.DictReader(open(f'{tdir}/targets.csv'))}
    kind = rc.kinds(train, f'{tdir}/forecasts.csv', kj)
    out = []
    for sid, tr in train.items():
        T = max(tr); f = fut.get(sid, {})
        ys = range(T + 1, T + 11)
        if any(y not in f for y in ys) or rows.get(sid, {}).get('probability_10y', '') == '': continue
        out.append((kind[sid], float(rows[sid]['probability_10y']), int(any(f[y] >= R * tr[T] for y in ys))))
    return out

def pav(pts):
    pts = sorted(pts); blocks = []  # [sum_x, n, p_lo, p_hi]
    for p, x in pts:
        blocks.append([x, 1, p, p])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            b = blocks.pop(); blocks[-1][0] += b[0]; blocks[-1][1] += b[1]; blocks[-1][3] = b[3]
    knots = [((b[2] + b[3]) / 2, b[0] / b[1]) for b in blocks]
    def f(p):
        if p <= knots[0][0]: return knots[0][1]
        for (a, ya), (b, yb) in zip(knots, knots[1:]):
            if p <= b: return ya + (yb - ya) * (p - a) / (b - a) if b > a else yb
        return knots[-1][1]
    return f

def logit(p): p = min(max(p, 1e-3), 1 - 1e-3); return math.log(p / (1 - p))
def platt(pts):
    a, b = 1.0, 0.0
    for _ in range(200):  # Newton on logistic regression x ~ a*logit(p)+b
        ga = gb = haa = hab = hbb = 0.0
        for p, x in pts:
            z = logit(p); q = 1 / (1 + math.exp(-(a * z + b))); r = q - x; w = q * (1 - q)
            ga += r * z; gb += r; haa += w * z * z; hab += w * z; hbb += w
        det = haa * hbb - hab * hab
        if det <= 0: break
        a -= (hbb * ga - hab * gb) / det; b -= (haa * gb - hab * ga) / det
    return lambda p: 1 / (1 + math.exp(-(a * logit(p) + b))), (a, b)

def skill(d, f):
    n = len(d); rate = sum(x for *_, x in d) / n
    br = sum((f(k, p) - x) ** 2 for k, p, x in d) / n
    bins = collections.defaultdict(lambda: [0, 0., 0])
    for k, p, x in d:
        q = f(k, p); b = bins[min(int(q * 5), 4)]; b[0] += 1; b[1] += q; b[2] += x
    worst = max((abs(v[1] - v[2]) / v[0] for v in bins.values() if v[0] >= 30), default=0)
    return 1 - br / (rate * (1 - rate)), worst

for A, B in [('GBR', 'FRA'), ('FRA', 'GBR')]:
    for s in ['long', 'short']:
        for R in ['1.5', '2']:
            w = data(f'{A}_{s}_train.csv', f'{A}_future.csv', f'w-{A}-{s}-{R}', float(R), f'k{A}/knowledge.json')
            c = data(f'x-{B}-{s}.csv', f'{RT}/tune_future.csv', f'c-{A}-{B}-{s}-{R}', float(R), f'k{A}/knowledge.json')
            iso = pav([(p, x) for _, p, x in w])
            isok = {g: pav([(p, x) for k, p, x in w if (k == 'pooled') == (g == 'pooled')] or [(0.5, 0)]) for g in ['pooled', 'own']}
            pl, ab = platt([(p, x) for _, p, x in w])
            res = {'raw': skill(c, lambda k, p: p), 'iso': skill(c, lambda k, p: iso(p)),
                   'iso-kind': skill(c, lambda k, p: isok['pooled' if k == 'pooled' else 'own'](p)),
                   'platt': skill(c, lambda k, p: pl(p)),
                   'in-sample raw': skill(w, lambda k, p: p)}
            print(f"{A}->{B} {s:5s} R={R} windows {len(w)} rate {sum(x for *_,x in w)/len(w):.2f} | cross n {len(c)} | platt a,b {ab[0]:.2f},{ab[1]:+.2f} | " +
                  "  ".join(f"{k} {v[0]:+.3f}/{v[1]:.2f}" for k, v in res.items()))
