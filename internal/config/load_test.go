package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// fixture is a home folder, two system folders and a repository, all in a
// temporary directory, with the environment that points at them.
type fixture struct {
	t                  *testing.T
	root, home         string
	sys1, sys2         string
	repo, work         string
	extraEnv           []string
	userFile, projFile string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	root := t.TempDir()
	f := &fixture{
		t:    t,
		root: root,
		home: filepath.Join(root, "home"),
		sys1: filepath.Join(root, "etc1"),
		sys2: filepath.Join(root, "etc2"),
		repo: filepath.Join(root, "repo"),
	}
	f.work = filepath.Join(f.repo, "sub", "dir")
	for _, d := range []string{f.home, f.work, filepath.Join(f.repo, ".git")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	f.userFile = filepath.Join(f.home, ".config", "oss-dev", "config.toml")
	f.projFile = filepath.Join(f.repo, ".oss-dev", "config.toml")
	return f
}

func (f *fixture) env() []string {
	return append([]string{
		"HOME=" + f.home,
		"XDG_CONFIG_HOME=" + filepath.Join(f.home, ".config"),
		"XDG_CONFIG_DIRS=" + f.sys1 + string(filepath.ListSeparator) + f.sys2,
	}, f.extraEnv...)
}

// path returns the file of a layer: system1, system2, user or project.
func (f *fixture) path(layer string) string {
	switch layer {
	case "system1":
		return filepath.Join(f.sys1, "oss-dev", "config.toml")
	case "system2":
		return filepath.Join(f.sys2, "oss-dev", "config.toml")
	case "user":
		return f.userFile
	case "project":
		return f.projFile
	}
	f.t.Fatalf("no layer %q", layer)
	return ""
}

func (f *fixture) write(layer, content string) string {
	f.t.Helper()
	p := f.path(layer)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		f.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		f.t.Fatal(err)
	}
	return p
}

// trust records the project file's content as written by oss-dev for the
// user, as `config set --project` does.
func (f *fixture) trust() {
	f.t.Helper()
	trustFile(f.t, f.env(), f.projFile)
}

func trustFile(t *testing.T, env []string, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := pinAt(pinsPath(newEnvLookup(env)), path, data); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) load() (*Loaded, error) {
	return Load(LoadOptions{WorkDir: f.work, Env: f.env()})
}

// listTree records every path under dir with its size, to prove nothing
// was created or changed.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, p+" "+info.Mode().String()+" "+info.ModTime().String())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func TestLoadDefaultsCreatesNothing(t *testing.T) {
	f := newFixture(t)
	before := listTree(t, f.root)
	l, err := f.load()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(l.Config, Default()) {
		t.Errorf("config = %+v, want the defaults", l.Config)
	}
	for k, o := range l.Origins {
		if o.Layer != LayerDefault {
			t.Errorf("origin of %s = %v, want default", k, o)
		}
	}
	wantFiles := []LayerFile{
		{Layer: LayerSystem, Path: f.path("system2")},
		{Layer: LayerSystem, Path: f.path("system1")},
		{Layer: LayerUser, Path: f.userFile},
		{Layer: LayerProject, Path: f.projFile},
	}
	if !reflect.DeepEqual(l.Files, wantFiles) {
		t.Errorf("files = %+v\nwant %+v", l.Files, wantFiles)
	}
	if after := listTree(t, f.root); !reflect.DeepEqual(before, after) {
		t.Errorf("loading changed the file system:\nbefore %v\nafter  %v", before, after)
	}
}

