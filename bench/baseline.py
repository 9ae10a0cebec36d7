#!/usr/bin/env python3
"""The reference baseline of ../shared/data/README.md: TF-IDF (sublinear, English stop words)
with average-link agglomerative clustering on cosine distance, thresholds 0.8 (events) and 0.9
(storylines). Prints one JSON object shaped like `parallax eval clusters --json`, plus seconds.
Usage: baseline.py GOLD.csv ARTICLES.jsonl"""
import csv, json, sys, time
from collections import Counter

from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer


def bcubed(pred, gold):
    joint = Counter(zip(pred, gold)); ps = Counter(pred); gs = Counter(gold); n = len(pred)
    p = sum(joint[(a, b)] / ps[a] for a, b in zip(pred, gold)) / n
    r = sum(joint[(a, b)] / gs[b] for a, b in zip(pred, gold)) / n
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


gold_path, articles_path = sys.argv[1], sys.argv[2]
with open(gold_path, newline="") as f:
    gold = {row["id"]: row for row in csv.DictReader(f)}
docs = [json.loads(l) for l in open(articles_path)]
docs = [d for d in docs if d["id"] in gold]
start = time.perf_counter()
matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
    [(d.get("title") or "") + "\n" + (d.get("text") or "") for d in docs]).toarray()
out = {}
for level, threshold in [("event", 0.8), ("storyline", 0.9)]:
    if level not in next(iter(gold.values())):
        continue
    labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                     distance_threshold=threshold).fit_predict(matrix)
    out[level] = {"bcubed_f1": bcubed(list(labels), [gold[d["id"]][level] for d in docs])}
out["seconds"] = round(time.perf_counter() - start, 3)
print(json.dumps(out))
