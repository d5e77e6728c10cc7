#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (never a browser download). Needs root (as on these machines).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "install-browser: $(chromium --version 2>/dev/null | head -1)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "install-browser: $(chromium --version 2>/dev/null | head -1)"
