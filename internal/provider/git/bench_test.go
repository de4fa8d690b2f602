package git_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/provider/git"
)

// BenchmarkStatus runs Status on a working tree of 3,000 tracked files in
// 60 directories, with 100 modified and 50 untracked.
func BenchmarkStatus(b *testing.B) {
	f := newFixture(b)
	for i := range 3000 {
		write(b, f.dir, fmt.Sprintf("pkg%02d/file%04d.txt", i%60, i), fmt.Sprintf("line %d\n", i))
	}
	run(b, f.dir, "add", ".")
	run(b, f.dir, "commit", "--quiet", "-m", "many files")
	for i := range 100 {
		write(b, f.dir, fmt.Sprintf("pkg%02d/file%04d.txt", i%60, i*7), "changed\n")
	}
	for i := range 50 {
		write(b, f.dir, fmt.Sprintf("new/untracked %d.txt", i), "u\n")
	}
	st, err := f.repo.Status(ctx)
	if err != nil || len(st.Files) != 150 {
		b.Fatalf("status: %d files, %v", len(st.Files), err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := f.repo.Status(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseStatusV2 parses the output of a status with 3,000 entries.
func BenchmarkParseStatusV2(b *testing.B) {
	var recs []string
	recs = append(recs, "# branch.oid "+shaA, "# branch.head main", "# branch.upstream origin/main", "# branch.ab +1 -2")
	for i := range 3000 {
		recs = append(recs, fmt.Sprintf("1 .M %s dir%02d/some file %04d.go", ordFields, i%60, i))
	}
	data := []byte(strings.Join(recs, "\x00") + "\x00")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := git.ParseStatusV2(data); err != nil {
			b.Fatal(err)
		}
	}
}
