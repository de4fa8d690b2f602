package config

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestEditKeepsCommentsAndOrder runs the operations of testdata/edit/ops.txt
// on input.toml and compares the result with want.toml byte for byte.
func TestEditKeepsCommentsAndOrder(t *testing.T) {
	input, err := os.ReadFile("testdata/edit/input.toml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, input, 0o640); err != nil {
		t.Fatal(err)
	}
	ops, err := os.Open("testdata/edit/ops.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer ops.Close()
	sc := bufio.NewScanner(ops)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch f[0] {
		case "set":
			err = Set(path, f[1], f[2])
		case "unset":
			_, err = Unset(path, f[1])
		}
		if err != nil {
			t.Fatalf("%s: %v", sc.Text(), err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	golden := "testdata/edit/want.toml"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("edited file differs from %s (run with -update to accept):\n%s", golden, got)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o640 {
		t.Errorf("mode = %v, want the file's own 0640 kept", info.Mode().Perm())
	}
	// The result loads, with the values set.
	as, probs := decodeFile(newKeyIndex(), got)
	if len(probs) > 0 {
		t.Fatalf("edited file does not load: %+v", probs)
	}
	var c = Default()
	for _, a := range as {
		if err := assign(&c, a.def, a.val); err != nil {
			t.Fatal(err)
		}
	}
	if c.GitHub.MaxRetries != 5 || c.Approval.Policy != PolicyAuto || c.Approval.Tools["git_commit"] != PolicyOnFailure || c.Model.Provider != "ollama" || c.Workflow.DraftPR {
		t.Errorf("values not applied: %+v", c)
	}
}

func TestEditCases(t *testing.T) {
	tests := []struct {
		name, in, key, val, want string
	}{
		{"new file", "", "approval.policy", "auto", "[approval]\npolicy = \"auto\"\n"},
		{"root key in empty file", "", "schema_version", "1", "schema_version = 1\n"},
		{"root key before tables", "# hi\n[ui]\ncolor = \"never\"\n", "schema_version", "1", "schema_version = 1\n# hi\n[ui]\ncolor = \"never\"\n"},
		{"no final newline", "[ui]\ncolor = \"never\"", "ui.pager", "less", "[ui]\ncolor = \"never\"\npager = \"less\"\n"},
		{"CRLF kept", "[ui]\r\ncolor = \"never\"\r\n", "ui.pager", "less", "[ui]\r\ncolor = \"never\"\r\npager = \"less\"\r\n"},
		{"dotted keys at the root", "approval.policy = \"never\"\n", "approval.audit_log", "/a", "approval.policy = \"never\"\napproval.audit_log = \"/a\"\n"},
		{"inline table value replaced", "approval = { policy = \"never\", audit_log = \"/a\" }\n", "approval.policy", "auto", "approval = { policy = \"auto\", audit_log = \"/a\" }\n"},
		{"sub-table before its parent", "[approval.tools]\ngit_branch = \"auto\"\n", "approval.policy", "yolo", "[approval.tools]\ngit_branch = \"auto\"\n\n[approval]\npolicy = \"yolo\"\n"},
		{"tool under its own table", "[approval]\npolicy = \"auto\"\n\n[approval.tools]\ngit_branch = \"never\"\n", "approval.tools.shell", "never",
			"[approval]\npolicy = \"auto\"\n\n[approval.tools]\ngit_branch = \"never\"\nshell = \"never\"\n"},
		{"string escaped", "", "ui.pager", "less -R \"x\"\\", "[ui]\npager = \"less -R \\\"x\\\"\\\\\"\n"},
		{"multi-line value replaced", "[profile]\nlanguages = [\n  \"go\",\n]\n# end\n", "profile.languages", "c", "[profile]\nlanguages = [\"c\"]\n# end\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "oss-dev", "config.toml")
			if tt.in != "" {
				mustMkdir(t, filepath.Dir(path))
				if err := os.WriteFile(path, []byte(tt.in), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := Set(path, tt.key, tt.val); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(path)
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestUnset(t *testing.T) {
	in := "# keep\n[ui]\ncolor = \"never\" # gone with it\n# keep too\npager = \"less\"\n"
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	removed, err := Unset(path, "ui.color")
	if err != nil || !removed {
		t.Fatalf("Unset = %v, %v", removed, err)
	}
	got, _ := os.ReadFile(path)
	if want := "# keep\n[ui]\n# keep too\npager = \"less\"\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	removed, err = Unset(path, "ui.color")
	if err != nil || removed {
		t.Errorf("second Unset = %v, %v; want false, nil", removed, err)
	}
	if _, err := Unset(path, "ui.colour"); !errcode.HasCode(err, errcode.ConfigInvalid) {
		t.Errorf("unset of an unknown key absent from the file: %v, want CONFIG_INVALID", err)
	}
	// A missing file stays missing.
	missing := filepath.Join(t.TempDir(), "sub", "config.toml")
	if removed, err := Unset(missing, "ui.color"); err != nil || removed {
		t.Errorf("Unset on a missing file = %v, %v", removed, err)
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Errorf("Unset created %s", filepath.Dir(missing))
	}
}

// TestUnsetRepairsABrokenFile: a misspelt key or a secret can be removed
// with unset, although the file does not load.
func TestUnsetRepairsABrokenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	in := "[approval]\npolcy = \"auto\"\n[github]\ntoken = \"ghp_x\"\nhost = \"github.com\"\n"
	if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	// Setting another key is allowed: it adds no problem of its own.
	if err := Set(path, "github.max_retries", "4"); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"approval.polcy", "github.token"} {
		if removed, err := Unset(path, k); err != nil || !removed {
			t.Fatalf("Unset %s = %v, %v", k, removed, err)
		}
	}
	got, _ := os.ReadFile(path)
	if _, probs := decodeFile(newKeyIndex(), got); len(probs) > 0 {
		t.Errorf("file still broken: %s %+v", got, probs)
	}
}

// TestSetRefusedLeavesFileUnchanged: a bad key or value changes nothing,
// and creates nothing when there was no file.
func TestSetRefusedLeavesFileUnchanged(t *testing.T) {
	original := "# mine\n[ui]\ncolor = \"never\"\n"
	tests := []struct {
		key, val string
		code     errcode.Code
		want     string
	}{
		{"ui.colour", "never", errcode.ConfigInvalid, `unknown key "ui.colour"; did you mean "ui.color"?`},
		{"nonsense", "1", errcode.ConfigInvalid, `unknown key "nonsense"`},
		{"ui.color", "rainbow", errcode.ConfigInvalid, `ui.color: "rainbow" is not one of auto, always, never`},
		{"github.max_retries", "11", errcode.ConfigInvalid, "11 is out of range"},
		{"github.max_retries", "three", errcode.ConfigInvalid, "expected an integer"},
		{"github.timeout", "-1s", errcode.ConfigInvalid, "negative"},
		{"github.timeout", "soon", errcode.ConfigInvalid, "not a duration"},
		{"model.temperature", "NaN", errcode.ConfigInvalid, "out of range"},
		{"schema_version", "2", errcode.ConfigInvalid, "newer than this build"},
		{"model.api_key", "sk-1", errcode.ConfigSecret, "is a secret"},
		{"github.token", "ghp_1", errcode.ConfigSecret, "is a secret"},
		{"approval.allow", "git", errcode.ConfigInvalid, "oss-dev config rules"},
		{"approval.tools", "auto", errcode.ConfigInvalid, "one policy per tool"},
		{"approval.tools.bad name", "auto", errcode.ConfigInvalid, "unknown key"},
		{"ui.pager", "\xff", errcode.ConfigInvalid, "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.val, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "config.toml")
			if err := os.WriteFile(path, []byte(original), 0o644); err != nil {
				t.Fatal(err)
			}
			before := listTree(t, dir)
			err := Set(path, tt.key, tt.val)
			if !errcode.HasCode(err, tt.code) || !strings.Contains(withFix(err), tt.want) {
				t.Fatalf("err = %s, want %s containing %q", withFix(err), tt.code, tt.want)
			}
			if strings.Contains(err.Error(), "sk-1") || strings.Contains(err.Error(), "ghp_1") {
				t.Errorf("error shows the secret: %v", err)
			}
			got, _ := os.ReadFile(path)
			if string(got) != original {
				t.Errorf("file changed to %q", got)
			}
			if after := listTree(t, dir); strings.Join(after, "\n") != strings.Join(before, "\n") {
				t.Errorf("folder changed:\n%v\n%v", before, after)
			}

			// With no file at all, nothing is created.
			fresh := filepath.Join(t.TempDir(), "oss-dev", "config.toml")
			if err := Set(fresh, tt.key, tt.val); err == nil {
				t.Fatal("refused setting accepted on a new file")
			}
			if _, err := os.Stat(filepath.Dir(fresh)); !os.IsNotExist(err) {
				t.Errorf("refused setting created %s", filepath.Dir(fresh))
			}
		})
	}
}

func TestSetRefusesToBreakTheFile(t *testing.T) {
	tests := []struct{ name, in, key, val, want string }{
		{"invalid TOML", "[ui\ncolor = 1\n", "ui.color", "never", "config.toml:1:4: invalid TOML"},
		{"value where a table is", "approval = \"x\"\n", "approval.policy", "auto", "line 1 sets approval to a value"},
		{"inline table insert", "approval = { policy = \"auto\" }\n", "approval.audit_log", "/x", "part of an inline table on line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.toml")
			if err := os.WriteFile(path, []byte(tt.in), 0o644); err != nil {
				t.Fatal(err)
			}
			err := Set(path, tt.key, tt.val)
			if !errcode.HasCode(err, errcode.ConfigInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want CONFIG_INVALID with %q", err, tt.want)
			}
			if got, _ := os.ReadFile(path); string(got) != tt.in {
				t.Errorf("file changed to %q", got)
			}
		})
	}
}

// TestConcurrentSetsNeverTear runs many writers at once, each through the
// locked read-modify-write, and checks that every write landed in a file
// that is whole and valid.
func TestConcurrentSetsNeverTear(t *testing.T) {
	path := filepath.Join(t.TempDir(), "oss-dev", "config.toml")
	tools := Tools()
	writers := len(tools)
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for _, tool := range tools {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- Set(path, "approval.tools."+string(tool), "auto")
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	as, probs := decodeFile(newKeyIndex(), data)
	if len(probs) > 0 {
		t.Fatalf("file is not valid after concurrent writes:\n%s\n%+v", data, probs)
	}
	if len(as) != writers {
		t.Errorf("file holds %d keys, want %d (a write was lost):\n%s", len(as), writers, data)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*.tmp"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestSetReadOnlyFolder(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T) (path string, existing bool)
	}{
		{"folder without write permission", func(t *testing.T) (string, bool) {
			if runtime.GOOS == "windows" || os.Geteuid() == 0 {
				t.Skip("skipped when running as root (or on Windows): root writes into a folder whatever its permission bits; the case of a file in place of the folder fails for root too")
			}
			dir := filepath.Join(t.TempDir(), "oss-dev")
			mustMkdir(t, dir)
			path := filepath.Join(dir, "config.toml")
			if err := os.WriteFile(path, []byte("[ui]\ncolor = \"never\"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
			return path, true
		}},
		{"file in place of the folder", func(t *testing.T) (string, bool) {
			// mkdir fails with ENOTDIR under a regular file, for every
			// user: a folder that cannot be written even by root.
			parent := filepath.Join(t.TempDir(), "oss-dev")
			if err := os.WriteFile(parent, []byte("not a folder"), 0o644); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(parent, "config.toml"), false
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, existing := tt.prepare(t)
			var before []byte
			if existing {
				before, _ = os.ReadFile(path)
			}
			err := Set(path, "ui.color", "always")
			if !errcode.HasCode(err, errcode.ConfigWrite) {
				t.Fatalf("err = %v, want CONFIG_WRITE_FAILED", err)
			}
			if !strings.Contains(err.Error(), "cannot write") {
				t.Errorf("error %q does not say it cannot write", err)
			}
			if existing {
				if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
					t.Errorf("file changed to %q", after)
				}
			}
		})
	}
}

func TestSetFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "dotfiles", "oss-dev.toml")
	mustMkdir(t, filepath.Dir(real))
	if err := os.WriteFile(real, []byte("[ui]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "config.toml")
	if err := os.Symlink(real, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := Set(link, "ui.color", "never"); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file")
	}
	if got, _ := os.ReadFile(real); string(got) != "[ui]\ncolor = \"never\"\n" {
		t.Errorf("target = %q", got)
	}
}

// withFix is an error's message and fix, as the user reads them.
func withFix(err error) string {
	var e *errcode.Error
	if errors.As(err, &e) {
		return e.Error() + "\nfix: " + e.Fix
	}
	return fmt.Sprint(err)
}
