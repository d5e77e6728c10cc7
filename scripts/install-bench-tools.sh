#!/usr/bin/env bash
# Optional: Debian's wrk and hyperfine, to cross-check the project's own load generator by hand, e.g.
#   wrk -t2 -c16 -d10s -s scripts/wrk-chat.lua http://127.0.0.1:5000/api/chat
# `reportbot bench` does not need them (it has its own loopback load generator).
set -euo pipefail
if command -v wrk >/dev/null && command -v hyperfine >/dev/null; then exit 0; fi
sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
$sudo apt-get update -qq
$sudo apt-get install -y -qq wrk hyperfine
