#!/usr/bin/env bash
# Start-up with plugins: `oss-dev --help` with 10 installed and enabled
# plugins (manifests read, none started) against no plugins, in one paired
# hyperfine run, then the ratio of the medians (goal: <= 1.2). Each side
# has its own HOME; `env` starts both, so it costs both the same. The
# binary is built as a release is. Needs: hyperfine and jq.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/oss-dev
CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$bin" ./cmd/oss-dev
mkdir -p "$work/none" "$work/ten/.config/oss-dev"
names=()
for i in $(seq 1 10); do
  name=plugin$i
  dir=$work/ten/.local/share/oss-dev/plugins/$name
  mkdir -p "$dir/bin"
  cat > "$dir/plugin.toml" <<TOML
name = "$name"
version = "1.0.$i"
description = "Benchmark plugin $i"
protocol = 1
executable = "bin/$name"
[[commands]]
name = "$name"
summary = "Command of plugin $i"
[[hooks]]
event = "before:VALIDATION"
[[tools]]
name = "tool_$i"
description = "Tool $i"
schema = '{"type":"object"}'
TOML
  printf '#!/bin/sh\nexit 1\n' > "$dir/bin/$name"
  chmod 755 "$dir/bin/$name"
  names+=("\"$name\"")
done
printf '[plugins]\nenabled = [%s]\n' "$(IFS=,; echo "${names[*]}")" > "$work/ten/.config/oss-dev/config.toml"
HOME=$work/ten XDG_CONFIG_HOME= XDG_DATA_HOME= "$bin" --help | grep -c 'Command of plugin' | grep -qx 10 ||
  { echo "the 10 plugin commands are not in --help" >&2; exit 1; }
hyperfine --warmup 5 --runs "${RUNS:-50}" -N --export-json "$work/times.json" \
  -n none "env HOME=$work/none XDG_CONFIG_HOME= XDG_DATA_HOME= $bin --help" \
  -n ten "env HOME=$work/ten XDG_CONFIG_HOME= XDG_DATA_HOME= $bin --help"
median() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median' "$work/times.json"; }
awk -v n="$(median none)" -v t="$(median ten)" \
  'BEGIN { printf "median: no plugins %.1f ms, 10 plugins %.1f ms, ratio %.2fx\n", n * 1000, t * 1000, t / n }'
