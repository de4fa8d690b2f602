#!/usr/bin/env bash
# Makes a git repository of many small source files (default 50,000) for
# timing `oss-dev analyze repo` against the floor of reading every file once.
# Usage: bench/large-repo.sh DIR [FILES]     Needs: git, python3, hyperfine
set -euo pipefail
dir=${1:?usage: bench/large-repo.sh DIR [FILES]}
files=${2:-50000}
mkdir -p "$dir" && cd "$dir"
if [ ! -d .git ]; then
  git init -q
  python3 - "$files" <<'PY'
import os, random, sys
random.seed(1)
templates = [("go", "package p\n\n// F does things.\nfunc F() int {\n\treturn %d\n}\n"),
             ("py", "# module\ndef f():\n    return %d\n"),
             ("ts", "// file\nexport const x = %d;\n"),
             ("c", "/* c */\nint f(void) { return %d; }\n"),
             ("md", "# Title %d\n\nSome text.\n"),
             ("java", "class A { int f() { return %d; } }\n")]
for i in range(int(sys.argv[1])):
    d = f"src/m{i % 200}/s{i % 17}"
    os.makedirs(d, exist_ok=True)
    ext, text = templates[i % len(templates)]
    with open(f"{d}/f{i}.{ext}", "w") as fh:
        fh.write((text % i) * random.randint(1, 20))
PY
  git add -A
  git -c user.name=bench -c user.email=bench@example.com commit -qm "generated files"
fi
cd - >/dev/null
bin=$(mktemp -d)/oss-dev
CGO_ENABLED=0 go build -trimpath -o "$bin" "$(dirname "$0")/../cmd/oss-dev"
hyperfine -N --warmup 1 -r "${RUNS:-3}" "$bin analyze repo $dir --json" \
  "sh -c 'git -C $dir ls-files -z | (cd $dir && xargs -0 cat > /dev/null)'"
