#!/usr/bin/env bash
# Accuracy of `analyze issue --file --json`'s "claimed" flag through the
# built binary: each held-out labelled comment (repositories the claim
# model never saw) is the only recent comment on an open, unassigned issue
# saved in gh's `issue view --json` shape.
#
# Usage: bench/claims.sh
# Needs: go, jq
set -euo pipefail
cd "$(dirname "$0")/.."
command -v jq >/dev/null || { echo "missing: jq (apt-get install jq)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -o "$work/oss-dev" ./cmd/oss-dev
go run ./internal/intelligence/claim/train -export "$work/issues"
tp=0 fp=0 fn=0 tn=0
while IFS=$'\t' read -r file gold; do
  got=$(XDG_CONFIG_HOME="$work/cfg" "$work/oss-dev" analyze issue --file "$work/issues/$file" --json | jq -r .claimed)
  case "$gold/$got" in
    true/true) tp=$((tp + 1)) ;;
    false/true) fp=$((fp + 1)) ;;
    true/false) fn=$((fn + 1)) ;;
    *) tn=$((tn + 1)) ;;
  esac
done <"$work/issues/gold.tsv"
echo "oss-dev $(git rev-parse --short=12 HEAD): $((tp + fp + fn + tn)) saved issues, $((tp + fn)) with a claim"
awk -v tp=$tp -v fp=$fp -v fn=$fn -v tn=$tn 'BEGIN {
  printf "  accuracy %.3f  precision %.3f  recall %.3f  (tp %d fp %d fn %d tn %d)\n",
    (tp + tn) / (tp + fp + fn + tn), tp / (tp + fp), tp / (tp + fn), tp, fp, fn, tn
}'
