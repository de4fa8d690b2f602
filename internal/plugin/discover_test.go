package plugin

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writePlugin makes a plugin folder NAME under dir with manifest text and
// an executable at bin/NAME.
func writePlugin(t testing.TB, dir, name, manifest string) string {
	t.Helper()
	pd := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Join(pd, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pd, ManifestFile), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pd, "bin", name), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return pd
}

func manifestFor(name string) string {
	return strings.ReplaceAll(strings.ReplaceAll(helloManifest, `"hello"`, fmt.Sprintf("%q", name)), "bin/hello", "bin/"+name)
}

func writeExe(t testing.TB, path string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestDiscover(t *testing.T) {
	user, extra, bin := t.TempDir(), t.TempDir(), t.TempDir()
	writePlugin(t, user, "hello", helloManifest)
	writePlugin(t, user, "misnamed", manifestFor("other"))
	broken := writePlugin(t, extra, "broken", manifestFor("broken"))
	os.Remove(filepath.Join(broken, "bin", "broken"))
	writeExe(t, filepath.Join(extra, "oss-dev-lint"))
	writeExe(t, filepath.Join(bin, "oss-dev-lint")) // shadowed by the plugin folder's
	writeExe(t, filepath.Join(bin, "oss-dev-greet"))
	writeExe(t, filepath.Join(bin, "oss-dev-Bad"))
	os.WriteFile(filepath.Join(bin, "oss-dev-noexec"), []byte("x"), 0o644)

	found := Discover([]string{user, extra}, bin+string(os.PathListSeparator)+"relative/bin")
	got := map[string]Found{}
	for _, f := range found {
		got[f.Name] = f
	}
	if len(found) != 5 {
		t.Fatalf("found %d plugins: %+v", len(found), found)
	}
	if f := got["hello"]; f.Err != nil || f.Manifest == nil || f.Exe != filepath.Join(user, "hello", "bin", "hello") || f.Source != User {
		t.Errorf("hello: %+v", f)
	}
	if f := got["misnamed"]; f.Err == nil || !strings.Contains(f.Err.Error(), "names it other") {
		t.Errorf("misnamed: %+v", f)
	}
	if f := got["broken"]; f.Err == nil || !strings.Contains(f.Err.Error(), "is missing") {
		t.Errorf("broken: %+v", f)
	}
	if f := got["lint"]; !f.Extension() || f.Source != User || f.Exe != filepath.Join(extra, "oss-dev-lint") {
		t.Errorf("lint: %+v", f)
	}
	if f := got["greet"]; !f.Extension() || f.Source != Path {
		t.Errorf("greet: %+v", f)
	}
}

func TestExecutableLinkOutOfTheFolderIsRefused(t *testing.T) {
	dir := t.TempDir()
	pd := writePlugin(t, dir, "hello", helloManifest)
	exe := filepath.Join(pd, "bin", "hello")
	os.Remove(exe)
	outside := filepath.Join(t.TempDir(), "sh")
	writeExe(t, outside)
	if err := os.Symlink(outside, exe); err != nil {
		t.Skip(err)
	}
	f := LoadDir(pd, User)
	if f.Err == nil || !strings.Contains(f.Err.Error(), "leads out of its folder") {
		t.Fatalf("loaded %+v", f)
	}
}

func TestCatalogStatus(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"hello", "off", "idle"} {
		writePlugin(t, dir, n, manifestFor(n))
	}
	writeExe(t, filepath.Join(dir, "oss-dev-greet"))
	cat := NewCatalog(nil, Discover([]string{dir}, ""), Selection{Enabled: []string{"hello", "off"}, Disabled: []string{"off"}})
	want := map[string]Status{"hello": StatusOK, "off": StatusDisabled, "idle": StatusDisabled, "greet": StatusOK}
	for name, st := range want {
		if e, ok := cat.Lookup(name); !ok || e.Status != st {
			t.Errorf("%s: %+v, want %s", name, e, st)
		}
	}
	if e, ok := cat.CommandOwner("hello"); !ok || e.Name != "hello" {
		t.Errorf("command hello owned by %+v", e)
	}
	if _, ok := cat.CommandOwner("off"); ok {
		t.Error("a disabled plugin's command is offered")
	}
	if e, ok := cat.CommandOwner("greet"); !ok || !e.Extension() {
		t.Errorf("command greet owned by %+v", e)
	}
}

// BenchmarkDiscover10 is the discovery of ten installed plugins: ten
// manifests read and validated, ten executables checked, no process
// started (goal: < 20 ms).
func BenchmarkDiscover10(b *testing.B) {
	dir := b.TempDir()
	for i := range 10 {
		writePlugin(b, dir, fmt.Sprintf("plugin%d", i), manifestFor(fmt.Sprintf("plugin%d", i)))
	}
	b.ResetTimer()
	for b.Loop() {
		if found := Discover([]string{dir}, ""); len(found) != 10 || found[0].Err != nil {
			b.Fatalf("found %+v", found)
		}
	}
}
