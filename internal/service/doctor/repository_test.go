package doctor

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

func TestRepositorySection(t *testing.T) {
	sharedtest.RequireTool(t, "go")
	_, env := isolate(t)
	repo := t.TempDir()
	for name, body := range map[string]string{"go.mod": "module x\n\ngo 99.0\n", ".tool-versions": "frobnicator 1\n"} {
		if err := os.WriteFile(filepath.Join(repo, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	r := Run(context.Background(), fromEnv(Options{WorkDir: filepath.Join(repo), Env: env, Timeout: 30 * time.Second}))
	var goCheck, warning *Check
	for i, c := range r.Checks {
		if c.Group != "repository" {
			continue
		}
		switch c.Name {
		case "go":
			goCheck = &r.Checks[i]
		case "requirements":
			warning = &r.Checks[i]
		}
	}
	if goCheck == nil || goCheck.Status != Fail || !strings.Contains(goCheck.Message, "go.mod:3") || goCheck.Fix == "" {
		t.Fatalf("go check %+v; want a failure naming go.mod:3 with a fix", goCheck)
	}
	if warning == nil || !strings.Contains(warning.Message, ".tool-versions:1: unknown tool frobnicator") {
		t.Fatalf("warning %+v; want the unknown tool named with its file and line", warning)
	}
	if r.OK {
		t.Errorf("the report is ok with a failed repository check")
	}

	outside := Run(context.Background(), fromEnv(Options{WorkDir: t.TempDir(), Env: env, Timeout: 30 * time.Second}))
	for _, c := range outside.Checks {
		if c.Group == "repository" {
			t.Fatalf("a repository check outside a repository: %+v", c)
		}
	}
}
