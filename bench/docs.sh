#!/usr/bin/env bash
# `oss-dev docs generate --stdout` on real repositories. For each checkout
# it checks that START_HERE.md names github-linguist's primary language,
# that its first test command is a right one (the project's own test runner,
# listed below per repository), that it holds no unresolved CI expression
# (${{), and that a second run gives the same bytes.
#
# Usage: bench/docs.sh DIR...        each DIR a git checkout named OWNER+REPO
#        bench/docs.sh /tmp/corpus/*
# Needs: git, go, jq, github-linguist (apt-get install ruby-github-linguist)
# Prints one line per checkout and a summary; exits 1 when a check fails.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: bench/docs.sh DIR..." >&2; exit 2; }
for tool in git go jq github-linguist; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/oss-dev
(cd "$here" && CGO_ENABLED=0 go build -trimpath -o "$bin" ./cmd/oss-dev)

# A right test command for each repository: its own test runner, as its
# contributing guide or CI runs it.
declare -A right=(
  [BurntSushi+ripgrep]='^cargo test'
  [Kotlin+kotlinx.coroutines]='^\./gradlew .*[tT]est'
  [apache+commons-lang]='^mvn '
  [casey+just]='^cargo test'
  [curl+curl]='^make .*test'
  [expressjs+express]='^npm (run )?test'
  [google+googletest]='^ctest'
  [google+gson]='^mvn .*(verify|test)'
  [hashicorp+terraform]='^go test'
  [jqlang+jq]='^make check'
  [libuv+libuv]='uv_run_tests|^ctest|^make .*(dist)?check'
  [pallets+flask]='tox|pytest'
  [psf+black]='tox|pytest'
  [pypa+pip]='nox .*test|pytest'
  [rack+rack]='rake'
  [rust-lang+log]='^cargo test'
  [spf13+cobra]='^(make .*test|go test)'
  [square+okhttp]='^\./gradlew .*[tT]est'
  [tokio-rs+axum]='^cargo (\+[0-9.]+ )?test'
  [tokio-rs+tokio]='^cargo test'
  [vitejs+vite]='^pnpm (run )?test'
)

pass=0 fail=0
printf '%-28s %-12s %-12s %-5s %-5s %-5s %s\n' REPOSITORY LINGUIST OSS-DEV LANG TEST SAME FIRST-TEST-COMMAND
for dir in "$@"; do
  name=$(basename "$dir")
  out1=$work/$name.1.md out2=$work/$name.2.md
  "$bin" docs generate "$dir" --stdout --no-llm > "$out1"
  "$bin" docs generate "$dir" --stdout --no-llm > "$out2"
  json=$("$bin" docs generate "$dir" --stdout --no-llm --json)
  ours=$(jq -r '.guide.primary_language' <<<"$json")
  test_cmd=$(jq -r '[.guide.commands[] | select(.kind == "test")][0].command // ""' <<<"$json")
  theirs=$(github-linguist "$dir" --json | jq -r 'to_entries | max_by(.value.size) | .key')
  lang=no; [ "$ours" = "$theirs" ] && grep -qx "Primary language: \*\*$ours\*\*" "$out1" && lang=yes
  tst=no; [ -n "${right[$name]:-}" ] && [[ "$test_cmd" =~ ${right[$name]} ]] && grep -qxF "$test_cmd" "$out1" && tst=yes
  same=no; cmp -s "$out1" "$out2" && ! grep -q '\${{' "$out1" && same=yes
  printf '%-28s %-12s %-12s %-5s %-5s %-5s %s\n' "$name" "$theirs" "$ours" "$lang" "$tst" "$same" "$test_cmd"
  if [ $lang$tst$same = yesyesyes ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "$pass of $((pass + fail)) repositories pass every check"
[ "$fail" -eq 0 ]
