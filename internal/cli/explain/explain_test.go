package explain

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/errcode"
	intel "github.com/oss-dev/oss-dev/internal/intelligence/explain"
	"github.com/oss-dev/oss-dev/internal/intelligence/explain/explaintest"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/provider/llm/llmtest"
	"github.com/oss-dev/oss-dev/internal/provider/llm/openai"
	"github.com/oss-dev/oss-dev/internal/safefile/safefiletest"
	svc "github.com/oss-dev/oss-dev/internal/service/explain"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// run runs explain with args in dir and returns stdout.
func run(t *testing.T, dir string, tty bool, llm contract.LLM, args ...string) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	if tty {
		ios.SetStdoutTTY(true)
		ios.SetColorEnabled(true)
		ios.SetTerminalWidth(72)
	}
	f := &cmdutil.Factory{IO: ios, WorkDir: dir, Output: &cmdutil.Output{}}
	f.Explain = func() *svc.Service {
		return &svc.Service{LLM: func() (contract.LLM, error) { return llm, nil }, OpenRepo: func(dir string) (intel.Repo, error) {
			r, err := git.New(dir)
			if err != nil {
				return nil, err
			}
			return r, nil
		}}
	}
	cmd := NewCmdExplain(f, nil)
	cmd.Flags().BoolVar(&f.Output.JSON, "json", false, "")
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(out)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.ExecuteContext(context.Background())
	return out.String(), err
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}

func TestGoldenReports(t *testing.T) {
	sharedtest.RequireTool(t, "ctags")
	goRepo := explaintest.BuildRepo(t, "gomod.txtar")
	pyRepo := explaintest.BuildRepo(t, "pyts.txtar")
	for _, c := range []struct {
		name string
		dir  string
		tty  bool
		args []string
	}{
		{"go-file.txt", goRepo, false, []string{"geom/geom.go"}},
		{"go-folder.txt", goRepo, false, []string{"geom"}},
		{"go-symbol.txt", goRepo, false, []string{"geom/geom.go", "Total"}},
		{"go-method-tty.txt", goRepo, true, []string{"geom/geom.go", "Circle.Area"}},
		{"go-top.txt", goRepo, false, []string{"."}},
		{"py-file.txt", pyRepo, false, []string{"pkg/shapes.py"}},
		{"py-symbol.txt", pyRepo, false, []string{"pkg/shapes.py", "Circle.area"}},
		{"py-folder.txt", pyRepo, false, []string{"pkg"}},
		{"ts-file.txt", pyRepo, false, []string{"web/format.ts", "--refs", "1"}},
		{"ts-symbol.txt", pyRepo, false, []string{"web/format.ts", "formatArea", "--history", "1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := run(t, c.dir, c.tty, nil, c.args...)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, c.name, out)
		})
	}
}

func TestGoldenWithoutCtags(t *testing.T) {
	pyRepo := explaintest.BuildRepo(t, "pyts.txtar")
	explaintest.WithoutCtags(t)
	out, err := run(t, pyRepo, false, nil, "pkg/shapes.py")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "py-file-no-ctags.txt", out)
}

func TestGoldenJSON(t *testing.T) {
	goRepo := explaintest.BuildRepo(t, "gomod.txtar")
	out, err := run(t, goRepo, false, nil, "geom/geom.go", "Circle.Area", "--json")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "go-method.json", strings.ReplaceAll(out, goRepo, "$ROOT"))
}

