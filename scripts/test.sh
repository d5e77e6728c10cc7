#!/usr/bin/env bash
# Runs the whole test suite: installs the pinned tools, builds, runs every test (real Qdrant, real HTTP), then the soak
# stage and the answer-quality gate.
# Ends with one line "N passed, N failed", after the failed tests (if any), each with the first line of its error.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh || exit 1
bash scripts/install-browser.sh || exit 1
dotnet build ReportBot.sln -c Release -warnaserror 2>&1 | tail -3
[[ ${PIPESTATUS[0]} -eq 0 ]] || { echo "build failed"; exit 1; }
log="$(mktemp)"
dotnet test ReportBot.sln -c Release --no-build --filter "Category!=Soak" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
# The failed tests and the first line of each error, kept for the end of the output (what a CI summary shows).
failures="$(awk '/^ +Failed [A-Za-z]/ {name=$0; getline; getline; print name " :: " $0}' "$log" | sed -E 's/^ +//; s/ +/ /g' | cut -c1-400 | head -40)"
rm -f "$log"
# The soak stage (issue 10): 20,000 chat requests at a concurrency of 32 against the real server.
if ! bash scripts/soak.sh --no-build; then
  echo "soak stage failed"
  status=1
  failed=$((failed + 1))
else
  passed=$((passed + 1))
fi
# Answer quality gate: both question sets against the thresholds kept in the repo.
if ! bash scripts/eval-gate.sh; then
  echo "eval gate failed (see artifacts/eval*/report.html)"
  status=1
  failed=$((failed + 1))
fi
if [[ -n "$failures" ]]; then
  echo "failed tests:"
  printf '%s\n' "$failures"
fi
echo "${passed:-0} passed, ${failed:-0} failed"
exit $status
