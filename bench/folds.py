#!/usr/bin/env python3
"""Per-fold clustering figures, so that a rule or setting is kept only if it helps every fold.

Each fold is clustered on its own (as an unseen corpus would be) by `parallax eval clusters`:
BASIL by year (2010-2015), BASIL again with every field but id, title and text removed (bare
text: no outlet, date or URL), ECB+ by topic in five blocks of seven topics, and the seeds.
Prints one row per fold, the whole corpus (`all`) and the mean of the folds; `--json` prints the same as one object.

    python3 bench/folds.py [--binary target/release/parallax] [--json] [-- extra parallax flags]
    python3 bench/folds.py --bias    # loaded wording per BASIL year
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_fold(folder, name, rows, gold_rows, gold_header):
    path = os.path.join(folder, name)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "articles.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    ids = {r["id"] for r in rows}
    with open(os.path.join(path, "gold.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=gold_header)
        w.writeheader()
        for g in gold_rows:
            if g["id"] in ids:
                w.writerow(g)
    return path


def folds(work):
    """Yields (corpus, fold, folder) for every fold."""
    basil = read_jsonl(os.path.join(DATA, "basil", "articles.jsonl"))
    with open(os.path.join(DATA, "basil", "gold.csv"), encoding="utf-8") as f:
        basil_gold = list(csv.DictReader(f))
    basil_header = list(basil_gold[0].keys())
    # A BASIL event's three reports can straddle New Year; the event's earliest date names its fold.
    event_of = {g["id"]: g["event"] for g in basil_gold}
    first_year = {}
    for r in basil:
        e = event_of.get(r["id"])
        y = (r.get("date") or "0000")[:4]
        first_year[e] = min(first_year.get(e, y), y)
    years = sorted(set(first_year.values()))
    for bare in (False, True):
        corpus = "basil-bare" if bare else "basil"
        for y in years + ["all"]:
            rows = [r for r in basil if y == "all" or first_year.get(event_of.get(r["id"])) == y]
            if bare:
                rows = [{"id": r["id"], "title": r["title"], "text": r["text"]} for r in rows]
            yield corpus, y, write_fold(work, f"{corpus}-{y}", rows, basil_gold, basil_header)
    ecb = read_jsonl(os.path.join(DATA, "ecbplus", "articles.jsonl"))
    with open(os.path.join(DATA, "ecbplus", "gold.csv"), encoding="utf-8") as f:
        ecb_gold = list(csv.DictReader(f))
    topic_of = {g["id"]: int(re.match(r"\d+", g["storyline"]).group()) for g in ecb_gold}
    for block in range(6):
        lo, hi = (block * 7 + 1, block * 7 + 7) if block < 5 else (1, 35)
        rows = [r for r in ecb if lo <= topic_of.get(r["id"], -1) <= hi]
        yield "ecbplus", "all" if block == 5 else f"topics {lo}-{hi}", write_fold(
            work, f"ecb-{lo}", rows, ecb_gold, list(ecb_gold[0].keys())
        )


def evaluate(binary, corpus_path, gold_path, extra):
    out = subprocess.run(
        [binary, "eval", "clusters", "--quiet", "--json", "--gold", gold_path, corpus_path, *extra],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def bias_folds(binary, work, extra):
    """Loaded wording per BASIL year: (year, scores) with each year's articles and spans alone."""
    basil = read_jsonl(os.path.join(DATA, "basil", "articles.jsonl"))
    spans = os.path.join(DATA, "basil", "bias_spans.jsonl")
    years = sorted({(r.get("date") or "0000")[:4] for r in basil})
    for y in years + ["all"]:
        rows = [r for r in basil if y == "all" or (r.get("date") or "0000")[:4] == y]
        path = os.path.join(work, f"bias-{y}.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        out = subprocess.run(
            [binary, "eval", "bias", "--quiet", "--json", "--spans", spans, path, *extra],
            check=True, capture_output=True, text=True,
        ).stdout
        yield y, json.loads(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default="target/release/parallax")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--bias", action="store_true", help="loaded wording per BASIL year instead")
    parser.add_argument("extra", nargs="*", help="flags passed to parallax (after --)")
    args = parser.parse_args()
    if not os.path.isdir(DATA):
        sys.exit(f"{DATA} is missing: the folds are built from ../shared/data")
    if args.bias:
        with tempfile.TemporaryDirectory() as work:
            rows = list(bias_folds(args.binary, work, args.extra))
        if args.json:
            print(json.dumps([{"fold": y, "scores": s} for y, s in rows]))
            return
        print(f"{'BASIL year':<11} {'P':>6} {'R':>6} {'F1':>6} {'false flags/100 neutral':>24}")
        for y, s in rows:
            print(f"{y:<11} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f} {s['false_flags_per_100_neutral_sentences']:>24.1f}")
        return
    results = []
    with tempfile.TemporaryDirectory() as work:
        for corpus, fold, folder in folds(work):
            s = evaluate(args.binary, os.path.join(folder, "articles.jsonl"), os.path.join(folder, "gold.csv"), args.extra)
            results.append((corpus, fold, s))
        seeds_root = os.path.join(os.path.dirname(__file__), "..", "corpus")
        s = evaluate(args.binary, seeds_root, os.path.join(DATA, "seeds-gold", "articles.csv"), args.extra)
        results.append(("seeds", "all", s))
    if args.json:
        print(json.dumps([{"corpus": c, "fold": f, "scores": s} for c, f, s in results]))
        return
    print(f"{'corpus':<11} {'fold':<12} {'articles':>8} {'event F1':>9} {'storyline F1':>13}")
    means = {}
    for corpus, fold, s in results:
        ev = s.get("event", {}).get("bcubed_f1")
        st = s.get("storyline", {}).get("bcubed_f1")
        n = s.get("event", {}).get("articles")
        if fold != "all":
            means.setdefault(corpus, []).append((ev, st))
        fmt = lambda x: f"{x:.3f}" if x is not None else "—"
        print(f"{corpus:<11} {fold:<12} {n:>8} {fmt(ev):>9} {fmt(st):>13}")
    for corpus, vals in means.items():
        evs = [v for v, _ in vals if v is not None]
        sts = [v for _, v in vals if v is not None]
        mean = lambda xs: f"{sum(xs) / len(xs):.3f}" if xs else "—"
        print(f"{corpus:<11} {'mean':<12} {'':>8} {mean(evs):>9} {mean(sts):>13}")


if __name__ == "__main__":
    main()