func TestOutsideGitStillOutlines(t *testing.T) {
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	src := "package calc\n\n// Add adds a and b.\nfunc Add(a, b int) int { return a + b }\n"
	if err := os.WriteFile(filepath.Join(dir, "calc.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, dir, false, nil, "calc.go")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "outside-git.txt", out)
}

func TestErrors(t *testing.T) {
	goRepo := explaintest.BuildRepo(t, "gomod.txtar")
	for _, c := range []struct {
		args []string
		code errcode.Code
		fix  string
	}{
		{[]string{"geom/gem.go"}, errcode.NotFound, "geom.go"},
		{[]string{"geom/geom.go", "Totl"}, errcode.NotFound, "did you mean Total"},
	} {
		_, err := run(t, goRepo, false, nil, c.args...)
		e, ok := err.(*errcode.Error)
		if !ok || e.Code != c.code || !strings.Contains(e.Fix, c.fix) {
			t.Errorf("%v: %v, want %s with a fix naming %q", c.args, err, c.code, c.fix)
		}
	}
	for _, args := range [][]string{{}, {"a", "b", "c"}, {"a", "--refs", "-1"}, {"a", "--history", "-2"}} {
		if _, err := run(t, goRepo, false, nil, args...); !cmdutil.IsUsageError(err) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}

func TestFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IO: ios, WorkDir: "/w", Output: &cmdutil.Output{}}
	var got *ExplainOptions
	cmd := NewCmdExplain(f, func(o *ExplainOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"x.go", "Sym", "--refs", "5", "--history", "0", "--no-llm"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Path != "x.go" || got.Symbol != "Sym" || got.Refs != 5 || got.History != 0 || !got.NoLLM || got.WorkDir != "/w" {
		t.Errorf("options = %+v", got)
	}
}

func fakeModel(t *testing.T) (*llmtest.OpenAI, contract.LLM) {
	t.Helper()
	srv := llmtest.NewOpenAI(t)
	p, err := openai.New(config.ModelConfig{Provider: "openai", Name: "gpt-4o-mini", BaseURL: srv.URL, APIKey: "sk-test", ContextWindow: 4096}, openai.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return srv, p
}

func TestStreamsTheModelsExplanation(t *testing.T) {
	goRepo := explaintest.BuildRepo(t, "gomod.txtar")
	srv, model := fakeModel(t)
	srv.Script(llmtest.Reply{Text: []string{"Total sums ", "the areas."}, Usage: &llmtest.Usage{Input: 321, Output: 4}})
	out, err := run(t, goRepo, false, model, "geom/geom.go", "Total")
	if err != nil {
		t.Fatal(err)
	}
	tail := out[strings.Index(out, "\nExplanation"):]
	golden(t, "llm-tail.txt", tail)
	if len(srv.Requests()) != 1 {
		t.Errorf("%d requests, want 1", len(srv.Requests()))
	}

	srv.Script(llmtest.Reply{Text: []string{"In JSON."}})
	js, err := run(t, goRepo, false, model, "geom/geom.go", "Total", "--json")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js, `"explanation": {`) || !strings.Contains(js, `"text": "In JSON."`) || !strings.Contains(js, `"window": 4096`) {
		t.Errorf("JSON lacks the explanation:\n%s", js)
	}

	before := len(srv.Requests())
	plain, err := run(t, goRepo, false, model, "geom/geom.go", "Total", "--no-llm")
	if err != nil {
		t.Fatal(err)
	}
	if len(srv.Requests()) != before || strings.Contains(plain, "Explanation") {
		t.Errorf("--no-llm still asked the model")
	}
}

func TestAskAnswersTheQuestion(t *testing.T) {
	goRepo := explaintest.BuildRepo(t, "gomod.txtar")
	srv, model := fakeModel(t)
	srv.Script(llmtest.Reply{Text: []string{"It adds ", "every area."}})
	out, err := run(t, goRepo, false, model, "geom/geom.go", "Total", "--ask", "Does Total skip zero areas?")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "\nAnswer by gpt-4o-mini to: Does Total skip zero areas?\nIt adds every area.") {
		t.Errorf("no answer under its heading:\n%s", out)
	}
	req, _ := srv.LastRequest()
	chat, _ := req.Chat()
	if user := chat.Messages[1].Text(); !strings.Contains(user, "The contributor's question: Does Total skip zero areas?") {
		t.Errorf("the question did not reach the model:\n%s", user)
	}
	srv.Script(llmtest.Reply{Text: []string{"No."}})
	js, err := run(t, goRepo, false, model, "geom/geom.go", "Total", "--ask", "Zero?", "--json")
	if err != nil || !strings.Contains(js, `"question": "Zero?"`) || !strings.Contains(js, `"text": "No."`) {
		t.Errorf("JSON %v:\n%s", err, js)
	}

	// No model: LLM_NOT_CONFIGURED with the fix, before any output.
	out, err = run(t, goRepo, false, nil, "geom/geom.go", "--ask", "why?")
	var e *errcode.Error
	if !errors.As(err, &e) || e.Code != errcode.LLMNotConfigured || !strings.Contains(e.Fix, "config set model.provider") || out != "" {
		t.Errorf("without a model: %v, output %q", err, out)
	}
	if _, err := run(t, goRepo, false, model, "geom/geom.go", "--ask", "why?", "--no-llm"); !cmdutil.IsUsageError(err) {
		t.Errorf("--ask --no-llm: %v, want a usage error", err)
	}
}

func TestModelFailureIsReported(t *testing.T) {
	goRepo := explaintest.BuildRepo(t, "gomod.txtar")
	srv, model := fakeModel(t)
	srv.Script(llmtest.Reply{Status: 401, ErrorMessage: "bad key", ErrorCode: "invalid_api_key"})
	out, err := run(t, goRepo, false, model, "geom/geom.go", "Total")
	if err == nil || errcode.CodeOf(err) == errcode.Unknown {
		t.Errorf("err = %v", err)
	}
	if !bytes.Contains([]byte(out), []byte("References")) {
		t.Errorf("the structural report should come out before the model fails:\n%s", out)
	}
}

// TestLinkOutIsNeitherReadNorSentToTheModel explains a file of the
// repository that is a symbolic link to /etc/passwd, with a model
// configured: the link and its target are shown, nothing of the target
// is printed, and the model is not asked.
func TestLinkOutIsNeitherReadNorSentToTheModel(t *testing.T) {
	safefiletest.Supported(t)
	goRepo := explaintest.BuildRepo(t, "gomod.txtar")
	safefiletest.Link(t, goRepo, "CONTRIBUTING.md", "/etc/passwd")
	srv, model := fakeModel(t)
	for _, args := range [][]string{{"CONTRIBUTING.md"}, {"CONTRIBUTING.md", "--json"}} {
		out, err := run(t, goRepo, false, model, args...)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "root:") || !strings.Contains(out, "/etc/passwd") {
			t.Errorf("%v: output should name the target and hold nothing of it:\n%s", args, out)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("the model was asked %d times about a link out of the repository", n)
	}
}
