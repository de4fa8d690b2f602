package config

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/service/approvals"
	"github.com/oss-dev/oss-dev/internal/service/rules"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// ruleRepo is a home folder with a user config and a git repository laid
// out as the command-safety corpus describes (src/, build/, scripts/,
// docs/, a link "escape" to /etc and "inner" to src/), with a project config.
type ruleRepo struct {
	home, root string
	vars       []string
}

const userRules = `# my rules
[[approval.deny]]
program = "git"
subcommand = "push"

[[approval.allow]]
program = "make"
`

const projectRules = `[[approval.allow]]
program = "go"
subcommand = "build"

[[approval.allow]]
program = "npm"
subcommand = "run"
args = ["test*", "..."]

[[approval.allow]]
program = "git"
subcommand = "push"

[[approval.deny]]
program = "docker"
`

func newRuleRepo(t *testing.T, dirty bool) *ruleRepo {
	t.Helper()
	sharedtest.RequireTool(t, "git")
	base := t.TempDir()
	r := &ruleRepo{home: filepath.Join(base, "home"), root: filepath.Join(base, "repo")}
	r.vars = []string{"HOME=" + r.home, "XDG_CONFIG_HOME=" + filepath.Join(r.home, ".config"), "XDG_CONFIG_DIRS=" + filepath.Join(base, "etc")}
	for _, d := range []string{"src", "build", "scripts", "docs", ".oss-dev"} {
		must(t, os.MkdirAll(filepath.Join(r.root, d), 0o755))
	}
	must(t, os.MkdirAll(filepath.Join(r.home, ".config", "oss-dev"), 0o755))
	must(t, os.WriteFile(filepath.Join(r.home, ".config", "oss-dev", "config.toml"), []byte(userRules), 0o644))
	must(t, os.WriteFile(filepath.Join(r.root, ".oss-dev", "config.toml"), []byte(projectRules), 0o644))
	must(t, os.WriteFile(filepath.Join(r.root, "src", "main.go"), []byte("package main\n"), 0o644))
	must(t, os.Symlink("/etc", filepath.Join(r.root, "escape")))
	must(t, os.Symlink(filepath.Join(r.root, "src"), filepath.Join(r.root, "inner")))
	r.git(t, "init", "-q", "-b", "main")
	r.git(t, "add", "-A")
	r.git(t, "commit", "-q", "-m", "start")
	if dirty {
		must(t, os.WriteFile(filepath.Join(r.root, "src", "new.go"), []byte("package main\n"), 0o644))
	}
	return r
}

func (r *ruleRepo) git(t *testing.T, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.root
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+r.home,
		"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

type corpusLine struct {
	line    int
	dirty   bool
	command string
}

// readSafetyCorpus reads the approval package's corpus: CLASS [dirty] | COMMAND.
func readSafetyCorpus(t *testing.T) []corpusLine {
	t.Helper()
	var out []corpusLine
	for _, l := range sharedtest.ReadCorpus(t, filepath.Join("..", "..", "core", "approval", "testdata", "corpus.txt")) {
		out = append(out, corpusLine{line: l.N, dirty: len(l.Fields) > 1 && l.Fields[1] == "dirty", command: l.Command})
	}
	return out
}

// runCheck runs `config rules check` through its run function and decodes
// its --json output.
func runCheck(t *testing.T, svc *rules.Service, opts RulesCheckOptions) rules.CheckResult {
	t.Helper()
	ios, _, stdout, _ := iostreams.Test()
	opts.IO, opts.Output, opts.Service = ios, &cmdutil.Output{JSON: true}, svc
	if opts.Tool == "" {
		opts.Tool = "shell"
	}
	if err := rulesCheckRun(nil, &opts); err != nil {
		t.Fatalf("check %q: %v", opts.Cmd, err)
	}
	var res rules.CheckResult
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("check %q: %v\n%s", opts.Cmd, err, stdout)
	}
	return res
}

type yesConfirmer struct{ asked int }

func (c *yesConfirmer) Confirm(context.Context, contract.ApprovalPrompt) (contract.Answer, error) {
	c.asked++
	return contract.AnswerYes, nil
}

