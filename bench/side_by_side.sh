#!/usr/bin/env bash
# Parallax and the TF-IDF + average-link baseline (scikit-learn, in a throwaway virtual
# environment) on the same dev corpora: BCubed F1 for each, and the time ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${DATA:-../shared/data}
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet scikit-learn
cargo build --release --quiet
printf '%-9s %-10s %14s %14s %12s\n' corpus level "Parallax F1" "baseline F1" "time ratio"
for name in basil ecbplus; do
  start=$(date +%s.%N)
  ours=$(target/release/parallax eval clusters --quiet --json --gold "$data/$name/gold.csv" "$data/$name/articles.jsonl")
  ours_s=$(python3 -c "import time; print(time.time() - $start)")
  theirs=$("$venv/bin/python" bench/baseline.py "$data/$name/gold.csv" "$data/$name/articles.jsonl")
  for level in event storyline; do
    python3 - "$name" "$level" "$ours" "$theirs" "$ours_s" <<'PY'
import json, sys
name, level, ours, theirs, ours_s = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4]), float(sys.argv[5])
if level in ours and level in theirs:
    ratio = theirs["seconds"] / ours_s if ours_s else float("nan")
    print(f"{name:<9} {level:<10} {ours[level]['bcubed_f1']:>14} {theirs[level]['bcubed_f1']:>14} {ratio:>11.1f}x")
PY
  done
done
echo "time ratio = baseline seconds (vectorise + cluster) / Parallax seconds (whole process: read, cluster, score)"
