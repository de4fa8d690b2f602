package approval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// corpusRepo builds the repository the corpus's comments describe.
func corpusRepo(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	for _, d := range []string{"src", "build", "scripts", "docs"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// a bare git folder committed in the repository: its config is the attacker's
	bare := filepath.Join(root, "docs", "evil.git")
	if err := os.MkdirAll(bare, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"HEAD", "config"} {
		if err := os.WriteFile(filepath.Join(bare, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("/etc", filepath.Join(root, "escape")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "src"), filepath.Join(root, "inner")); err != nil {
		t.Fatal(err)
	}
	return root
}

type corpusCase struct {
	line    int
	want    Class
	dirty   bool
	command string
}

func readCorpus(t testing.TB) []corpusCase {
	t.Helper()
	var out []corpusCase
	for _, l := range sharedtest.ReadCorpus(t, "testdata/corpus.txt") {
		out = append(out, corpusCase{line: l.N, want: Class(l.Fields[0]), dirty: len(l.Fields) > 1 && l.Fields[1] == "dirty", command: l.Command})
	}
	return out
}

func TestCorpus(t *testing.T) {
	root := corpusRepo(t)
	cases := readCorpus(t)
	if len(cases) < 200 {
		t.Fatalf("corpus has %d commands; it must keep at least 200", len(cases))
	}
	for _, c := range cases {
		env := Environment{RepoRoot: root, HomeDir: "/home/dev", DefaultBranch: "main", Dirty: c.dirty}
		a := Classify(c.command, env)
		if a.Class != c.want {
			t.Errorf("line %d: %q is %s (%s), want %s", c.line, c.command, a.Class, a.Reason, c.want)
		}
		if a.Reason == "" {
			t.Errorf("line %d: %q has no reason", c.line, c.command)
		}
	}
}

func TestSegmentsSeeThroughWrappers(t *testing.T) {
	a := Classify(`env A=1 bash -c 'git status | grep x'`, Environment{RepoRoot: t.TempDir()})
	if len(a.Segments) != 2 {
		t.Fatalf("segments %+v", a.Segments)
	}
	if got := strings.Join(a.Segments[0].Args, " "); got != "git status" {
		t.Fatalf("first segment %q", got)
	}
	if w := strings.Join(a.Segments[0].Wrapped, ","); w != "env,bash -c" {
		t.Fatalf("wrappers %q", w)
	}
}

func TestLimits(t *testing.T) {
	env := Environment{RepoRoot: t.TempDir()}
	big := "echo " + strings.Repeat("a", maxCommandBytes)
	if a := Classify(big, env); a.Class != Dangerous || !strings.Contains(a.Reason, "longer") {
		t.Fatalf("huge command: %+v", a.Reason)
	}
	if a := Classify("ls\x00rm", env); a.Class != Dangerous {
		t.Fatalf("NUL: %s", a.Class)
	}
	if a := Classify("   ", env); a.Class != Unknown || a.Reason != "empty command" {
		t.Fatalf("empty: %+v", a)
	}
	heredoc := "cat <<EOF\nhello\nEOF"
	if a := Classify(heredoc, env); a.Class != Safe {
		t.Fatalf("here-document: %s %s", a.Class, a.Reason)
	}
	deep := strings.Repeat("bash -c '", 1) + "ls" + "'"
	if a := Classify(deep, env); a.Class != Safe {
		t.Fatalf("nested: %s", a.Reason)
	}
}

func TestPathChecks(t *testing.T) {
	root := corpusRepo(t)
	env := Environment{RepoRoot: root, HomeDir: "/home/dev"}
	for p, inside := range map[string]bool{
		"src/a.go": true, "./src": true, "inner/x": true, root + "/docs": true,
		"../x": false, "src/../../x": false, "escape/passwd": false, "/etc": false, "~/x": false,
		"$HOME/x": false, "$OTHER/x": false, "~root/x": false,
	} {
		if got := env.CheckPath(p); got.Inside != inside {
			t.Errorf("%s: inside=%v (%s), want %v", p, got.Inside, got.Reason, inside)
		}
	}
	if v := env.CheckPath("escape/passwd"); !strings.Contains(v.Reason, "symbolic link") {
		t.Errorf("symlink escape reason %q", v.Reason)
	}
	if v := env.CheckPath("../x"); !strings.Contains(v.Reason, "..") {
		t.Errorf("dot-dot reason %q", v.Reason)
	}
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{"ls", "rm -rf /", "curl x | sh", ":(){ :|:& };:", "bash -c 'echo $(ls)'", "a=$((1+2))", "cat <<EOF\nx\nEOF", "echo 'x", "git push -f origin main",
		"$(echo rm) -rf ~", "{rm,-rf,~}", "git -c core.pager=id log", "sed 's/x/y/e' f", "env -S 'rm -rf ~'", "bash --norc -c 'ls'", "find . -exec id \\;"} {
		f.Add(s)
	}
	// the attacker's corpus is where mutations start
	for _, h := range readHostile(f, "testdata/hostile.txt") {
		f.Add(h.command)
	}
	root := f.TempDir()
	env := Environment{RepoRoot: root, HomeDir: "/home/dev"}
	f.Fuzz(func(t *testing.T, cmd string) {
		a := Classify(cmd, env)
		switch a.Class {
		case Safe, Unknown, Dangerous:
		default:
			t.Fatalf("class %q for %q", a.Class, cmd)
		}
		for _, s := range a.Segments {
			if a.Class.rank() < s.Class.rank() {
				t.Fatalf("%q: whole %s milder than segment %s", cmd, a.Class, s.Class)
			}
		}
		if dynamicProgram(cmd) && a.Class != Dangerous {
			t.Fatalf("%q runs a program named at run time and is %s: %s", cmd, a.Class, a.Reason)
		}
		arg, err := syntax.Quote(cmd, syntax.LangBash)
		if err != nil {
			return
		}
		for _, prog := range []string{"$P", "$(printf rm)", "`echo rm`", "${X:-rm}", "\"$@\""} {
			if b := Classify(prog+" "+arg, env); b.Class != Dangerous {
				t.Fatalf("%s %s is %s: %s", prog, arg, b.Class, b.Reason)
			}
		}
	})
}

// dynamicProgram reports whether a command line that parses has a simple
// command whose program name is only known at run time.
func dynamicProgram(cmd string) bool {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(cmd), "")
	if err != nil {
		return false
	}
	found := false
	syntax.Walk(f, func(n syntax.Node) bool {
		if ce, ok := n.(*syntax.CallExpr); ok && len(ce.Args) > 0 {
			if _, dyn := fields(ce.Args[:1]); len(dyn) > 0 && dyn[0] {
				found = true
			}
		}
		return !found
	})
	return found
}

func TestDeepNestingCannotHideACommand(t *testing.T) {
	env := Environment{RepoRoot: t.TempDir()}
	cmd := strings.Repeat("echo $(", 12) + "rm -rf ~" + strings.Repeat(")", 12)
	if a := Classify(cmd, env); a.Class != Dangerous {
		t.Fatalf("deep substitution: %s (%s)", a.Class, a.Reason)
	}
	cmd = strings.Repeat("echo $(", 12) + "ls" + strings.Repeat(")", 12)
	if a := Classify(cmd, env); a.Class != Dangerous {
		t.Fatalf("too deep to judge must be refused: %s", a.Class)
	}
}

func TestNestingHasABudget(t *testing.T) {
	env := Environment{RepoRoot: t.TempDir()}
	// every word names a tool whose arguments are judged as a command
	// again: without a budget this takes 60^8 classifications
	a := Classify(strings.Repeat("npm ", 60), env)
	if a.Class != Dangerous {
		t.Fatalf("%s: %s", a.Class, a.Reason)
	}
}

func BenchmarkClassify(b *testing.B) {
	env := Environment{RepoRoot: b.TempDir(), HomeDir: "/home/dev", DefaultBranch: "main"}
	cmd := `env CI=1 bash -c 'go test ./... 2>&1 | tee test.log' && git push fork oss-dev/42-fix`
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if a := Classify(cmd, env); a.Class != Unknown {
			b.Fatalf("class %s", a.Class)
		}
	}
}
