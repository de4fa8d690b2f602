#!/usr/bin/env bash
# `oss-dev analyze repo` against cloc, github-linguist and the floor of
# reading every tracked file once, on one checkout, in one hyperfine run so
# all four see the same noise; then the ratios of the medians, and
# linguist's language shares next to ours.
#
# Usage: bench/analyze.sh CHECKOUT [RUNS]
# Needs: git, go, jq, hyperfine, cloc, github-linguist
#   apt-get install hyperfine cloc ruby-github-linguist jq
# The checkout must be a git work tree with a clean HEAD: linguist reads the
# committed tree, the others the work tree. The floor reads every tracked
# file cat can read: a tracked link to a folder (terraform has three) is
# an error of cat's, not a reason to stop.
set -euo pipefail
checkout=$(cd "${1:?usage: bench/analyze.sh CHECKOUT [RUNS]}" && pwd)
runs=${2:-10}
cd "$(dirname "$0")/.."
for tool in git go jq hyperfine cloc github-linguist; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/oss-dev
CGO_ENABLED=0 go build -trimpath -o "$bin" ./cmd/oss-dev

echo "checkout: $checkout ($(git -C "$checkout" ls-files | wc -l) tracked files, HEAD $(git -C "$checkout" rev-parse --short=12 HEAD))"
echo "machine:  $(nproc) cores"
hyperfine --warmup 1 --runs "$runs" --export-json "$work/times.json" \
  -n floor   "git -C '$checkout' ls-files -z | (cd '$checkout' && xargs -0 cat > /dev/null 2>&1 || true)" \
  -n oss-dev "$bin analyze repo '$checkout' --json > /dev/null" \
  -n cloc    "cd '$checkout' && cloc --vcs=git --quiet > /dev/null" \
  -n linguist "github-linguist '$checkout' --json > /dev/null"

median() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median' "$work/times.json"; }
ours=$(median oss-dev)
echo
echo "median seconds and ratios (higher = oss-dev faster):"
for n in floor oss-dev cloc linguist; do
  m=$(median "$n")
  awk -v n="$n" -v m="$m" -v o="$ours" 'BEGIN { printf "  %-9s %8.3f s   %s/oss-dev = %6.2fx\n", n, m, n, m / o }'
done

echo
echo "language shares, linguist against oss-dev (percentage points):"
"$bin" analyze repo "$checkout" --json > "$work/ours.json"
github-linguist "$checkout" --json > "$work/linguist.json"
jq -r '.languages[] | "\(.name)\t\(.share)"' "$work/ours.json" | sort > "$work/ours.tsv"
jq -r 'to_entries[] | "\(.key)\t\(.value.percentage)"' "$work/linguist.json" | sort > "$work/linguist.tsv"
join -t $'\t' -a1 -a2 -e 0 -o 0,1.2,2.2 "$work/linguist.tsv" "$work/ours.tsv" |
  awk -F'\t' '{ d = $3 - $2; if (d < 0) d = -d; if (d > worst) worst = d
                printf "  %-20s linguist %7.2f  oss-dev %7.2f  diff %5.2f\n", $1, $2, $3, d }
              END { printf "  largest difference: %.2f points (%s)\n", worst, (worst <= 1 ? "within one point" : "MORE THAN ONE POINT") }'
echo "primary: linguist $(jq -r 'to_entries | max_by(.value.size) | .key' "$work/linguist.json"), oss-dev $(jq -r .primary_language "$work/ours.json")"
