import csv, sys
rows = {"GBR": [], "FRA": []}
for r in csv.DictReader(open(sys.argv[1])):
    try: m, x = float(r["imports"]), float(r["exports"])
    except ValueError: continue
    if m > 0 and x > 0 and int(r["year"]) <= 1993:
        rows[r["reporter"]].append((f'{r["reporter"]}-{r["partner"]}', int(r["year"]), repr(m + x)))
for rep, rs in rows.items():
    rs.sort()
    with open(f"{sys.argv[2]}/turnover_{rep}.csv", "w", newline="") as f:
        w = csv.writer(f); w.writerow(["series_id", "year", "value"]); w.writerows(rs)
