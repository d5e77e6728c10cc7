#!/usr/bin/env bash
# CI quality gate: evaluates the project's own question set, the second corpus's set and every blind-written corpus in
# tests/corpora in-process, with the thresholds kept next to each set applied to its test split, and fails when any
# threshold is missed (or a set is malformed, or nothing could be answered). Needs a Release build first: dotnet build ReportBot.sln -c Release
# Writes results.json and report.html to artifacts/eval and artifacts/eval-second. When an earlier run's results.json
# is there, it becomes the baseline (results.previous.json): the table and the report show deltas and regressions.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
dll="$root/src/ReportBot.Cli/bin/Release/net10.0/reportbot.dll"
if [[ ! -f "$dll" ]]; then
  echo "eval-gate: $dll not found; build first: dotnet build ReportBot.sln -c Release" >&2
  exit 2
fi

# Each run gets its own Qdrant storage (never the .data of a bot that may be running); the parsed word-vector cache
# is shared, so it is built at most once.
export ReportBot__Embeddings__CachePath="${ReportBot__Embeddings__CachePath:-$root/.data/cache}"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/reportbot-eval-gate.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

# thresholds FILE: prints "--min METRIC=VALUE" arguments, one per line; fails on a line that is not METRIC=VALUE.
thresholds() {
  local file="$1" n=0 line
  [[ -e "$file" ]] || { echo "eval-gate: thresholds file $file not found" >&2; return 1; }
  while IFS= read -r line || [[ -n "$line" ]]; do
    n=$((n + 1))
    line="${line%%#*}"
    line="${line//[[:space:]]/}"
    [[ -z "$line" ]] && continue
    if [[ ! "$line" =~ ^[a-z0-9_]+=[0-9]+(\.[0-9]+)?$ ]]; then
      echo "eval-gate: $file line $n: expected METRIC=VALUE, got '$line'" >&2
      return 1
    fi
    printf '%s\n' "--min" "$line"
  done < "$file"
}

# gate NAME SET THRESHOLDS OUT [extra eval options...]
gate() {
  local name="$1" set="$2" file="$3" out="$4"
  shift 4
  local args
  args="$(thresholds "$file")" || return 1
  local -a min=()
  [[ -n "$args" ]] && mapfile -t min <<< "$args"
  local -a baseline=()
  if [[ -f "$out/results.json" ]]; then
    cp "$out/results.json" "$scratch/$name.previous.json"
    baseline=(--baseline "$scratch/$name.previous.json")
  fi
  echo "== eval-gate: $name ($set, thresholds $file)"
  dotnet "$dll" --data "$scratch/$name" eval --set "$set" --out "$out" "$@" "${baseline[@]}" "${min[@]}"
  local status=$?
  if [[ ${#baseline[@]} -gt 0 && -f "$scratch/$name.previous.json" ]]; then cp "$scratch/$name.previous.json" "$out/results.previous.json"; fi
  return $status
}

failed=()
# Every set is evaluated whole (both splits are reported in results.json and report.html); the thresholds apply to
# its held-out test split only (--gate-split test). Rules and thresholds are chosen on dev results, never on test ones.
gate project corpus/questions/questions.jsonl corpus/questions/thresholds.txt artifacts/eval --gate-split test || failed+=(project)
second=tests/ReportBot.Tests/Fixtures/second-corpus
gate second "$second/questions.jsonl" "$second/thresholds.txt" artifacts/eval-second --corpus "$second/reports" --gate-split test || failed+=(second)
# The blind-written corpora (tests/corpora/*: written by someone who never read the answering code). dev-* corpora
# are all dev (reported, not gated); test-* corpora are all test and gated on their thresholds.
for dir in tests/corpora/*/; do
  name="$(basename "$dir")"
  [[ -f "$dir/questions.jsonl" ]] || continue
  if [[ -f "$dir/thresholds.txt" ]]; then
    gate "$name" "$dir/questions.jsonl" "$dir/thresholds.txt" "artifacts/eval-$name" --corpus "$dir/reports" --gate-split test || failed+=("$name")
  else
    gate "$name" "$dir/questions.jsonl" /dev/null "artifacts/eval-$name" --corpus "$dir/reports" || failed+=("$name")
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "eval-gate: FAILED: ${failed[*]}"
  exit 1
fi
echo "eval-gate: passed"