func TestLoadLayerPrecedence(t *testing.T) {
	f := newFixture(t)
	f.write("system2", "[ui]\ncolor = \"always\"\npager = \"more\"\n[github]\nhost = \"sys2.example\"\nmax_retries = 1\n")
	f.write("system1", "[ui]\ncolor = \"never\"\n[github]\nmax_retries = 2\n")
	f.write("user", "# mine\n[github]\nmax_retries = 4\ntimeout = \"10s\"\n[approval]\npolicy = \"on_failure\"\n[approval.tools]\ngit_push = \"never\"\n")
	f.write("project", "[approval]\npolicy = \"never\"\n\n[[approval.allow]]\nprogram = \"go\"\nsubcommand = \"test\"\nargs = [\"./...\"]\n")
	f.trust()
	f.extraEnv = []string{
		"OSS_DEV_GITHUB__TIMEOUT=45s",
		"OSS_DEV_PROFILE__LANGUAGES=go, rust ,",
		"OSS_DEV_MODEL__API_KEY=sk-test",
		"OSS_DEV_APPROVAL__TOOLS__GIT_COMMIT=auto",
		"OSS_DEV_SHARED_DATA=/somewhere",
		"OSS_DEV_UI__PAGER=",
	}
	l, err := f.load()
	if err != nil {
		t.Fatal(err)
	}
	c := l.Config
	checks := []struct {
		key  string
		got  any
		want any
		orig Origin
	}{
		{"ui.color", c.UI.Color, "never", Origin{Layer: LayerSystem, File: f.path("system1"), Line: 2}},
		{"ui.pager", c.UI.Pager, "more", Origin{Layer: LayerSystem, File: f.path("system2"), Line: 3}},
		{"github.host", c.GitHub.Host, "sys2.example", Origin{Layer: LayerSystem, File: f.path("system2"), Line: 5}},
		{"github.max_retries", c.GitHub.MaxRetries, 4, Origin{Layer: LayerUser, File: f.userFile, Line: 3}},
		{"github.timeout", c.GitHub.Timeout, 45 * time.Second, Origin{Layer: LayerEnv, Variable: "OSS_DEV_GITHUB__TIMEOUT"}},
		{"approval.policy", c.Approval.Policy, PolicyNever, Origin{Layer: LayerProject, File: f.projFile, Line: 2}},
		{"approval.tools.git_push", c.Approval.Tools["git_push"], PolicyNever, Origin{Layer: LayerUser, File: f.userFile, Line: 8}},
		{"approval.tools.git_commit", c.Approval.Tools["git_commit"], PolicyAuto, Origin{Layer: LayerEnv, Variable: "OSS_DEV_APPROVAL__TOOLS__GIT_COMMIT"}},
		{"approval.allow", c.Approval.Allow, []Rule{{Program: "go", Subcommand: "test", Args: []string{"./..."}}}, Origin{Layer: LayerProject, File: f.projFile, Line: 4}},
		{"profile.languages", c.Profile.Languages, []string{"go", "rust"}, Origin{Layer: LayerEnv, Variable: "OSS_DEV_PROFILE__LANGUAGES"}},
		{"model.api_key", c.Model.APIKey, "sk-test", Origin{Layer: LayerEnv, Variable: "OSS_DEV_MODEL__API_KEY"}},
		{"model.provider", c.Model.Provider, "none", Origin{Layer: LayerDefault}},
	}
	for _, ck := range checks {
		if !reflect.DeepEqual(ck.got, ck.want) {
			t.Errorf("%s = %#v, want %#v", ck.key, ck.got, ck.want)
		}
		if got := l.Origins[ck.key]; got != ck.orig {
			t.Errorf("origin of %s = %+v, want %+v", ck.key, got, ck.orig)
		}
	}
	for _, lf := range l.Files {
		if !lf.Exists {
			t.Errorf("%s should exist", lf.Path)
		}
	}
}

func TestLoadOutsideRepository(t *testing.T) {
	f := newFixture(t)
	f.work = f.home
	l, err := f.load()
	if err != nil {
		t.Fatal(err)
	}
	if l.Paths.Project != "" || l.Paths.ProjectRoot != "" {
		t.Errorf("paths = %+v, want no project outside a repository", l.Paths)
	}
	for _, lf := range l.Files {
		if lf.Layer == LayerProject {
			t.Errorf("project layer listed outside a repository: %+v", lf)
		}
	}
}