// TestCheckIsWhatTheManagerDoes runs every command of the safety corpus,
// under every policy, through `config rules check` and then through the
// manager the workflow builds, asking a scripted person: the check must say
// what the manager then does, who decides, by which rule, and the class.
func TestCheckIsWhatTheManagerDoes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs git for every corpus command")
	}
	repos := map[bool]*ruleRepo{false: newRuleRepo(t, false), true: newRuleRepo(t, true)}
	corpus := readSafetyCorpus(t)
	ctx := context.Background()
	policies := []config.Policy{config.PolicyNever, config.PolicyOnRequest, config.PolicyOnFailure, config.PolicyAuto, config.PolicyYolo}
	decisions := map[approval.Outcome]int{}
	for _, policy := range policies {
		for _, mutating := range []bool{false, true} {
			if mutating && policy != config.PolicyOnRequest && policy != config.PolicyNever {
				continue
			}
			for dirty, repo := range repos {
				vars := append(append([]string(nil), repo.vars...), "OSS_DEV_APPROVAL__POLICY="+string(policy))
				svc := rulesFor(repo.root, vars)
				l, err := config.Load(config.LoadOptions{WorkDir: repo.root, Env: vars})
				must(t, err)
				env, err := approvals.RepoEnvironment(ctx, repo.root, openGit(t, repo.root))
				must(t, err)
				if env.Dirty != dirty {
					t.Fatalf("repository dirty=%v, want %v", env.Dirty, dirty)
				}
				env.HomeDir = repo.home
				for _, c := range corpus {
					if c.dirty != dirty {
						continue
					}
					got := runCheck(t, svc, RulesCheckOptions{Cmd: c.command, Mutating: mutating})
					decisions[got.Decision]++
					decisions[approval.Outcome(got.Decision+" by "+approval.Outcome(got.DecidedBy))]++
					conf := &yesConfirmer{}
					audit := &approval.AuditLog{Path: filepath.Join(t.TempDir(), "audit.jsonl")}
					m, err := approvals.NewManager(l, env, conf, audit, svc.StateDir)
					must(t, err)
					d, err := m.Request(ctx, approval.Request{Tool: "shell", Action: "run " + c.command, Shell: c.command, Mutating: mutating})
					compare(t, policy, c, got, d, err, conf.asked)
				}
			}
		}
	}
	for _, o := range []approval.Outcome{approval.Approve, approval.Ask, approval.Reject, "approve by rule", "reject by rule", "approve by read-only", "reject by safety"} {
		if decisions[o] == 0 {
			t.Errorf("no corpus command was answered %s: the table does not exercise every outcome (%v)", o, decisions)
		}
	}
}

