#!/usr/bin/env bash
# Differential check for changes that must not change what `analyze repo`
# reports: builds oss-dev at a base revision and from the work tree, runs
# `analyze repo --json` with both on each checkout, and compares the
# reports byte for byte, apart from the fields that name the checkout
# itself (root).
#
# Usage: bench/same-report.sh [-b BASE] CHECKOUT...
#   BASE is any git revision of this repository; by default the commit the
#   current branch forked from main (after `git rebase main`, main itself).
# Exits 1 when any report differs, and shows the first lines of each diff.
# Needs: git, go, jq
set -euo pipefail
base=
if [ "${1:-}" = "-b" ]; then
  base=${2:?usage: bench/same-report.sh [-b BASE] CHECKOUT...}
  shift 2
fi
[ $# -gt 0 ] || { echo "usage: bench/same-report.sh [-b BASE] CHECKOUT..." >&2; exit 2; }
checkouts=()
for dir in "$@"; do
  checkouts+=("$(cd "$dir" && pwd)")
done
cd "$(dirname "$0")/.."
base=${base:-$(git merge-base main HEAD)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The base is built from an exported copy of its tree, so the work tree
# and the git worktree list stay as they are.
mkdir "$work/src"
git archive "$base" | tar -x -C "$work/src"
(cd "$work/src" && CGO_ENABLED=0 go build -trimpath -o "$work/before" ./cmd/oss-dev)
CGO_ENABLED=0 go build -trimpath -o "$work/after" ./cmd/oss-dev

# report BIN CHECKOUT prints the report with the checkout's own path
# removed, wherever it appears.
report() {
  "$1" analyze repo "$2" --json | jq --arg root "$2" 'del(.root) | walk(if type == "string" then (split($root) | join("ROOT")) else . end)'
}

differ=0
for dir in "${checkouts[@]}"; do
  report "$work/before" "$dir" > "$work/before.json"
  report "$work/after" "$dir" > "$work/after.json"
  if cmp -s "$work/before.json" "$work/after.json"; then
    echo "same     $dir"
  else
    echo "DIFFERS  $dir"
    diff -u "$work/before.json" "$work/after.json" | head -40 || true
    differ=1
  fi
done
exit "$differ"
