#!/usr/bin/env python3
"""Precision and recall of `tradecast extract --json` against hand-annotated rows, per file and overall.

Usage:
  extract_score.py corpus EXPECTED_CSV[,EXPECTED_CSV...] EXTRACT_JSON [--diff] [--quiet]
      EXPECTED_CSV has the columns of ../shared/extract-corpus/expected.csv
      (file, reporter, partner, measure, value_usd, is_target, ...); several, comma-separated, are scored
      together (file names are unique across the shared folders: 01-41 and 42-101).
  extract_score.py cv EXPECTED_CSV[,EXPECTED_CSV...] IN_SAMPLE_JSON FOLD_JSON... [--quiet]
      Cross-validation by passage: FOLD_JSON k holds the proposals for the passages of fold k made by the
      method built without them. Prints recall and precision per fold, pooled over the folds, and in sample
      (IN_SAMPLE_JSON: every passage, method built on all of them), and the gap between the two.
  extract_score.py seeds OBSERVATIONS_CSV TARGETS_CSV EXTRACT_JSON [--diff]
      The seeds' truth is data/observations.csv and data/targets.csv (pair "KZ-CN", flow, value_usd).

Only rows with a USD value are scored. A proposal matches an expected row when the file, flow, is_target
and pair agree and the value is within 1%; turnover pairs match in either order, exports and imports keep
their direction; every expected row matches at most one proposal (the rules of the corpus's score.py).
--diff also lists, per file, the expected rows not found and the proposals that match nothing.
Standard library only."""
import csv
import json
import os
import sys


def load_corpus(paths):
    out = []
    rows = [r for path in paths.split(",") for r in csv.DictReader(open(path, newline="", encoding="utf-8"))]
    for r in rows:
        if not r["value_usd"]:
            continue
        out.append(dict(file=r["file"], reporter=r["reporter"], partner=r["partner"], flow=r["measure"],
                        value=float(r["value_usd"]), target=r["is_target"].strip().lower() == "true",
                        quote=r.get("quote", "")))
    return out


def load_seeds(obs_path, tgt_path):
    out = []
    for path, target in ((obs_path, False), (tgt_path, True)):
        for r in csv.DictReader(open(path, newline="", encoding="utf-8")):
            if not r.get("value_usd"):
                continue
            rep, _, par = r["pair"].partition("-")
            out.append(dict(file=r["source"], reporter=rep, partner=par, flow=r["flow"],
                            value=float(r["value_usd"]), target=target, quote=r.get("quote", "")))
    return out


def load_pred(path):
    raw = json.load(open(path, encoding="utf-8"))
    rows = raw if isinstance(raw, list) else (raw.get("records") or raw.get("rows") or [])
    return [p for p in rows if p.get("value_usd")]


def match(e, p):
    if os.path.basename(str(p.get("source", ""))) != e["file"]:
        return False
    if bool(p.get("is_target", False)) != e["target"] or p.get("flow") != e["flow"]:
        return False
    if abs(float(p["value_usd"]) - e["value"]) > 0.01 * e["value"]:
        return False
    if e["flow"] == "turnover":
        return {p.get("reporter"), p.get("partner")} == {e["reporter"], e["partner"]}
    return p.get("reporter") == e["reporter"] and p.get("partner") == e["partner"]


def score(exp, pred, diff, quiet=False):
    used, missed = set(), []
    per = {}
    for e in exp:
        f = per.setdefault(e["file"], [0, 0, 0])  # expected, matched, proposed
        f[0] += 1
        for i, p in enumerate(pred):
            if i not in used and match(e, p):
                used.add(i)
                f[1] += 1
                break
        else:
            missed.append(e)
    for p in pred:
        per.setdefault(os.path.basename(str(p.get("source", ""))), [0, 0, 0])[2] += 1
    if not quiet:
        print(f"{'file':<28} {'expected':>8} {'found':>6} {'proposed':>8} {'recall':>7} {'precision':>9}")
        for k in sorted(per):
            e, m, n = per[k]
            rec = f"{m / e:.2f}" if e else "-"
            prec = f"{m / n:.2f}" if n else "-"
            print(f"{k:<28} {e:>8} {m:>6} {n:>8} {rec:>7} {prec:>9}")
    rec = len(used) / max(len(exp), 1)
    prec = len(used) / max(len(pred), 1)
    print(f"overall: recall {rec:.3f} ({len(used)}/{len(exp)}), precision {prec:.3f} ({len(used)}/{len(pred)})")
    if diff:
        for e in missed:
            t = "target " if e["target"] else ""
            print(f"MISSED {e['file']} {t}{e['flow']} {e['reporter']}-{e['partner']} {e['value']:g}: {e['quote'][:110]}")
        for i, p in enumerate(pred):
            if i not in used:
                t = "target " if p.get("is_target") else ""
                print(f"EXTRA  {p.get('source')} {t}{p.get('flow')} {p.get('reporter')}-{p.get('partner')} "
                      f"{float(p['value_usd']):g}: {str(p.get('quote', ''))[:110]}")
    return rec, prec


