#!/usr/bin/env bash
# The release binary's size next to gh's, the anchor of the size goal
# (<= 0.8x). Builds as a release is built: no cgo, no paths, no symbols.
#
# Usage: bench/size.sh [GH]     GH defaults to the gh on PATH.
# Needs: go, gh (apt-get install gh)
set -euo pipefail
cd "$(dirname "$0")/.."
gh=${1:-$(command -v gh || true)}
[ -n "$gh" ] && [ -x "$gh" ] || { echo "missing: gh (apt-get install gh, or pass its path)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$work/oss-dev" ./cmd/oss-dev
ours=$(stat -c %s "$work/oss-dev")
theirs=$(stat -c %s "$(readlink -f "$gh")")
echo "oss-dev $(git rev-parse --short=12 HEAD), $(go version | cut -d' ' -f3) $(go env GOOS)/$(go env GOARCH)"
echo "gh      $("$gh" --version | head -1)"
awk -v o="$ours" -v g="$theirs" 'BEGIN {
  printf "  oss-dev (stripped)  %6.1f MB\n", o / 1e6
  printf "  gh                  %6.1f MB\n", g / 1e6
  printf "  oss-dev/gh          %6.2fx\n", o / g
}'