func compare(t *testing.T, policy config.Policy, c corpusLine, got rules.CheckResult, d approval.Decision, err error, asked int) {
	t.Helper()
	where := string(policy) + " line " + itoa(c.line) + " " + c.command
	if got.Policy != policy {
		t.Errorf("%s: check judged under %s", where, got.Policy)
	}
	if d.Safety != nil && got.Safety != string(d.Safety.Class) {
		t.Errorf("%s: check says %s, the manager classed it %s", where, got.Safety, d.Safety.Class)
	}
	switch got.Decision {
	case approval.Approve:
		if err != nil || asked != 0 || d.DecidedBy != got.DecidedBy {
			t.Errorf("%s: check said approve by %s; the manager gave %v by %s, asked %d", where, got.DecidedBy, err, d.DecidedBy, asked)
		}
	case approval.Reject:
		if !errcode.HasCode(err, errcode.ApprovalRejected) || asked != 0 || d.DecidedBy != got.DecidedBy {
			t.Errorf("%s: check said reject by %s; the manager gave %v by %s, asked %d", where, got.DecidedBy, err, d.DecidedBy, asked)
		}
	case approval.Ask:
		if err != nil || asked != 1 || d.DecidedBy != approval.ByPerson {
			t.Errorf("%s: check said ask; the manager gave %v by %s, asked %d", where, err, d.DecidedBy, asked)
		}
	default:
		t.Errorf("%s: check said %q", where, got.Decision)
	}
	if got.Decision != approval.Ask {
		gotRule, wantRule := "", ""
		if got.Rule != nil {
			gotRule = got.Rule.ID + " " + got.Rule.File
		}
		if d.Rule != nil {
			wantRule = d.Rule.ID() + " " + d.Rule.File
		}
		if gotRule != wantRule {
			t.Errorf("%s: check names the rule %q, the manager %q", where, gotRule, wantRule)
		}
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestNewCmdRulesCheckParsesArguments(t *testing.T) {
	tests := []struct {
		args   []string
		cmd    string
		words  string
		policy string
		usage  bool
	}{
		{args: []string{"--", "git", "push", "--force"}, words: "git push --force"},
		{args: []string{"--policy", "never", "--", "make", "test"}, words: "make test", policy: "never"},
		{args: []string{"--cmd", "ls | wc -l"}, cmd: "ls | wc -l"},
		{args: []string{"--cmd", "cat <<EOF\nx\nEOF"}, cmd: "cat <<EOF\nx\nEOF"},
		{args: []string{}, usage: true},
		{args: []string{"--"}, usage: true},
		{args: []string{"--", ""}, usage: true},
		{args: []string{"--cmd", ""}, usage: true},
		{args: []string{"--cmd", "   "}, usage: true},
		{args: []string{"--cmd", "ls", "--", "ls"}, usage: true},
		{args: []string{"--policy", "sometimes", "--", "ls"}, usage: true},
		{args: []string{"--tool", "", "--", "ls"}, usage: true},
		{args: []string{"--tool", "shell"}, usage: true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			f := &cmdutil.Factory{IO: ios, Output: &cmdutil.Output{}}
			var got *RulesCheckOptions
			cmd := NewCmdRulesCheck(f, func(o *RulesCheckOptions) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			cmd.SetOut(ios.Out)
			cmd.SetErr(ios.ErrOut)
			err := cmd.Execute()
			if tt.usage {
				if err == nil || !cmdutil.IsUsageError(err) {
					t.Fatalf("err = %v, want a usage error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Cmd != tt.cmd || strings.Join(got.Args, " ") != tt.words || got.Policy != tt.policy || got.Tool != "shell" {
				t.Errorf("options = %+v", got)
			}
		})
	}
}

func TestNewCmdRulesAddParsesArguments(t *testing.T) {
	tests := []struct {
		args     []string
		patterns string
		user     bool
		tool     string
		usage    bool
	}{
		{args: []string{"git", "push"}, patterns: "git push"},
		{args: []string{"--user", "npm", "run", "test*", "..."}, patterns: "npm run test* ...", user: true},
		{args: []string{"git push", "npm test"}, patterns: "git push|npm test"},
		{args: []string{"--tool", "shell", "--", "make", "-j4"}, patterns: "make -j4", tool: "shell"},
		{args: []string{}, usage: true},
		{args: []string{"--user", "--project", "git"}, usage: true},
		{args: []string{"  "}, usage: true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			f := &cmdutil.Factory{IO: ios, Output: &cmdutil.Output{}}
			var got *RulesAddOptions
			cmd := NewCmdRulesAdd(f, config.RuleAllow, func(o *RulesAddOptions) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			cmd.SetOut(ios.Out)
			cmd.SetErr(ios.ErrOut)
			err := cmd.Execute()
			if tt.usage {
				if err == nil || !cmdutil.IsUsageError(err) {
					t.Fatalf("err = %v, want a usage error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ps []string
			for _, p := range got.Patterns {
				ps = append(ps, strings.Join(p, " "))
			}
			if strings.Join(ps, "|") != tt.patterns || got.User != tt.user || got.Tool != tt.tool || got.Kind != config.RuleAllow {
				t.Errorf("options = %+v", got)
			}
		})
	}
}

func TestRulesAddChecksEveryPatternFirst(t *testing.T) {
	repo := newEnv(t)
	ios, _, _, _ := iostreams.Test()
	opts := &RulesAddOptions{IO: ios, Output: &cmdutil.Output{}, Service: rulesFor(repo.repo, repo.vars),
		Kind: config.RuleAllow, Patterns: [][]string{{"git", "push"}, {"*"}}}
	if err := rulesAddRun(opts); !errcode.HasCode(err, errcode.InvalidInput) {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(repo.repo, ".oss-dev")); !os.IsNotExist(err) {
		t.Fatalf("a rule was written before every pattern was checked: %v", err)
	}
}

// rulesFor is the rules service of root in the environment env, with the
// configuration and the git provider wired as cmd/oss-dev wires them.
func rulesFor(root string, env []string) *rules.Service {
	return &rules.Service{WorkDir: root, Env: env, StateDir: config.ResolveDirs(env).State,
		LoadConfig: func(dir string) (*config.Loaded, error) {
			return config.Load(config.LoadOptions{WorkDir: dir, Env: env})
		},
		OpenRepo: func(dir string) (approvals.Repo, error) {
			r, err := git.New(dir)
			if err != nil {
				return nil, err
			}
			return r, nil
		}}
}

func openGit(t *testing.T, dir string) *git.Repo {
	t.Helper()
	r, err := git.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
