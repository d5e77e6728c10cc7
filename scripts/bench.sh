#!/usr/bin/env bash
# The benchmark: builds Release, then runs `reportbot bench` (the project's corpus plus synthetic corpora of 1k, 10k and
# 100k chunks, seeded), which writes docs/benchmarks.md and docs/benchmarks-latency.svg. Any extra arguments go to
# `reportbot bench` (e.g. --sizes 1000,10000 --load-seconds 5). Runs its own Qdrant on 127.0.0.1 with storage in a
# scratch folder (never the .data of a running bot); the parsed word-vector cache under .data/cache is shared.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
bash scripts/install-tools.sh
if [[ "${BENCH_WRK:-0}" == "1" ]]; then bash scripts/install-bench-tools.sh; fi
dotnet build ReportBot.sln -c Release -nologo -v quiet
export ReportBot__Embeddings__CachePath="${ReportBot__Embeddings__CachePath:-$root/.data/cache}"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/reportbot-bench-data.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
dotnet src/ReportBot.Cli/bin/Release/net10.0/reportbot.dll --data "$scratch" bench "$@"
