#!/usr/bin/env bash
# Rewrites the sample answer at the top of README.md with what `reportbot ask` answers today (after answers change).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh
dotnet build tests/ReportBot.Tests -c Release -warnaserror 2>&1 | tail -1
REPORTBOT_UPDATE_README=1 dotnet test tests/ReportBot.Tests -c Release --no-build --filter "FullyQualifiedName~ReadmeSampleTests"
git --no-pager diff --stat README.md