func TestLoadBadFiles(t *testing.T) {
	tests := []struct {
		name    string
		layer   string
		content string
		code    errcode.Code
		want    []string
	}{
		{"invalid TOML", "user", "[approval]\npolicy = \"auto\n", errcode.ConfigInvalid,
			[]string{"~/.config/oss-dev/config.toml:2:", "invalid TOML"}},
		{"unclosed table", "project", "[approval\n", errcode.ConfigInvalid,
			[]string{"/repo/.oss-dev/config.toml:1:10: invalid TOML: expected ']' to close table name"}},
		{"duplicate key", "user", "[ui]\ncolor = \"never\"\ncolor = \"always\"\n", errcode.ConfigInvalid,
			[]string{"config.toml:3:", "invalid TOML"}},
		{"wrong type", "user", "[github]\nmax_retries = \"three\"\n", errcode.ConfigInvalid,
			[]string{`~/.config/oss-dev/config.toml:2: github.max_retries: expected an integer, got a string ("three")`}},
		{"table as value", "user", "model = \"gpt\"\n", errcode.ConfigInvalid,
			[]string{"config.toml:1: model: expected a table, got a string"}},
		{"unknown key", "user", "\n\n[approval]\npolcy = \"auto\"\n", errcode.ConfigInvalid,
			[]string{`~/.config/oss-dev/config.toml:4: unknown key "approval.polcy"; did you mean "approval.policy"?`}},
		{"unknown section", "system1", "[nonsense]\nx = 1\n", errcode.ConfigInvalid,
			[]string{`etc1/oss-dev/config.toml:1: unknown key "nonsense"`}},
		{"token in the file", "user", "[github]\ntoken = \"ghp_abcdef\"\n", errcode.ConfigSecret,
			[]string{`config.toml:2: "github.token" is a secret`}},
		{"api key in the file", "project", "[model]\nprovider = \"openai\"\napi_key = \"sk-123\"\n", errcode.ConfigSecret,
			[]string{`config.toml:3: "model.api_key" is a secret`}},
		{"password anywhere", "user", "[plugins]\nregistry_password = \"hunter2\"\n", errcode.ConfigSecret,
			[]string{`"plugins.registry_password" is a secret`}},
		{"bad policy", "user", "[approval]\npolicy = \"sometimes\"\n", errcode.ConfigInvalid,
			[]string{`config.toml:2: approval.policy: "sometimes" is not one of never, on_request, on_failure, auto, yolo`}},
		{"bad tool policy", "user", "[approval.tools]\ngit_push = \"always\"\n", errcode.ConfigInvalid,
			[]string{`config.toml:2: approval.tools.git_push: "always" is not one of`}},
		{"unknown tool", "user", "[approval.tools]\ngit_pushh = \"auto\"\n", errcode.ConfigInvalid,
			[]string{`config.toml:2: approval.tools: "git_pushh" is not a tool (did you mean "git_push"?); the tools are shell, setup, git_clone`}},
		{"rule with an unknown tool", "user", "[[approval.allow]]\ntool = \"run_command\"\n", errcode.ConfigInvalid,
			[]string{`approval.allow[0].tool: "run_command" is not a tool; the tools are shell,`}},
		{"bad provider", "user", "[model]\nprovider = \"skynet\"\n", errcode.ConfigInvalid,
			[]string{`model.provider: "skynet" is not one of none, openai, ollama, gemini`}},
		{"bad color", "user", "[ui]\ncolor = \"rainbow\"\n", errcode.ConfigInvalid,
			[]string{`ui.color: "rainbow" is not one of auto, always, never`}},
		{"negative duration", "user", "[github]\ncache_ttl = \"-1m\"\n", errcode.ConfigInvalid,
			[]string{"config.toml:2: github.cache_ttl: -1m0s is negative"}},
		{"duration as number", "user", "[model]\ntimeout = 30\n", errcode.ConfigInvalid,
			[]string{`model.timeout: expected a duration string such as "30s" or "5m", got an integer (30)`}},
		{"bad duration", "user", "[model]\ntimeout = \"soon\"\n", errcode.ConfigInvalid,
			[]string{`model.timeout: "soon" is not a duration`}},
		{"retries too high", "user", "[github]\nmax_retries = 11\n", errcode.ConfigInvalid,
			[]string{"github.max_retries: 11 is out of range (0 to 10)"}},
		{"retries negative", "user", "[github]\nmax_retries = -1\n", errcode.ConfigInvalid,
			[]string{"github.max_retries: -1 is out of range (0 to 10)"}},
		{"temperature", "user", "[model]\ntemperature = 2.5\n", errcode.ConfigInvalid,
			[]string{"model.temperature: 2.5 is out of range (0 to 2)"}},
		{"temperature nan", "user", "[model]\ntemperature = nan\n", errcode.ConfigInvalid,
			[]string{"model.temperature: NaN is out of range"}},
		{"context window", "user", "[model]\ncontext_window = -5\n", errcode.ConfigInvalid,
			[]string{"model.context_window: -5 is out of range (at least 0)"}},
		{"newer schema", "user", "schema_version = 2\n", errcode.ConfigInvalid,
			[]string{"config.toml:1: schema_version: 2 is newer than this build"}},
		{"bad URL", "user", "[github]\napi_url = \"ftp://x\"\n", errcode.ConfigInvalid,
			[]string{`github.api_url: "ftp://x" is not an http or https URL`}},
		{"list of numbers", "user", "[profile]\nlanguages = [\"go\", 3]\n", errcode.ConfigInvalid,
			[]string{"profile.languages[1]: expected a string, got an integer (3)"}},
		{"rule field misspelt", "user", "[[approval.deny]]\nprogram = \"rm\"\n\n[[approval.deny]]\nprogam = \"git\"\n", errcode.ConfigInvalid,
			[]string{`config.toml:4: approval.deny[1]: unknown key "progam" in a rule; did you mean "program"?`}},
		{"rule without program", "user", "approval.allow = [{reason = \"why\"}]\n", errcode.ConfigInvalid,
			[]string{"approval.allow[0]: a rule needs a program"}},
		{"rules not a list", "user", "[approval]\nallow = \"git\"\n", errcode.ConfigInvalid,
			[]string{"config.toml:2: approval.allow: expected an array of tables"}},
		{"date value", "user", "[ui]\npager = 2024-01-01\n", errcode.ConfigInvalid,
			[]string{"ui.pager: expected a string, got a date or time"}},
		{"several problems listed", "user", "[approval]\npolcy = \"auto\"\n[github]\ntoken = \"x\"\n", errcode.ConfigSecret,
			[]string{`config.toml:2: unknown key "approval.polcy"`, `config.toml:4: "github.token" is a secret`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			p := f.write(tt.layer, tt.content)
			before, _ := os.ReadFile(p)
			_, err := f.load()
			if err == nil {
				t.Fatal("loaded without error")
			}
			if got := errcode.CodeOf(err); got != tt.code {
				t.Errorf("code = %s, want %s (%v)", got, tt.code, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
			var e *errcode.Error
			if !errors.As(err, &e) || e.Fix == "" {
				t.Errorf("error %v has no fix", err)
			}
			if strings.Contains(err.Error(), "ghp_abcdef") || strings.Contains(err.Error(), "sk-123") || strings.Contains(e.Fix, "hunter2") {
				t.Errorf("error shows a secret: %v", err)
			}
			if after, _ := os.ReadFile(p); string(after) != string(before) {
				t.Error("loading changed the file")
			}
		})
	}
}

func TestLoadUnreadableFiles(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, path string)
		want    string
	}{
		{"directory in place of the file", func(t *testing.T, p string) {
			mustMkdir(t, p)
		}, "config.toml: is a folder, but the config must be a file"},
		{"link that loops", func(t *testing.T, p string) {
			// A symbolic link to itself fails to open for every user,
			// root included, unlike permission bits.
			mustMkdir(t, filepath.Dir(p))
			if err := os.Symlink(p, p); err != nil {
				t.Skipf("cannot make symbolic links here: %v", err)
			}
		}, "cannot read the config file: too many levels of symbolic links"},
		{"file without read permission", func(t *testing.T, p string) {
			if runtime.GOOS == "windows" || os.Geteuid() == 0 {
				t.Skip("skipped when running as root (or on Windows): root reads a file whatever its permission bits; the link-loop case covers the failure path for root")
			}
			mustMkdir(t, filepath.Dir(p))
			if err := os.WriteFile(p, []byte("[ui]\n"), 0o000); err != nil {
				t.Fatal(err)
			}
		}, "cannot read the config file: permission denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			tt.prepare(t, f.userFile)
			_, err := f.load()
			if !errcode.HasCode(err, errcode.ConfigInvalid) {
				t.Fatalf("err = %v, want CONFIG_INVALID", err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "~/.config/oss-dev/config.toml") {
				t.Errorf("error %q, want it to name the file and say %q", err, tt.want)
			}
		})
	}
}