def other_currencies(paths, pred_path):
    """Recall and precision of the rows stated only in another currency (expected.csv's `currency`
    and `value_original`, no `value_usd`) against proposals in that currency (`currency`, `value`):
    the same matching, the value within 1% in that currency."""
    exp = []
    for path in paths.split(","):
        for r in csv.DictReader(open(path, newline="", encoding="utf-8")):
            if not r["value_usd"] and r.get("currency") and r.get("value_original"):
                exp.append(dict(file=r["file"], reporter=r["reporter"], partner=r["partner"], flow=r["measure"],
                                value=float(r["value_original"]), currency=r["currency"],
                                target=r["is_target"].strip().lower() == "true", quote=r.get("quote", "")))
    if not exp:
        return
    raw = json.load(open(pred_path, encoding="utf-8"))
    pred = [dict(p, value_usd=p["value"]) for p in raw.get("records", [])
            if p.get("value") and p.get("currency") not in (None, "USD")]
    used = set()
    for e in exp:
        for i, p in enumerate(pred):
            if i not in used and p["currency"] == e["currency"] and match(e, p):
                used.add(i)
                break
    print(f"other currencies only: recall {len(used) / len(exp):.3f} ({len(used)}/{len(exp)}), "
          f"precision {len(used) / max(len(pred), 1):.3f} ({len(used)}/{len(pred)})")


def counts(exp, pred):
    """(matched, expected, proposed) under the one-to-one matching of score()."""
    used = set()
    for e in exp:
        for i, p in enumerate(pred):
            if i not in used and match(e, p):
                used.add(i)
                break
    return len(used), len(exp), len(pred)


def cross_validate(exp, in_sample, folds):
    """Per-fold, pooled and in-sample recall and precision; the folds partition the passages."""
    def files(pred_path):
        return {os.path.basename(str(p.get("source", ""))) for p in load_articles(pred_path)}
    tot = [0, 0, 0]
    for k, path in enumerate(folds):
        names = files(path)
        m, e, n = counts([x for x in exp if x["file"] in names], load_pred(path))
        tot = [tot[0] + m, tot[1] + e, tot[2] + n]
        print(f"fold {k + 1}: {len(names):>3} passages  recall {m / max(e, 1):.3f} ({m}/{e})  "
              f"precision {m / max(n, 1):.3f} ({m}/{n})")
    cr, cp = tot[0] / max(tot[1], 1), tot[0] / max(tot[2], 1)
    m, e, n = counts(exp, load_pred(in_sample))
    ir, ip = m / max(e, 1), m / max(n, 1)
    print(f"cross-validated (pooled over {len(folds)} folds): recall {cr:.3f} ({tot[0]}/{tot[1]}), "
          f"precision {cp:.3f} ({tot[0]}/{tot[2]})")
    print(f"in-sample:                              recall {ir:.3f} ({m}/{e}), precision {ip:.3f} ({m}/{n})")
    print(f"gap (in-sample - cross-validated):      recall {ir - cr:+.3f}, precision {ip - cp:+.3f}")


def load_articles(path):
    """The passages an extract JSON covers (its `articles`), each as a dict with `source`."""
    raw = json.load(open(path, encoding="utf-8"))
    return raw.get("articles", []) if isinstance(raw, dict) else []


def main(argv):
    diff = "--diff" in argv
    quiet = "--quiet" in argv
    args = [a for a in argv if a not in ("--diff", "--quiet", "--cv")]
    if len(args) >= 4 and args[0] == "cv":
        cross_validate(load_corpus(args[1]), args[2], args[3:])
        return 0
    if len(args) == 3 and args[0] == "corpus":
        exp = load_corpus(args[1])
        pred = load_pred(args[2])
    elif len(args) == 4 and args[0] == "seeds":
        exp = load_seeds(args[1], args[2])
        pred = load_pred(args[3])
    else:
        sys.stderr.write(__doc__)
        return 2
    score(exp, pred, diff, quiet)
    if args[0] == "corpus":
        other_currencies(args[1], args[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
