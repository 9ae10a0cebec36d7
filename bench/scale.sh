#!/usr/bin/env bash
# Scale benchmark: corpora built from the dev sets (bench/make_corpus.py), each run through
# `eval clusters` and `report` by the release binary under /usr/bin/time -v, one run at a time.
# For `eval clusters`: seconds, peak memory, BCubed F1 (events, storylines) on the perturbed
# gold. For `report`: seconds, growth per tripling of the corpus, the ratio to `eval clusters`,
# peak memory against the corpus text, and bytes written against the corpus text; the targets
# of issue 14 are checked and printed as met or not. The process's own footprint (binary,
# built-in lexicons), measured on the five seed articles, is printed first; "net/text" is the
# peak without it against the text.
#
# Sizes: `SIZES="1000 3000 10000" bash bench/scale.sh` (default 10000 30000 100000).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=${SIZES:-"10000 30000 100000"}
# Both in MB of 10^6 bytes (time reports KiB), so that peak/text compares like with like.
peak_of() {
  python3 -c "import re,sys; print(round(int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', open(sys.argv[1]).read()).group(1))*1024/1e6,1))" "$1"
}
seconds_of() {
  python3 -c "import re,sys; t=re.search(r'Elapsed \(wall clock\) time.*: (.*)', open(sys.argv[1]).read()).group(1).split(':'); print(round(sum(float(x)*60**i for i,x in enumerate(reversed(t))),2))" "$1"
}
calc() { python3 -c "print(round($1,2))"; }
/usr/bin/time -v target/release/parallax eval clusters --quiet --gold ../shared/data/seeds-gold/articles.csv corpus \
  > /dev/null 2> "$work/footprint.txt"
footprint_mb=$(peak_of "$work/footprint.txt")
echo "footprint on the five seed articles: $footprint_mb MB"
printf '%8s | %7s %8s %8s %8s | %8s %7s %7s %8s %8s %9s %8s %8s\n' articles "eval s" "eval MB" "event F1" "story F1" \
  "report s" growth "÷eval" "peak MB" "text MB" "peak/text" "out MB" "out/text"
previous=""
verdicts=""
for n in $sizes; do
  python3 bench/make_corpus.py "$n" "$work/$n"
  text_mb=$(python3 -c "import json,sys; print(round(sum(len(json.loads(l)['text'].encode())+len(json.loads(l)['title'].encode()) for l in open(sys.argv[1]))/1e6,1))" "$work/$n/articles.jsonl")
  /usr/bin/time -v target/release/parallax eval clusters --quiet --json --gold "$work/$n/gold.csv" "$work/$n/articles.jsonl" \
    > "$work/$n/scores.json" 2> "$work/$n/time.txt"
  eval_s=$(seconds_of "$work/$n/time.txt")
  eval_mb=$(peak_of "$work/$n/time.txt")
  f1=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['event']['bcubed_f1'])" "$work/$n/scores.json")
  story_f1=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['storyline']['bcubed_f1'])" "$work/$n/scores.json")
  /usr/bin/time -v target/release/parallax report --quiet "$work/$n/articles.jsonl" -o "$work/$n/out" \
    > /dev/null 2> "$work/$n/report-time.txt"
  report_s=$(seconds_of "$work/$n/report-time.txt")
  report_mb=$(peak_of "$work/$n/report-time.txt")
  out_mb=$(python3 -c "import os,sys; print(round(sum(os.path.getsize(os.path.join(d,f)) for d,_,fs in os.walk(sys.argv[1]) for f in fs)/1e6,1))" "$work/$n/out")
  rm -rf "$work/$n/out"
  # Growth per tripling: the ratio of times scaled to a factor of 3 in corpus size.
  growth=$([ -n "$previous" ] && python3 -c "import math; r=$report_s/${previous#*:}; f=$n/${previous%%:*}; print(round(r**(math.log(3)/math.log(f)),2))" || echo "-")
  ratio=$(calc "$report_s/$eval_s")
  peak_text=$(calc "$report_mb/$text_mb")
  out_text=$(calc "$out_mb/$text_mb")
  printf '%8s | %7s %8s %8s %8s | %8s %7s %7s %8s %8s %9s %8s %8s\n' "$n" "$eval_s" "$eval_mb" "$f1" "$story_f1" \
    "$report_s" "$growth" "$ratio" "$report_mb" "$text_mb" "$peak_text" "$out_mb" "$out_text"
  verdicts+=$(python3 - "$n" "$ratio" "$growth" "$peak_text" "$out_text" <<'EOF'
import sys
n, ratio, growth, peak, out = sys.argv[1], float(sys.argv[2]), sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
def say(name, ok, value, target):
    print(f"{n:>8}: {name:<22} {value:>6} (target {target}): {'met' if ok else 'NOT met'}")
say("report / eval clusters", ratio <= 3, ratio, "<= 3")
if growth != "-":
    say("growth per tripling", float(growth) <= 3.3, growth, "<= 3.3")
if int(n) >= 30000:
    say("peak / text", peak <= 3, peak, "<= 3 at 30k+")
say("output / text", out <= 5, out, "<= 5")
EOF
)$'\n'
  previous="$n:$report_s"
done
echo
echo "Targets (issue 14):"
printf '%s' "$verdicts"
