#!/usr/bin/env bash
# `oss-dev docs generate --stdout` against `oss-dev analyze repo` on one
# checkout, paired in one hyperfine run; prints the ratio of the medians
# (the goal: docs generate <= 1.5x analyze repo).
#
# Usage: bench/docs-speed.sh CHECKOUT [RUNS]
# Needs: go, jq, hyperfine
set -euo pipefail
checkout=$(cd "${1:?usage: bench/docs-speed.sh CHECKOUT [RUNS]}" && pwd)
runs=${2:-10}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/oss-dev
CGO_ENABLED=0 go build -trimpath -o "$bin" ./cmd/oss-dev
echo "checkout: $checkout ($(git -C "$checkout" ls-files | wc -l) tracked files), $(nproc) cores"
hyperfine --warmup 1 --runs "$runs" --export-json "$work/times.json" \
  -n analyze "$bin analyze repo '$checkout' > /dev/null" \
  -n docs "$bin docs generate '$checkout' --stdout > /dev/null"
median() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median' "$work/times.json"; }
awk -v a="$(median analyze)" -v d="$(median docs)" 'BEGIN { printf "median: analyze repo %.3f s, docs generate %.3f s, ratio %.2fx\n", a, d, d / a }'