func TestLoadFileUnderAFileIsAbsent(t *testing.T) {
	f := newFixture(t)
	// ~/.config is a file: there is no user config, and loading says nothing.
	if err := os.WriteFile(filepath.Join(f.home, ".config"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := f.load()
	if err != nil {
		t.Fatal(err)
	}
	for _, lf := range l.Files {
		if lf.Layer == LayerUser && lf.Exists {
			t.Errorf("user file reported as existing")
		}
	}
}

func TestLoadEnvironment(t *testing.T) {
	good := []struct {
		env   string
		check func(c Config) bool
	}{
		{"OSS_DEV_APPROVAL__POLICY=auto", func(c Config) bool { return c.Approval.Policy == PolicyAuto }},
		{"OSS_DEV_GITHUB__CACHE_TTL=5m", func(c Config) bool { return c.GitHub.CacheTTL == 5*time.Minute }},
		{"OSS_DEV_GITHUB__CACHE=false", func(c Config) bool { return !c.GitHub.Cache }},
		{"OSS_DEV_MODEL__TEMPERATURE=1.5", func(c Config) bool { return c.Model.Temperature == 1.5 }},
		{"OSS_DEV_PLUGINS__ENABLED=a,b", func(c Config) bool { return reflect.DeepEqual(c.Plugins.Enabled, []string{"a", "b"}) }},
		{"OSS_DEV_SCHEMA_VERSION=1", func(c Config) bool { return c.SchemaVersion == 1 }},
		{"OSS_DEV_SHARED_DATA=/x", func(c Config) bool { return reflect.DeepEqual(c, Default()) }},
		{"OSS_DEV_APPROVAL__POLICY=", func(c Config) bool { return c.Approval.Policy == PolicyOnRequest }},
	}
	for _, tt := range good {
		t.Run(tt.env, func(t *testing.T) {
			f := newFixture(t)
			f.extraEnv = []string{tt.env}
			l, err := f.load()
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(l.Config) {
				t.Errorf("%s not applied: %+v", tt.env, l.Config)
			}
		})
	}

	bad := []struct {
		env  string
		want string
	}{
		{"OSS_DEV_APPROVAL__POLCY=auto", "OSS_DEV_APPROVAL__POLCY does not name a config key; did you mean OSS_DEV_APPROVAL__POLICY?"},
		{"OSS_DEV_NOPE=1", "OSS_DEV_NOPE does not name a config key"},
		{"OSS_DEV_GITHUB__TOKEN=ghp_secret", "OSS_DEV_GITHUB__TOKEN is not a config key"},
		{"OSS_DEV_APPROVAL__POLICY=sometimes", `OSS_DEV_APPROVAL__POLICY: approval.policy: "sometimes" is not one of`},
		{"OSS_DEV_GITHUB__MAX_RETRIES=many", `OSS_DEV_GITHUB__MAX_RETRIES: github.max_retries: expected an integer, got "many"`},
		{"OSS_DEV_GITHUB__MAX_RETRIES=99", "github.max_retries: 99 is out of range"},
		{"OSS_DEV_GITHUB__CACHE_TTL=-5m", "github.cache_ttl: -5m0s is negative"},
		{"OSS_DEV_GITHUB__CACHE=maybe", "expected true or false"},
		{"OSS_DEV_MODEL__TEMPERATURE=hot", "expected a number"},
		{"OSS_DEV_SCHEMA_VERSION=9", "schema_version: 9 is newer"},
		{"OSS_DEV_APPROVAL__ALLOW=git", "approval rules cannot come from the environment"},
		{"OSS_DEV_APPROVAL__TOOLS=auto", "set the policy of each tool separately"},
		{"OSS_DEV_APPROVAL__TOOLS__GIT_PUSH=always", `approval.tools.git_push: "always" is not one of`},
		{"OSS_DEV_APPROVAL__TOOLS__GIT=auto", `OSS_DEV_APPROVAL__TOOLS__GIT: "git" is not a tool; the tools are shell,`},
	}
	for _, tt := range bad {
		t.Run(tt.env, func(t *testing.T) {
			f := newFixture(t)
			f.extraEnv = []string{tt.env}
			_, err := f.load()
			if !errcode.HasCode(err, errcode.ConfigInvalid) {
				t.Fatalf("err = %v, want CONFIG_INVALID", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q\ndoes not contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "ghp_secret") {
				t.Errorf("error shows the token: %v", err)
			}
		})
	}
}

func TestSystemDirsEarlierWins(t *testing.T) {
	f := newFixture(t)
	f.write("system1", "[ui]\npager = \"first\"\n")
	f.write("system2", "[ui]\npager = \"second\"\ncolor = \"never\"\n")
	l, err := f.load()
	if err != nil {
		t.Fatal(err)
	}
	if l.Config.UI.Pager != "first" || l.Config.UI.Color != "never" {
		t.Errorf("pager=%q color=%q, want first and never", l.Config.UI.Pager, l.Config.UI.Color)
	}
}

func TestDefaultLayerPaths(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the defaults below are the Unix ones")
	}
	p := ResolvePaths("/", []string{"HOME=/h"})
	if len(p.System) != 1 || p.System[0] != "/etc/xdg/oss-dev/config.toml" || p.User != "/h/.config/oss-dev/config.toml" {
		t.Errorf("default paths = %+v", p)
	}
}

func TestFindRepoRootWithGitFile(t *testing.T) {
	root := t.TempDir()
	wt := filepath.Join(root, "worktree")
	mustMkdir(t, filepath.Join(wt, "a", "b"))
	// Worktrees and submodules have a .git file, not a folder.
	if err := os.WriteFile(filepath.Join(wt, ".git"), []byte("gitdir: elsewhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := FindRepoRoot(filepath.Join(wt, "a", "b")); got != wt {
		t.Errorf("FindRepoRoot = %q, want %q", got, wt)
	}
}

func mustMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}
