#!/usr/bin/env bash
# Runs ReportBot on the embedded defaults: installs the pinned tools, then starts the web host, which starts its
# own Qdrant on 127.0.0.1, ingests corpus/reports and serves the API (default http://127.0.0.1:5000; pass --urls to change).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh
exec dotnet run --project src/ReportBot.Server -c Release -- --urls "${REPORTBOT_URLS:-http://127.0.0.1:5000}" "$@"
