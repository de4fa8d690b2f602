#!/usr/bin/env bash
# Whole-process start-up: `oss-dev --help` against `gh --help` on the same
# machine, in one hyperfine run so both see the same noise.
# Needs: hyperfine and gh (Debian packages: apt-get install hyperfine gh).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/oss-dev
CGO_ENABLED=0 go build -trimpath -o "$bin" ./cmd/oss-dev
args=(--warmup 5 --runs "${RUNS:-50}" -N)
if command -v gh >/dev/null; then
  hyperfine "${args[@]}" "$bin --help" "gh --help"
else
  echo "gh not installed: timing oss-dev alone" >&2
  hyperfine "${args[@]}" "$bin --help"
fi
