#!/usr/bin/env python3
"""Builds a large, realistic corpus for the scale benchmark by repeating and perturbing the dev
corpora (BASIL + ECB+): new ids, sentences shuffled, numbers changed, dates moved by up to two
days. Writes OUT/articles.jsonl and OUT/gold.csv (id, event, storyline: the original's labels).
Usage: make_corpus.py N OUT [DATA_DIR]"""
import csv, json, random, re, sys
from datetime import date, timedelta
from pathlib import Path

n, out = int(sys.argv[1]), Path(sys.argv[2])
data = Path(sys.argv[3] if len(sys.argv) > 3 else Path(__file__).resolve().parent.parent.parent / "shared" / "data")
rng = random.Random(n)
base = []
for name in ["basil", "ecbplus"]:
    gold = {}
    with open(data / name / "gold.csv", newline="") as f:
        for row in csv.DictReader(f):
            gold[row["id"]] = (row["event"], row.get("storyline") or "basil-" + row["event"])
    with open(data / name / "articles.jsonl") as f:
        for line in f:
            a = json.loads(line)
            base.append((a, gold[a["id"]]))
out.mkdir(parents=True, exist_ok=True)
sentence = re.compile(r"(?<=[.!?])\s+")
with open(out / "articles.jsonl", "w") as fa, open(out / "gold.csv", "w", newline="") as fg:
    writer = csv.writer(fg)
    writer.writerow(["id", "event", "storyline"])
    for i in range(n):
        a, (event, storyline) = base[i % len(base)]
        copy = i // len(base)
        parts = sentence.split(a["text"])
        if copy:
            rng.shuffle(parts)
        text = " ".join(parts)
        if copy:
            text = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 9)), text)
        day = a.get("date")
        if day and copy:
            day = (date.fromisoformat(day) + timedelta(days=rng.randint(-2, 2))).isoformat()
        new_id = f"{a['id']}~{copy}"
        fa.write(json.dumps({"id": new_id, "title": a["title"], "text": text, "outlet": a.get("outlet"), "date": day}) + "\n")
        # A perturbed copy reports the same event as its original (more outlets, same story).
        writer.writerow([new_id, event, storyline])
