package repo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchTree writes a tree of about 5,000 files shaped like a real project:
// Go, Python, TypeScript and C sources with comments, Markdown docs, JSON
// data, a vendored folder and manifests, committed with git so the
// analysis lists it through git ls-files.
func benchTree(b *testing.B) string {
	b.Helper()
	files := map[string]string{
		"go.mod":                   "module example.com/bench\n\ngo 1.22\n\nrequire github.com/spf13/cobra v1.8.0\n",
		"package.json":             "{\n  \"name\": \"bench\",\n  \"scripts\": {\"test\": \"jest\", \"build\": \"tsc\"}\n}\n",
		"Makefile":                 "test:\n\tgo test ./...\nbuild:\n\tgo build ./...\n",
		".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    steps:\n      - run: make test\n",
		".gitattributes":           "*.gen.go linguist-generated\nthird_party/** linguist-vendored\n",
	}
	goSrc := strings.Repeat("// Doc comment for the function.\nfunc f%d(a, b int) int {\n\t/* block */\n\treturn a + b // sum\n}\n\n", 20)
	pySrc := strings.Repeat("def f%d(a, b):\n    \"\"\"Doc.\"\"\"\n    # comment\n    return a + b\n\n", 20)
	tsSrc := strings.Repeat("export function f%d(a: number, b: number): number {\n  // comment\n  return a + b;\n}\n\n", 20)
	cSrc := strings.Repeat("/* f%d */\nint f(int a, int b) {\n  return a + b; // sum\n}\n\n", 20)
	for i := 0; i < 5000; i++ {
		dir := fmt.Sprintf("pkg%02d/sub%02d", i%50, (i/50)%10)
		switch i % 10 {
		case 0, 1, 2:
			files[fmt.Sprintf("%s/f%d.go", dir, i)] = "package p\n\n" + fmt.Sprintf(goSrc, i)
		case 3:
			files[fmt.Sprintf("%s/f%d_test.go", dir, i)] = "package p\n\n" + fmt.Sprintf(goSrc, i)
		case 4, 5:
			files[fmt.Sprintf("%s/f%d.py", dir, i)] = fmt.Sprintf(pySrc, i)
		case 6:
			files[fmt.Sprintf("%s/f%d.ts", dir, i)] = fmt.Sprintf(tsSrc, i)
		case 7:
			files[fmt.Sprintf("third_party/lib%d/f%d.c", i%20, i)] = fmt.Sprintf(cSrc, i)
		case 8:
			files[fmt.Sprintf("docs/%s/page%d.md", dir, i)] = "# Page\n\nSome text.\n\n- a\n- b\n"
		case 9:
			files[fmt.Sprintf("%s/data%d.json", dir, i)] = "{\"a\": 1, \"b\": [1, 2, 3]}\n"
		}
	}
	return gitRepo(b, files, "Add the tree")
}

// BenchmarkAnalyze is one whole analysis of a 5,000-file tree, page cache
// warm: listing, reading, detection, counting and every detector.
func BenchmarkAnalyze(b *testing.B) {
	dir := benchTree(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Analyze(ctx, Options{Root: dir}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyzeDir analyses the checkout named by OSS_DEV_BENCH_DIR, so a
// profile can be taken on a real repository:
//
//	OSS_DEV_BENCH_DIR=/path/to/checkout go test -bench AnalyzeDir -cpuprofile cpu.out
func BenchmarkAnalyzeDir(b *testing.B) {
	dir := os.Getenv("OSS_DEV_BENCH_DIR")
	if dir == "" {
		b.Skip("set OSS_DEV_BENCH_DIR to a checkout")
	}
	dir, _ = filepath.Abs(dir)
	for i := 0; i < b.N; i++ {
		if _, err := Analyze(context.Background(), Options{Root: dir}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCountLines is the line classifier alone on Go source.
func BenchmarkCountLines(b *testing.B) {
	src := []byte(strings.Repeat("// comment\nfunc f(a, b int) int {\n\t/* x */ return a + b // sum\n}\n\n", 2000))
	syn, known := commentSyntaxFor("Go")
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		countLines(src, syn, known)
	}
}
