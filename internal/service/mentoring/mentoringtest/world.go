// Package mentoringtest builds the world a contribution runs in, for
// tests: a bare upstream repository and a bare fork made with real git, a
// home folder whose git configuration sends github.com URLs to them, and a
// fake GitHub serving the upstream, its issue, the user and the fork.
package mentoringtest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// The names of the world.
const (
	Owner   = "acme"
	Repo    = "widget"
	User    = "newcomer"
	Issue   = 7
	IssueID = "acme/widget#7"
)

// World is one test's repositories, home folder and fake GitHub.
type World struct {
	T *testing.T
	// Dir holds everything: remotes/, home/ and work/, where a run starts.
	Dir, Home, Work string
	// Tmp is the runs' temp folder (TMPDIR), which the sandbox lets the
	// repository's commands write: the test command signals through it.
	Tmp string
	// Upstream and Fork are the bare repositories.
	Upstream, Fork string
	GitHub         *githubtest.Server
	// PullRequestOpened, when set, is called once the fake GitHub has
	// opened a pull request and before it answers, so that a test can act
	// between GitHub's change and the workflow's record of it.
	PullRequestOpened func()

	mu     sync.Mutex
	forked bool
	// open are the pull requests opened, as GitHub serves them.
	open []map[string]any
	// hidden is how many more pulls/list calls answer as if nothing
	// were open (GitHub's lists lag behind a create).
	hidden int
	// linked are the branches linked to the issue through GraphQL.
	linked []string
}

// IssueBody names a function, a file and an error message, as real issues do.
const IssueBody = "`ParseConfig` in `parser.go` fails on empty lines with:\n\n" +
	"```\nerror: unexpected token at line 3\n```\n\n" +
	"## Expected\n\nEmpty lines are skipped.\n\n" +
	"## Acceptance criteria\n\n- [ ] `ParseConfig` skips empty lines\n- [ ] a test covers it\n"

// Template is the upstream's pull request template.
const Template = "## Description\n\n<!-- what and why -->\n\n## Related issue\n\n## Testing\n"

// New builds a world. Its test command is `make test`, which passes when
// status.txt says "fixed" and otherwise fails naming TestParseEmptyLines;
// when TMPDIR/slow exists it adds a line to TMPDIR/running and waits for TMPDIR/slow to
// go away, so a test can interrupt a run in the middle of a phase.
func New(t *testing.T) *World {
	t.Helper()
	sharedtest.RequireTool(t, "git")
	sharedtest.RequireTool(t, "make")
	dir := t.TempDir()
	w := &World{T: t, Dir: dir, Home: filepath.Join(dir, "home"), Work: filepath.Join(dir, "work"), Tmp: filepath.Join(dir, "tmp"),
		Upstream: filepath.Join(dir, "remotes", Owner, Repo+".git"), Fork: filepath.Join(dir, "remotes", User, Repo+".git")}
	for _, d := range []string{w.Home, w.Work, w.Tmp, filepath.Dir(w.Upstream), filepath.Dir(w.Fork)} {
		must(t, os.MkdirAll(d, 0o755))
	}
	must(t, os.WriteFile(filepath.Join(w.Home, ".gitconfig"), []byte(
		"[user]\n\tname = New Comer\n\temail = newcomer@example.com\n"+
			"[init]\n\tdefaultBranch = main\n"+
			"[url \"file://"+filepath.ToSlash(filepath.Join(dir, "remotes"))+"/\"]\n\tinsteadOf = https://github.com/\n"), 0o644))
	seed := filepath.Join(dir, "seed")
	files := map[string]string{
		"Makefile":                         "test:\n\tsh ./check.sh\n",
		"check.sh":                         "if [ -f \"$TMPDIR/slow\" ]; then echo x >> \"$TMPDIR/running\"; while [ -f \"$TMPDIR/slow\" ]; do sleep 0.1; done; fi\ngrep -q fixed status.txt && echo ok && exit 0\necho '--- FAIL: TestParseEmptyLines (0.00s)'\necho '    parser_test.go:12: unexpected token at line 3'\nexit 1\n",
		"parser.go":                        "package widget\n\n// ParseConfig reads a config.\nfunc ParseConfig(s string) error {\n\treturn errorf(\"unexpected token at line %d\", 3)\n}\n",
		"status.txt":                       "broken\n",
		"README.md":                        "# widget\n",
		".github/pull_request_template.md": Template,
	}
	for name, body := range files {
		p := filepath.Join(seed, filepath.FromSlash(name))
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(body), 0o644))
	}
	w.Git(seed, "init", "-q")
	w.Git(seed, "add", "-A")
	w.Git(seed, "commit", "-q", "-m", "Start the widget")
	w.Git(dir, "clone", "-q", "--bare", seed, w.Upstream)
	w.Git(dir, "clone", "-q", "--bare", seed, w.Fork)
	w.startGitHub()
	return w
}

