#!/usr/bin/env bash
# The soak stage (issue 10): 20,000 POST /api/chat at a concurrency of 32 against the real server on its embedded
# defaults (own local Qdrant on 127.0.0.1, the real corpus). Fails on any non-200, or memory growth of 10% or more
# after warm-up. Figures: test output and artifacts/reliability/figures.tsv (copy them into docs/reliability.md).
# Usage: bash scripts/soak.sh [--no-build]   (--no-build when scripts/test.sh has just built Release)
set -uo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" != "--no-build" ]]; then
  bash scripts/install-tools.sh || exit 1
  dotnet build ReportBot.sln -c Release -warnaserror 2>&1 | tail -3
  [[ ${PIPESTATUS[0]} -eq 0 ]] || { echo "build failed"; exit 1; }
fi
log="$(mktemp)"
# Bounded: the test itself caps the run at 20 minutes; this is the outer guard.
timeout 1800 dotnet test tests/ReportBot.Tests/ReportBot.Tests.csproj -c Release --no-build --filter "Category=Soak" \
  --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
grep -Eo 'soak	requests=.*' "$log" | tail -1
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
[[ $status -eq 0 && ${passed:-0} -ge 1 ]] || status=1
echo "soak: ${passed:-0} passed, ${failed:-0} failed"
exit $status
