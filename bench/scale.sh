#!/usr/bin/env bash
# Scale benchmark for clustering: 10k, 30k and 100k articles built from the dev corpora, each
# clustered by the release binary under /usr/bin/time -v. Prints time, peak memory, the growth
# ratio per tripling, peak memory against the corpus size, and BCubed F1 (events, storylines) on
# the perturbed gold. The process's own footprint (binary, built-in lexicons), measured on the
# five seed articles, is printed first; "net/text" is the peak without it against the text.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Both in MB of 10^6 bytes (time reports KiB), so that peak/text compares like with like.
peak_of() {
  python3 -c "import re,sys; print(round(int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', open(sys.argv[1]).read()).group(1))*1024/1e6,1))" "$1"
}
/usr/bin/time -v target/release/parallax eval clusters --quiet --gold ../shared/data/seeds-gold/articles.csv corpus \
  > /dev/null 2> "$work/footprint.txt"
footprint_mb=$(peak_of "$work/footprint.txt")
echo "footprint on the five seed articles: $footprint_mb MB"
printf '%8s %9s %9s %10s %8s %9s %8s %10s %12s\n' articles seconds ratio "peak MB" "text MB" "peak/text" "net/text" "event F1" "storyline F1"
previous=""
for n in 10000 30000 100000; do
  python3 bench/make_corpus.py "$n" "$work/$n"
  text_mb=$(python3 -c "import json,sys; print(round(sum(len(json.loads(l)['text'].encode())+len(json.loads(l)['title'].encode()) for l in open(sys.argv[1]))/1e6,1))" "$work/$n/articles.jsonl")
  /usr/bin/time -v target/release/parallax eval clusters --quiet --json --gold "$work/$n/gold.csv" "$work/$n/articles.jsonl" \
    > "$work/$n/scores.json" 2> "$work/$n/time.txt"
  seconds=$(python3 -c "import re,sys; t=re.search(r'Elapsed \(wall clock\) time.*: (.*)', open(sys.argv[1]).read()).group(1).split(':'); print(round(sum(float(x)*60**i for i,x in enumerate(reversed(t))),2))" "$work/$n/time.txt")
  peak_mb=$(peak_of "$work/$n/time.txt")
  f1=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['event']['bcubed_f1'])" "$work/$n/scores.json")
  story_f1=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['storyline']['bcubed_f1'])" "$work/$n/scores.json")
  ratio=$([ -n "$previous" ] && python3 -c "print(round($seconds/$previous,2))" || echo "-")
  printf '%8s %9s %9s %10s %8s %9s %8s %10s %12s\n' "$n" "$seconds" "$ratio" "$peak_mb" "$text_mb" \
    "$(python3 -c "print(round($peak_mb/$text_mb,2))")" "$(python3 -c "print(round(($peak_mb-$footprint_mb)/$text_mb,2))")" "$f1" "$story_f1"
  previous=$seconds
done
