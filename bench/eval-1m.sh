#!/usr/bin/env bash
# Scoring benchmark: `evalops eval` on 1,000,000 gold tickets + predictions (50 intents) in a
# 256 MB heap, side by side with Python + scikit-learn on the same two files. Whole processes
# are timed, start-up included. Usage: bench/eval-1m.sh [ROWS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-1000000}"
data="$root/bench/out/eval-$rows"

if [[ ! -f "$data/predictions.jsonl" ]]; then
  "$root/evalops" bench eval-data --rows "$rows" --intents 50 --out "$data"
fi
du -h "$data/gold.jsonl" "$data/predictions.jsonl"

echo "== evalops eval (-Xmx256m)"
rm -rf "$data/report"
start=$(date +%s.%N)
set +e
EVALOPS_JAVA_OPTS="-Xmx256m ${EVALOPS_JAVA_OPTS:-}" "$root/evalops" eval --quiet --stats \
  --tickets "$data/gold.jsonl" --predictions "$data/predictions.jsonl" \
  --taxonomy "$data/taxonomy.json" --config "$data/router-config.json" --out "$data/report" \
  | grep -E '^(Verdict|Accuracy|stats)'
status=${PIPESTATUS[0]}
set -e
java_s=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { printf "%.2f", a - b }')
# The generated data holds Tier 0 misses on purpose, so the verdict is STOP (exit 1).
[[ $status -le 1 ]] || { echo "evalops eval failed with exit $status"; exit "$status"; }
echo "evalops wall: ${java_s} s"

if /usr/bin/python3 -c 'import sklearn' 2>/dev/null; then
  echo "== python + scikit-learn"
  start=$(date +%s.%N)
  /usr/bin/python3 "$root/bench/eval_sklearn.py" "$data/gold.jsonl" "$data/predictions.jsonl"
  py_s=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { printf "%.2f", a - b }')
  echo "python wall: ${py_s} s"
  echo "speed-up: $(awk -v p="$py_s" -v j="$java_s" 'BEGIN { printf "%.1f", p / j }')x"
else
  echo "scikit-learn not found for /usr/bin/python3 (apt-get install python3-sklearn) - skipped"
fi
