# Pre-1994 windows of one reporter's turnover, as the tune panels are cut: long = last up to 20
# consecutive years (>= 8) up to origin T; short = last 5. Origins 1960..1983 every 3 years, so the
# 10-year outcome is known by 1993. Writes train panels and a future file.
import csv, collections, sys
src, rep, out = sys.argv[1:4]
s = collections.defaultdict(dict)
for r in csv.DictReader(open(src)):
    s[r['series_id']][int(r['year'])] = float(r['value'])
tr = {'long': [], 'short': []}; fut = []
for sid, v in s.items():
    for T in range(1960, 1984, 3):
        if T not in v: continue
        run = [T]
        while run[-1] - 1 in v and len(run) < 20: run.append(run[-1] - 1)
        if not all(T + k in v for k in range(1, 11)): continue
        wid = f"{sid}-{T}"
        if len(run) >= 8:
            tr['long'] += [(wid, y, repr(v[y])) for y in sorted(run)]
        if len(run) >= 5:
            tr['short'] += [(wid, y, repr(v[y])) for y in sorted(run)[-5:]]
        fut += [(wid, T + k, repr(v[T + k])) for k in range(1, 11)]
for k, rows in tr.items():
    with open(f"{out}/{rep}_{k}_train.csv", 'w', newline='') as f:
        w = csv.writer(f); w.writerow(['series_id', 'year', 'value']); w.writerows(rows)
with open(f"{out}/{rep}_future.csv", 'w', newline='') as f:
    w = csv.writer(f); w.writerow(['series_id', 'year', 'value']); w.writerows(fut)
