package deps

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// writeLargeLock writes package.json and a package-lock.json v3 with n
// packages: each needs the next three, every tenth carries a nested copy
// of its first dependency at another version, and the root needs fifty.
func writeLargeLock(tb testing.TB, dir string, n int) {
	tb.Helper()
	name := func(i int) string { return fmt.Sprintf("pkg-%04d", i%n) }
	type entry struct {
		Version      string            `json:"version,omitempty"`
		Resolved     string            `json:"resolved,omitempty"`
		Integrity    string            `json:"integrity,omitempty"`
		Dev          bool              `json:"dev,omitempty"`
		Dependencies map[string]string `json:"dependencies,omitempty"`
	}
	root := entry{Dependencies: map[string]string{}}
	pkgs := map[string]entry{}
	for i := range n {
		deps := map[string]string{}
		for d := 1; d <= 3; d++ {
			deps[name(i+d)] = "^1.0.0"
		}
		e := entry{Version: fmt.Sprintf("1.0.%d", i), Resolved: "https://registry.npmjs.org/" + name(i) + "/-/x.tgz",
			Integrity: "sha512-" + name(i), Dependencies: deps, Dev: i%7 == 0}
		pkgs["node_modules/"+name(i)] = e
		if i%10 == 0 {
			pkgs["node_modules/"+name(i)+"/node_modules/"+name(i+1)] = entry{Version: "2.0.0", Resolved: "https://registry.npmjs.org/x.tgz"}
		}
		if i < 50 {
			root.Dependencies[name(i)] = "^1.0.0"
		}
	}
	all := map[string]any{"": root}
	for k, v := range pkgs {
		all[k] = v
	}
	lock, err := json.MarshalIndent(map[string]any{"name": "big", "lockfileVersion": 3, "requires": true, "packages": all}, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	manifest, _ := json.Marshal(map[string]any{"name": "big", "dependencies": root.Dependencies})
	if err := os.WriteFile(filepath.Join(dir, "package-lock.json"), lock, 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "package.json"), manifest, 0o644); err != nil {
		tb.Fatal(err)
	}
}

func TestLargeLock(t *testing.T) {
	dir := t.TempDir()
	writeLargeLock(t, dir, 2000)
	res, err := Scan(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	// 2,000 packages plus 200 nested copies, each another package at 2.0.0.
	if got := len(res.Packages); got != 2200 {
		t.Errorf("packages = %d, want 2200", got)
	}
	if res.Summary.Direct != 50 {
		t.Errorf("direct = %d, want 50", res.Summary.Direct)
	}
	// Each of the 2,000 needs three; in every tenth the nested copy takes
	// the place of the top-level one, so the count stays three each.
	if got := len(res.Edges); got != 6000 {
		t.Errorf("edges = %d, want 6000", got)
	}
}

func BenchmarkScanLargePackageLock(b *testing.B) {
	dir := b.TempDir()
	writeLargeLock(b, dir, 2000)
	info, err := os.Stat(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(info.Size())
	files := []string{"package.json", "package-lock.json"}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Scan(context.Background(), dir, files); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScanFixtures(b *testing.B) {
	for b.Loop() {
		for _, name := range fixtures {
			if _, err := Scan(context.Background(), filepath.Join("testdata", name), nil); err != nil {
				b.Fatal(err)
			}
		}
	}
}
