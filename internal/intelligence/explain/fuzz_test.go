package explain

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/oss-dev/oss-dev/internal/safefile"
)

// FuzzGoOutline outlines any text as a Go file: never a panic, and every
// symbol has a name, lies within the file's lines, ends after it starts
// (or has no known end, in a file with syntax errors), and is shown as valid UTF-8 (the outline is printed and sent to a model).
func FuzzGoOutline(f *testing.F) {
	for _, s := range []string{
		"package p\n\n// Add adds.\nfunc Add(a, b int) int { return a + b }\n",
		"// Package p is.\npackage p\n\ntype (\n\tT struct{ x int }\n\tI interface{ M() }\n)\n\nfunc (t *T) M() {}\nfunc (T[K]) N() {}\n",
		"package p\nconst (\n\tA, B = iota, 1 // two\n\tC\n)\nvar x, y = f()\n",
		"package p\nimport (\n\t\"fmt\"\n\tm \"math\"\n\t_ \"embed\"\n)\n",
		"package p\nfunc Broken( {\n",
		"package p\ntype G[T any, U ~int] func(T) U\n",
		"package p\n// \xff bad utf8\nfunc F() {}\n",
		"",
	} {
		f.Add([]byte(s))
	}
	root := f.TempDir()
	dir, err := safefile.OpenRoot(root)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { dir.Close() })
	t0 := &target{abs: filepath.Join(root, "a.go"), rel: "a.go", root: root, dir: dir}
	f.Fuzz(func(t *testing.T, src []byte) {
		u, err := loadGoFile(t0, src)
		if err != nil {
			return
		}
		lines := strings.Count(string(src), "\n") + 1
		for _, s := range u.all {
			if s.Name == "" || s.Line < 1 || s.Line > lines || (s.EndLine != 0 && s.EndLine < s.Line) || s.EndLine > lines {
				t.Fatalf("symbol %+v outside 1..%d", s, lines)
			}
			if !utf8.ValidString(s.Signature) || !utf8.ValidString(s.Name) {
				t.Fatalf("symbol %+v is not valid UTF-8", s)
			}
		}
		for _, im := range u.imports {
			if im.Line < 1 || im.Line > lines {
				t.Fatalf("import %+v outside 1..%d", im, lines)
			}
		}
	})
}
