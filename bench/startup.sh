#!/usr/bin/env bash
# Whole-process start-up: `oss-dev --help` against `gh --help` on the same
# machine, in one hyperfine run so both see the same noise, then the ratio
# of the medians (goal: <= 0.35). The binary is built as a release is.
# Needs: hyperfine and gh (Debian packages: apt-get install hyperfine gh).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/oss-dev
CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$bin" ./cmd/oss-dev
args=(--warmup 5 --runs "${RUNS:-50}" -N --export-json "$work/times.json")
if ! command -v gh >/dev/null; then
  echo "gh not installed: timing oss-dev alone" >&2
  hyperfine "${args[@]}" -n oss-dev "$bin --help"
  exit
fi
hyperfine "${args[@]}" -n oss-dev "$bin --help" -n gh "gh --help"
median() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median' "$work/times.json"; }
awk -v o="$(median oss-dev)" -v g="$(median gh)" \
  'BEGIN { printf "median: oss-dev %.1f ms, gh %.1f ms, oss-dev/gh = %.2fx\n", o * 1000, g * 1000, o / g }'
