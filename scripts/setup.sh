#!/usr/bin/env bash
# npm run setup: everything HiLink needs on a fresh machine, then a build. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# onnxruntime-node (pulled in by transformers.js) would try to download a CUDA add-on at install time.
export ONNXRUNTIME_NODE_INSTALL=skip ONNXRUNTIME_NODE_INSTALL_CUDA=skip

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("HiLink needs Node 20.19 or newer, found "+process.version); process.exit(1) }'

# Debian's Chromium for the browser tests (test tools' own browser downloads are not used).
if ! command -v "${CHROMIUM_PATH:-/usr/bin/chromium}" >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian's chromium"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: chromium is missing; install it (apt-get install chromium) or set CHROMIUM_PATH to run browser tests" >&2
  fi
fi

# npm packages at the locked versions. better-sqlite3 may compile from source here (about 2 minutes).
# `npm install` rather than `npm ci`: npm 11 leaves some platform-specific optional packages of rollup out of
# the lock file, and `npm ci` then refuses the whole install; `npm install` keeps every locked version.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi

npm run build
echo "setup: done. Start with: npm start"