// Env is the environment of a run: the world's home, git configuration and
// state folders, and the fake GitHub as the API.
func (w *World) Env(extra ...string) []string {
	env := []string{
		"HOME=" + w.Home, "XDG_CONFIG_HOME=" + filepath.Join(w.Home, ".config"),
		"XDG_CACHE_HOME=" + filepath.Join(w.Home, ".cache"), "XDG_STATE_HOME=" + filepath.Join(w.Home, ".local", "state"),
		"XDG_CONFIG_DIRS=" + filepath.Join(w.Dir, "etc"), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=" + filepath.Join(w.Home, ".gitconfig"),
		"OSS_DEV_GITHUB__API_URL=" + w.GitHub.APIURL(), "OSS_DEV_GITHUB__CACHE=false",
		"GH_TOKEN=", "GITHUB_TOKEN=", "NO_COLOR=1", "PATH=" + os.Getenv("PATH"), "TMPDIR=" + w.Tmp,
	}
	return append(env, extra...)
}

// SetProcessEnv applies Env to this process for the test (for in-process runs).
func (w *World) SetProcessEnv(t *testing.T, extra ...string) {
	for _, kv := range w.Env(extra...) {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
}

func (w *World) startGitHub() {
	s := githubtest.NewServer(w.T)
	w.GitHub = s
	s.AddRepo(githubtest.Repo{Owner: Owner, Name: Repo, DefaultBranch: "main", Language: "Go"})
	s.AddIssue(Owner, Repo, githubtest.Issue{Number: Issue, Title: "ParseConfig fails on empty lines", Body: IssueBody, Author: "reporter", Labels: []string{"bug"}})
	s.Handle("users/get-authenticated", func(*githubtest.Request) githubtest.Response {
		return githubtest.Response{Status: 200, Body: map[string]any{"login": User, "id": 42, "type": "User"}}
	})
	s.Handle("repos/create-fork", func(*githubtest.Request) githubtest.Response {
		w.mu.Lock()
		w.forked = true
		w.mu.Unlock()
		obj := s.AddRepo(githubtest.Repo{Owner: User, Name: Repo, DefaultBranch: "main", Fork: true, Push: true})
		return githubtest.Response{Status: 202, Body: obj}
	})
	s.HandleRoute("GET", "/repos/{owner}/{repo}/issues/{number}/timeline", githubtest.Reply(200, []any{}))
	s.Handle("pulls/create", func(r *githubtest.Request) githubtest.Response {
		resp := w.createPR(r)
		if resp.Status == 201 && w.PullRequestOpened != nil {
			w.PullRequestOpened()
		}
		return resp
	})
	s.Handle("pulls/list", w.listPRs)
	w.handleGraphQL()
}

// createPR opens a pull request as GitHub does: 201 with the pull request,
// or 422 "already exists" when one from the same head to the same base is open.
func (w *World) createPR(r *githubtest.Request) githubtest.Response {
	var in struct {
		Title, Head, Base, Body string
		Draft                   bool
	}
	if err := json.Unmarshal(r.Body, &in); err != nil {
		return githubtest.Response{Status: 400, Body: githubtest.ErrorBody("Problems parsing JSON")}
	}
	label := in.Head
	if !strings.Contains(label, ":") {
		label = r.Params["owner"] + ":" + label
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, pr := range w.open {
		if pr["head"].(map[string]any)["label"] == label && pr["base"].(map[string]any)["ref"] == in.Base {
			return githubtest.Response{Status: 422, Body: map[string]any{"message": "Validation Failed",
				"errors":            []any{map[string]any{"resource": "PullRequest", "code": "custom", "message": "A pull request already exists for " + label + "."}},
				"documentation_url": "https://docs.github.com/rest/pulls/pulls#create-a-pull-request"}}
		}
	}
	n := 100 + len(w.open)
	_, ref, _ := strings.Cut(label, ":")
	pr := map[string]any{"number": n, "state": "open", "title": in.Title, "body": in.Body, "draft": in.Draft,
		"html_url": "https://github.com/" + Owner + "/" + Repo + "/pull/" + strconv.Itoa(n),
		"user":     map[string]any{"login": User},
		"head":     map[string]any{"label": label, "ref": ref, "sha": "0000000000000000000000000000000000000000"},
		"base":     map[string]any{"label": Owner + ":" + in.Base, "ref": in.Base}}
	w.open = append(w.open, pr)
	return githubtest.Response{Status: 201, Body: pr}
}

// listPRs answers pulls/list with the open pull requests from the head asked for.
func (w *World) listPRs(r *githubtest.Request) githubtest.Response {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := []any{}
	if w.hidden > 0 {
		w.hidden--
		return githubtest.Response{Status: 200, Body: out}
	}
	for _, pr := range w.open {
		head, base := pr["head"].(map[string]any), pr["base"].(map[string]any)
		if h := r.Query.Get("head"); h != "" && head["label"] != h {
			continue
		}
		if b := r.Query.Get("base"); b != "" && base["ref"] != b {
			continue
		}
		out = append(out, pr)
	}
	return githubtest.Response{Status: 200, Body: out}
}

// HideOpenPullRequests makes the next n pulls/list calls find nothing, as
// GitHub's lists may just after a create.
func (w *World) HideOpenPullRequests(n int) {
	w.mu.Lock()
	w.hidden = n
	w.mu.Unlock()
}

// OpenPullRequests returns the pull requests open on the fake GitHub.
func (w *World) OpenPullRequests() []map[string]any {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]map[string]any(nil), w.open...)
}

