#!/usr/bin/env bash
# Whole-process cost of the sandbox wrapper: `true` run directly against
# `true` run the way the workflow runs a repository's command (oss-dev
# confines itself with Landlock, then executes the command), in one paired
# hyperfine run. The wrapper gets the writable list the runner gives it:
# the repository, temp and every toolchain cache, and the credential
# places of the home folder it hides (the list Hidden makes).
# Needs: hyperfine (Debian package) and a kernel with Landlock.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
bin=$dir/oss-dev
CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$bin" ./cmd/oss-dev
mkdir "$dir/repo"
w=(--write "$dir/repo" --write "${TMPDIR:-/tmp}")
for c in .cache/go-build go/pkg/mod .npm .local/share/pnpm/store .cache/pnpm .cache/yarn .yarn/berry \
  .cargo/registry .cargo/git .rustup .cache/pip .cache/uv .local/share/uv .m2/repository \
  .gradle/caches .gradle/wrapper .gradle/native .gradle/daemon; do
  w+=(--write "$HOME/$c")
done
for h in .ssh .gnupg .aws .azure .kube .docker .password-store .netrc .git-credentials .npmrc .pypirc \
  .gem/credentials .cargo/credentials .cargo/credentials.toml .config/gh .config/gcloud \
  .config/git/credentials .local/share/keyrings .config/oss-dev .local/state/oss-dev \
  .local/share/oss-dev .cache/oss-dev/github; do
  w+=(--hide "$HOME/$h")
done
cd "$dir/repo"
hyperfine -N --warmup 20 --runs "${RUNS:-300}" --export-json "$dir/sandbox.json" \
  "true" "$bin __oss-dev-sandbox ${w[*]} -- true"
python3 - "$dir/sandbox.json" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"]
m = [statistics.median(x["times"]) * 1000 for x in r]
print(f"median: true {m[0]:.2f} ms, through the sandbox {m[1]:.2f} ms, overhead {m[1]-m[0]:.2f} ms")
PY
rm -rf "$dir"
