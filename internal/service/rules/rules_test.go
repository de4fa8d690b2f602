package rules

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/service/approvals"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

func TestParsePattern(t *testing.T) {
	cases := []struct {
		pattern string
		tool    config.Tool
		want    config.Rule
		code    errcode.Code
	}{
		{pattern: "git push", want: config.Rule{Program: "git", Subcommand: "push"}},
		{pattern: "npm run test* ...", want: config.Rule{Program: "npm", Subcommand: "run", Args: []string{"test*", "..."}}},
		{pattern: "rm -rf build", want: config.Rule{Program: "rm", Args: []string{"-rf", "build"}}},
		{pattern: "make", tool: "shell", want: config.Rule{Program: "make", Tool: "shell"}},
		{pattern: "tool:git_push", want: config.Rule{Tool: "git_push"}},
		{pattern: "tool:git_push", tool: "git_push", want: config.Rule{Tool: "git_push"}},
		{pattern: "tool:git_push", tool: "shell", code: errcode.InvalidInput},
		{pattern: "*", code: errcode.InvalidInput},
		{pattern: "**", code: errcode.InvalidInput},
		{pattern: "g?t push", code: errcode.InvalidInput},
		{pattern: "...", code: errcode.InvalidInput},
		{pattern: "", code: errcode.InvalidInput},
		{pattern: "tool:", code: errcode.InvalidInput},
		{pattern: "make", tool: " ", code: errcode.InvalidInput},
		{pattern: "tool:a/b", code: errcode.InvalidInput},
		{pattern: "tool:git_pushh", code: errcode.InvalidInput},
		{pattern: "make", tool: "run_command", code: errcode.InvalidInput},
		{pattern: "/usr/bin/git push", code: errcode.InvalidInput},
		{pattern: "git *", code: errcode.InvalidInput},
		{pattern: "npm ...", code: errcode.InvalidInput},
		{pattern: "npm run ... x", code: errcode.InvalidInput},
		{pattern: "go test [", code: errcode.InvalidInput},
		{pattern: "git\x00 push", code: errcode.InvalidInput},
		{pattern: "git " + strings.Repeat("a", maxPatternBytes), code: errcode.InvalidInput},
	}
	for _, c := range cases {
		t.Run(c.pattern, func(t *testing.T) {
			got, err := ParsePattern(strings.Fields(c.pattern), c.tool)
			if c.code != "" {
				if !errcode.HasCode(err, c.code) {
					t.Fatalf("err = %v, want %s", err, c.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if approval.Pattern(got) != approval.Pattern(c.want) || got.Tool != c.want.Tool {
				t.Fatalf("rule %+v, want %+v", got, c.want)
			}
		})
	}
	if _, err := ParsePattern([]string{""}, ""); !errcode.HasCode(err, errcode.InvalidInput) {
		t.Fatalf("an empty program: %v", err)
	}
}

func TestSplitPatterns(t *testing.T) {
	cases := map[string][][]string{
		"git|push":           {{"git", "push"}},
		"git push|npm test":  {{"git", "push"}, {"npm", "test"}},
		"git push|make":      {{"git", "push"}, {"make"}},
		"npm|run|test*|...":  {{"npm", "run", "test*", "..."}},
		"":                   nil,
		"  git   push  |npm": {{"git", "push"}, {"npm"}},
	}
	for in, want := range cases {
		var args []string
		if in != "" {
			args = strings.Split(in, "|")
		}
		got := SplitPatterns(args)
		if len(got) != len(want) {
			t.Fatalf("%q: %q", in, got)
		}
		for i := range want {
			if strings.Join(got[i], " ") != strings.Join(want[i], " ") {
				t.Errorf("%q: %q, want %q", in, got, want)
			}
		}
	}
}

// FuzzParsePattern checks that no pattern panics the parser, that an
// accepted rule can never allow everything, and that writing it back as a
// pattern reads the same rule.
func FuzzParsePattern(f *testing.F) {
	for _, s := range []string{"git push", "npm run test* ...", "*", "**", "tool:shell", "tool:x *", "go test [", "a ... b", "git \x00", "make -j4", "docker run --rm ..."} {
		f.Add(s, "")
	}
	f.Add("make test", "shell")
	f.Fuzz(func(t *testing.T, pattern, tool string) {
		words := strings.Fields(pattern)
		r, err := ParsePattern(words, config.Tool(tool))
		if err != nil {
			if _, ok := err.(*errcode.Error); !ok {
				t.Fatalf("%q: a bare error %v", pattern, err)
			}
			return
		}
		if r.Program == "" && r.Tool == "" {
			t.Fatalf("%q: accepted a rule with neither program nor tool", pattern)
		}
		if r.Tool != "" && !r.Tool.Valid() {
			t.Fatalf("%q: accepted the unknown tool %q", pattern, r.Tool)
		}
		if strings.ContainsAny(r.Program, "*?[") || r.Program == "..." {
			t.Fatalf("%q: accepted the program pattern %q", pattern, r.Program)
		}
		if approval.ValidateRule(r) != nil {
			t.Fatalf("%q: accepted a rule the manager refuses", pattern)
		}
		back, err := ParsePattern(strings.Fields(approval.Pattern(r)), "")
		if err != nil {
			t.Fatalf("%q: written back as %q it is refused: %v", pattern, approval.Pattern(r), err)
		}
		if approval.Pattern(back) != approval.Pattern(r) {
			t.Fatalf("%q: %q reads back as %q", pattern, approval.Pattern(r), approval.Pattern(back))
		}
	})
}

func TestOverlap(t *testing.T) {
	rule := func(p string) config.Rule {
		r, err := ParsePattern(strings.Fields(p), "")
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	cases := []struct {
		a, b string
		want bool
	}{
		{"git push", "git push", true},
		{"git", "git push", true},
		{"git push", "git", true},
		{"git push", "git pull", false},
		{"git push", "go build", false},
		{"npm run test* ...", "npm run test:unit", true},
		{"npm run test* ...", "npm run build", false},
		{"npm run lint", "npm run lint --fix", false},
		{"npm run lint ...", "npm run lint --fix", true},
		{"rm -rf build", "rm -rf *", true},
		{"tool:git_push", "tool:git_push", true},
		{"tool:git_push", "git push", false},
		{"tool:shell git push", "tool:git_push git push", false},
		{"tool:shell git push", "git push", true},
	}
	for _, c := range cases {
		if got := Overlap(rule(c.a), rule(c.b)); got != c.want {
			t.Errorf("%q / %q: %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// fixture is a repository with a user and a project config file.
type fixture struct {
	svc           *Service
	root, home    string
	user, project string
}

func newFixture(t *testing.T, user, project string) *fixture {
	t.Helper()
	base := t.TempDir()
	fx := &fixture{root: filepath.Join(base, "repo"), home: filepath.Join(base, "home")}
	fx.user = filepath.Join(fx.home, ".config", "oss-dev", "config.toml")
	fx.project = filepath.Join(fx.root, ".oss-dev", "config.toml")
	if err := os.MkdirAll(filepath.Join(fx.root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	for path, text := range map[string]string{fx.user: user, fx.project: project} {
		if text == "" {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The project file is the contributor's own, trusted as `config trust` does.
	state := filepath.Join(base, "state")
	t.Setenv("XDG_STATE_HOME", state)
	if project != "" {
		// A broken file cannot be trusted; the tests that use one expect the error from Load.
		_, _ = config.TrustProject(fx.project)
	}
	fx.svc = withDeps(&Service{WorkDir: fx.root, Env: []string{"HOME=" + fx.home, "XDG_CONFIG_HOME=" + filepath.Join(fx.home, ".config"), "XDG_CONFIG_DIRS=" + filepath.Join(base, "etc"),
		"XDG_STATE_HOME=" + state}})
	return fx
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(data)
}

func TestListMarksContradictions(t *testing.T) {
	fx := newFixture(t, "[[approval.deny]]\nprogram = \"git\"\nsubcommand = \"push\"\n",
		"[[approval.allow]]\nprogram = \"git\"\n\n[[approval.allow]]\nprogram = \"go\"\nsubcommand = \"build\"\n")
	list, err := fx.svc.List()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Listed{}
	for _, r := range list {
		got[r.ID] = r
	}
	if r := got["project-allow-1"]; len(r.DeniedBy) != 1 || r.DeniedBy[0] != "user-deny-1" || !strings.Contains(r.Note, "deny wins") {
		t.Errorf("git allow: %+v", r)
	}
	if r := got["project-allow-2"]; r.Note != "" || r.Pattern != "go build" || r.File != fx.project || r.Line != 4 {
		t.Errorf("go build allow: %+v", r)
	}
	if r := got["user-deny-1"]; r.Kind != config.RuleDeny || r.Layer != config.LayerUser || r.File != fx.user {
		t.Errorf("deny: %+v", r)
	}
}

func TestAddAndRemove(t *testing.T) {
	project := "# the team's rules\n[approval]\npolicy = \"on_request\" # ask\n"
	fx := newFixture(t, "", project)
	a, err := fx.svc.Add(AddRequest{Kind: config.RuleAllow, Words: []string{"npm", "run", "test*", "..."}, Reason: "tests"})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "project-allow-1" || a.File != fx.project || a.Existed {
		t.Fatalf("added %+v", a)
	}
	text := read(t, fx.project)
	if !strings.HasPrefix(text, project) || !strings.Contains(text, `args = ["test*", "..."]`) || !strings.Contains(text, `reason = "tests"`) {
		t.Fatalf("project file:\n%s", text)
	}
	again, err := fx.svc.Add(AddRequest{Kind: config.RuleAllow, Words: []string{"npm", "run", "test*", "..."}})
	if err != nil || !again.Existed || read(t, fx.project) != text {
		t.Fatalf("the same rule twice: %+v %v", again, err)
	}
	d, err := fx.svc.Add(AddRequest{Kind: config.RuleDeny, Layer: config.LayerUser, Words: []string{"npm", "run", "test*", "..."}})
	if err != nil || d.ID != "user-deny-1" || d.File != fx.user {
		t.Fatalf("user deny: %+v %v", d, err)
	}
	if _, err := fx.svc.Remove("", "npm run test* ..."); !errcode.HasCode(err, errcode.InvalidInput) || !strings.Contains(err.Error(), "names 2 rules") {
		t.Fatalf("an ambiguous pattern: %v", err)
	}
	if _, err := fx.svc.Remove(config.LayerUser, "project-allow-1"); !errcode.HasCode(err, errcode.InvalidInput) {
		t.Fatalf("an ID of the other layer: %v", err)
	}
	r, err := fx.svc.Remove(config.LayerProject, "npm run test* ...")
	if err != nil || r.ID != "project-allow-1" {
		t.Fatalf("remove: %+v %v", r, err)
	}
	if got := read(t, fx.project); got != project {
		t.Fatalf("the project file is not back as it was:\n%q\nwant\n%q", got, project)
	}
	if _, err := fx.svc.Remove("", "user-deny-1"); err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"user-deny-1", "git push", "", "*"} {
		if _, err := fx.svc.Remove("", ref); err == nil {
			t.Errorf("removing %q again succeeded", ref)
		}
	}
}

func TestAddRefusesBadPatternsAndKeepsFiles(t *testing.T) {
	project := "[ui]\ncolor = \"never\"\n"
	fx := newFixture(t, "", project)
	for _, words := range [][]string{{"*"}, {"**"}, {""}, {}, {"tool:"}, {"git", "*"}} {
		if _, err := fx.svc.Add(AddRequest{Kind: config.RuleAllow, Words: words}); !errcode.HasCode(err, errcode.InvalidInput) {
			t.Errorf("%q: %v", words, err)
		}
	}
	if _, err := fx.svc.Add(AddRequest{Kind: "maybe", Words: []string{"git"}}); err == nil {
		t.Error("an unknown kind was accepted")
	}
	if got := read(t, fx.project); got != project {
		t.Fatalf("file changed:\n%s", got)
	}
	if _, err := os.Stat(fx.user); !os.IsNotExist(err) {
		t.Fatalf("the user file was created: %v", err)
	}
}

func TestBrokenConfigIsAnError(t *testing.T) {
	fx := newFixture(t, "", "[[approval.allow]]\nprogam = \"git\"\n")
	if _, err := fx.svc.List(); !errcode.HasCode(err, errcode.ConfigInvalid) {
		t.Fatalf("list: %v", err)
	}
	if _, err := fx.svc.Add(AddRequest{Kind: config.RuleAllow, Words: []string{"make"}}); !errcode.HasCode(err, errcode.ConfigInvalid) {
		t.Fatalf("add: %v", err)
	}
	if _, err := fx.svc.Check(context.Background(), CheckRequest{Shell: "ls"}); !errcode.HasCode(err, errcode.ConfigInvalid) {
		t.Fatalf("check: %v", err)
	}
}

func gitInit(t *testing.T, dir string) {
	t.Helper()
	sharedtest.RequireTool(t, "git")
	cmd := exec.Command("git", "init", "-q", dir)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
}

func TestCheckBadInput(t *testing.T) {
	fx := newFixture(t, "", "")
	if err := os.Remove(filepath.Join(fx.root, ".git")); err != nil {
		t.Fatal(err)
	}
	gitInit(t, fx.root)
	ctx := context.Background()
	cases := []struct {
		name     string
		req      CheckRequest
		decision approval.Outcome
		safety   approval.Class
		reason   string
	}{
		{"unbalanced quotes", CheckRequest{Shell: "echo 'x"}, approval.Reject, approval.Dangerous, "cannot be parsed"},
		{"here-document", CheckRequest{Shell: "cat <<EOF\nhello\nEOF"}, approval.Approve, approval.Safe, "does not change"},
		{"100 kB", CheckRequest{Shell: "echo " + strings.Repeat("a", 100<<10)}, approval.Reject, approval.Dangerous, "longer"},
		{"NUL byte", CheckRequest{Shell: "ls\x00rm -rf /"}, approval.Reject, approval.Dangerous, "NUL"},
		{"NUL in an argument", CheckRequest{Command: []string{"ls", "a\x00b"}}, approval.Reject, approval.Dangerous, ""},
		{"blank", CheckRequest{Shell: "   "}, approval.Ask, approval.Unknown, ""},
		{"bash -c wrapper", CheckRequest{Shell: "bash -c 'rm -rf ~'"}, approval.Reject, approval.Dangerous, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := fx.svc.Check(ctx, c.req)
			if err != nil {
				t.Fatal(err)
			}
			if res.Decision != c.decision || res.Safety != string(c.safety) || !strings.Contains(res.Reason, c.reason) {
				t.Fatalf("%s by %s, safety %s: %s", res.Decision, res.DecidedBy, res.Safety, res.Reason)
			}
		})
	}
	if err := CheckUsage(CheckRequest{}); !errcode.HasCode(err, errcode.InvalidInput) {
		t.Errorf("no command: %v", err)
	}
	if err := CheckUsage(CheckRequest{Shell: "ls", Command: []string{"ls"}}); !errcode.HasCode(err, errcode.InvalidInput) {
		t.Errorf("two commands: %v", err)
	}
}

func TestCheckOutsideARepository(t *testing.T) {
	sharedtest.RequireTool(t, "git")
	dir := t.TempDir()
	svc := withDeps(&Service{WorkDir: dir, Env: []string{"HOME=" + dir, "XDG_CONFIG_DIRS=" + filepath.Join(dir, "etc"), "GIT_CEILING_DIRECTORIES=" + filepath.Dir(dir)}})
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	if _, err := svc.Check(context.Background(), CheckRequest{Shell: "ls"}); !errcode.HasCode(err, errcode.NotFound) {
		t.Fatalf("err = %v", err)
	}
}

// BenchmarkCheck is one `config rules check` without the process: the
// layers loaded, the repository read with git, the command judged.
func BenchmarkCheck(b *testing.B) {
	sharedtest.RequireTool(b, "git")
	dir := b.TempDir()
	cmd := exec.Command("git", "init", "-q", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("git init: %v\n%s", err, out)
	}
	svc := withDeps(&Service{WorkDir: dir, Env: []string{"HOME=" + dir, "XDG_CONFIG_DIRS=" + filepath.Join(dir, "etc")}})
	req := CheckRequest{Shell: "env A=1 bash -c 'go test ./... | tee log' && git push origin feature"}
	b.ResetTimer()
	for b.Loop() {
		if _, err := svc.Check(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}

// withDeps gives s the configuration of its environment and the git
// provider, as cmd/oss-dev does.
func withDeps(s *Service) *Service {
	s.LoadConfig = func(dir string) (*config.Loaded, error) {
		return config.Load(config.LoadOptions{WorkDir: dir, Env: s.Env})
	}
	s.OpenRepo = func(dir string) (approvals.Repo, error) {
		r, err := git.New(dir)
		if err != nil {
			return nil, err
		}
		return r, nil
	}
	s.StateDir = config.ResolveDirs(s.Env).State
	return s
}

// BenchmarkOrigin finds `make test` among the commands of a committed
// repository of 3,000 source files with a Makefile, a CI workflow and a
// package.json: what every check pays to tell a repository's own command.
func BenchmarkOrigin(b *testing.B) {
	sharedtest.RequireTool(b, "git")
	dir := b.TempDir()
	files := map[string]string{
		"Makefile":                 "test:\n\tgo test ./...\nbuild:\n\tgo build ./...\n",
		"package.json":             `{"name": "x", "scripts": {"test": "jest", "lint": "eslint ."}}`,
		".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n",
	}
	src := strings.Repeat("// f adds.\nfunc f(a, b int) int { return a + b }\n", 40)
	for i := 0; i < 3000; i++ {
		files[filepath.Join("pkg", string(rune('a'+i%26)), "f"+strings.Repeat("x", i%7)+string(rune('a'+i/26%26))+string(rune('a'+i/676))+".go")] = "package p\n\n" + src
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qm", "x"}} {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	ctx := context.Background()
	for b.Loop() {
		o, err := Origin(ctx, dir, "make test")
		if err != nil || o == nil {
			b.Fatalf("origin = %v, %v", o, err)
		}
	}
}
