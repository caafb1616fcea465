#!/usr/bin/env bash
# npm test: every suite against real parts (server on loopback, SQLite in temp dirs, Debian Chromium).
# Prints one closing line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
log_dir=$(mktemp -d)
passed=0
failed=0
broken=()

count_node() { # node:test TAP summary: "# pass N" / "# fail N"
  local p f
  p=$(grep -E '^# pass [0-9]+' "$1" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail [0-9]+' "$1" | tail -1 | awk '{print $3}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}
count_wtr() { # web-test-runner: "... | N passed, M failed"
  local line
  line=$(grep -oE '[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
  passed=$((passed + $(echo "${line:-0 passed}" | awk '{print $1}')))
  failed=$((failed + $(echo "${line:-0 passed, 0 failed}" | awk '{print $3}')))
}

run() { # run NAME COUNTER COMMAND...
  local name=$1 counter=$2; shift 2
  echo "── $name"
  "$@" 2>&1 | tee "$log_dir/$name.log"
  local status=${PIPESTATUS[0]}
  [ "$counter" != none ] && "$counter" "$log_dir/$name.log"
  if [ "$status" -ne 0 ]; then broken+=("$name"); [ "$counter" = none ] && failed=$((failed + 1)); fi
  [ "$counter" = none ] && [ "$status" -eq 0 ] && passed=$((passed + 1))
}

run typecheck none npx tsc -p tsconfig.json
run build none bash -c 'npx vite build --logLevel warn && npx vite build -c vite.server.config.ts --logLevel warn'
# Unit tests of the framework-free packages (core models, protocol); element tests run in Chromium below.
shopt -s nullglob
units=(packages/core/src/*.test.ts packages/protocol/src/*.test.ts)
shopt -u nullglob
[ ${#units[@]} -gt 0 ] && run units count_node timeout 300 node --import tsx --test --test-reporter=tap --test-concurrency=1 "${units[@]}"
run server count_node timeout 1800 node --import tsx --test --test-reporter=tap --test-concurrency=1 --test-timeout=60000 server/test/*.test.ts
run components count_wtr timeout 900 npx web-test-runner
run e2e count_node timeout 1800 node --import tsx --test --test-reporter=tap --test-concurrency=1 --test-timeout=120000 e2e/*.test.ts

rm -rf "$log_dir"
[ ${#broken[@]} -gt 0 ] && echo "failing suites: ${broken[*]}"
echo "$passed passed, $failed failed"
[ ${#broken[@]} -eq 0 ] && [ "$failed" -eq 0 ]