// AllowPush gives the user push rights on the upstream repository, so
// that the branch goes there and can be linked to the issue.
func (w *World) AllowPush() {
	w.GitHub.AddRepo(githubtest.Repo{Owner: Owner, Name: Repo, DefaultBranch: "main", Language: "Go", Push: true})
}

// LinkedBranches returns the branches linked to the issue.
func (w *World) LinkedBranches() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.linked...)
}

// handleGraphQL answers the issue's linked pull requests (none) and its
// linked branches; createLinkedBranch creates the branch in the upstream
// repository at the commit given, as GitHub does, and refuses a name that
// exists there already.
func (w *World) handleGraphQL() {
	s := w.GitHub
	s.HandleGraphQL("LinkedPullRequests", func(*githubtest.GraphQLRequest) githubtest.Response {
		return githubtest.GraphQLData(map[string]any{"repository": map[string]any{"issue": map[string]any{"timelineItems": map[string]any{
			"pageInfo": map[string]any{"hasNextPage": false, "endCursor": nil}, "nodes": []any{}}}}})
	})
	s.HandleGraphQL("IssueLinkedBranches", func(*githubtest.GraphQLRequest) githubtest.Response {
		nodes := []any{}
		for _, b := range w.LinkedBranches() {
			nodes = append(nodes, map[string]any{"ref": map[string]any{"name": b, "repository": map[string]any{"nameWithOwner": Owner + "/" + Repo}}})
		}
		return githubtest.GraphQLData(map[string]any{"repository": map[string]any{"id": "R_widget",
			"issue": map[string]any{"id": "I_seven", "linkedBranches": map[string]any{"nodes": nodes}}}})
	})
	s.HandleGraphQL("CreateLinkedBranch", func(q *githubtest.GraphQLRequest) githubtest.Response {
		in, _ := q.Variables["input"].(map[string]any)
		name, _ := in["name"].(string)
		oid, _ := in["oid"].(string)
		if in["issueId"] != "I_seven" || name == "" {
			return githubtest.GraphQLErrors("Could not resolve to a node with the global id")
		}
		cmd := exec.Command("git", "--git-dir", w.Upstream, "update-ref", "refs/heads/"+name, oid, "")
		if out, err := cmd.CombinedOutput(); err != nil {
			return githubtest.GraphQLErrors("Reference already exists or the commit is unknown: " + strings.TrimSpace(string(out)))
		}
		w.mu.Lock()
		w.linked = append(w.linked, name)
		w.mu.Unlock()
		return githubtest.GraphQLData(map[string]any{"createLinkedBranch": map[string]any{
			"linkedBranch": map[string]any{"id": "LB_1", "ref": map[string]any{"name": name}}}})
	})
}

// Forked reports whether the fork was created through the API.
func (w *World) Forked() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.forked
}

// PullRequests returns the bodies of the pull requests created.
func (w *World) PullRequests() []map[string]any {
	var out []map[string]any
	for _, r := range w.GitHub.RequestsFor("pulls/create") {
		var m map[string]any
		if err := json.Unmarshal(r.Body, &m); err != nil {
			w.T.Fatalf("pull request body: %v", err)
		}
		out = append(out, m)
	}
	return out
}

// Git runs git in dir with the world's environment and returns its output.
func (w *World) Git(dir string, args ...string) string {
	w.T.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = w.gitEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		w.T.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (w *World) gitEnv() []string {
	return append(os.Environ(), "HOME="+w.Home, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+filepath.Join(w.Home, ".gitconfig"))
}

// Clone is where a run clones the repository when it starts in Work.
func (w *World) Clone() string { return filepath.Join(w.Work, Repo) }

// Write writes a file in the clone.
func (w *World) Write(name, body string) {
	w.T.Helper()
	must(w.T, os.WriteFile(filepath.Join(w.Clone(), filepath.FromSlash(name)), []byte(body), 0o644))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
