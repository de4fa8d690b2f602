package mentoring_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/sandbox"
	"github.com/oss-dev/oss-dev/internal/service/mentoring/mentoringtest"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// requireSandbox skips where the kernel has no Landlock, except in CI.
func requireSandbox(t *testing.T) {
	t.Helper()
	if st := sandbox.Probe(); !st.Available {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set and the sandbox is not available: %s", st.Reason)
		}
		t.Skipf("this kernel cannot confine commands (%s)", st.Reason)
	}
}

// hostileMakefile's test target writes the home folder and a folder beside
// the repository before running the real tests; "-" lets make go on when a
// write is refused, so the tests themselves still decide the outcome.
func hostileMakefile(w *mentoringtest.World) (home, outside, tmp string) {
	home, outside, tmp = filepath.Join(w.Home, "pwned"), filepath.Join(w.Dir, "pwned"), filepath.Join(w.Tmp, "scratch")
	w.Write("Makefile", "test:\n\t-echo pwned > $(HOME)/pwned\n\t-echo pwned > "+outside+"\n\techo scratch > $(TMPDIR)/scratch\n\tsh ./check.sh\n")
	return home, outside, tmp
}

func TestHostileMakefileRunsConfinedUnderAuto(t *testing.T) {
	requireSandbox(t)
	w := mentoringtest.New(t)
	s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
	ctx := context.Background()
	if _, err := s.Start(ctx, mentoringtest.IssueID, ""); err != nil {
		t.Fatalf("start: %v", err)
	}
	s.WorkDir = w.Clone()
	home, outside, tmp := hostileMakefile(w)
	w.Write("status.txt", "fixed\n")
	// what VALIDATION says of the change is not this test's concern
	res, err := s.Next(ctx, "")
	if res == nil || res.Verification == nil || !res.Verification.Passed {
		t.Fatalf("the tests did not run and pass inside the sandbox: %+v, %v", res, err)
	}
	for _, p := range []string{home, outside} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("the repository's make test wrote %s", p)
		}
	}
	if _, err := os.Stat(tmp); err != nil {
		t.Errorf("the repository's make test could not write the temp folder: %v", err)
	}
}

func TestHostileMakefileIsRefusedUnderNever(t *testing.T) {
	w := mentoringtest.New(t)
	s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
	ctx := context.Background()
	if _, err := s.Start(ctx, mentoringtest.IssueID, ""); err != nil {
		t.Fatalf("start: %v", err)
	}
	s.WorkDir = w.Clone()
	home, outside, _ := hostileMakefile(w)
	w.Write("status.txt", "fixed\n")
	t.Setenv("OSS_DEV_APPROVAL__POLICY", "never")
	_, err := s.Next(ctx, "")
	if !errcode.HasCode(err, errcode.ApprovalRejected) || !strings.Contains(err.Error(), "Makefile:1") {
		t.Fatalf("next under never: %v; want APPROVAL_REJECTED naming Makefile:1", err)
	}
	for _, p := range []string{home, outside} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("policy never, yet the repository's make test wrote %s", p)
		}
	}
}

// TestTheTestCommandGetsNoSecret: a Makefile whose test target writes its
// environment into the repository, where a later push would publish it,
// finds none of the contributor's credentials there.
func TestTheTestCommandGetsNoSecret(t *testing.T) {
	requireSandbox(t)
	w := mentoringtest.New(t)
	s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
	sharedtest.SetSecrets(t)
	ctx := context.Background()
	if _, err := s.Start(ctx, mentoringtest.IssueID, ""); err != nil {
		t.Fatalf("start: %v", err)
	}
	s.WorkDir = w.Clone()
	w.Write("Makefile", "test:\n\tenv > env.txt\n\tsh ./check.sh\n")
	w.Write("status.txt", "fixed\n")
	res, err := s.Next(ctx, "")
	if res == nil || res.Verification == nil || !res.Verification.Passed {
		t.Fatalf("the tests did not run and pass: %+v, %v", res, err)
	}
	seen, err := os.ReadFile(filepath.Join(w.Clone(), "env.txt"))
	if err != nil || !strings.Contains(string(seen), "PATH=") {
		t.Fatalf("the test command wrote no environment: %v %q", err, seen)
	}
	sharedtest.RequireNoSecrets(t, "the environment make test wrote", string(seen))
}

// TestTheTestCommandReadsNoCredentialFile: a Makefile whose test target
// copies the contributor's credential files and oss-dev's own signing key
// into the repository, where a later push would publish them, copies
// nothing: the sandbox does not let it read them. What builds read beside
// them (~/.gitconfig) stays readable.
func TestTheTestCommandReadsNoCredentialFile(t *testing.T) {
	requireSandbox(t)
	w := mentoringtest.New(t)
	s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
	ctx := context.Background()
	if _, err := s.Start(ctx, mentoringtest.IssueID, ""); err != nil {
		t.Fatalf("start: %v", err)
	}
	secrets := map[string]string{
		".ssh/id_ed25519":      "ssh-key-Bv38Tq",
		".config/gh/hosts.yml": "gh-hosts-Rn04Ka",
		".aws/credentials":     "aws-cred-Lp56Wd",
		".netrc":               "netrc-Xs21Jm",
		".git-credentials":     "git-cred-Hc93Fe",
		".npmrc":               "npmrc-Ty47Og",
		".pypirc":              "pypirc-Ud62Ni",
		".docker/config.json":  "docker-Wk15Cr",
		".kube/config":         "kube-Mz80Sb",
	}
	var names []string
	for name, value := range secrets {
		p := filepath.Join(w.Home, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(value+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		names = append(names, "$(HOME)/"+name)
	}
	key, err := os.ReadFile(filepath.Join(w.Home, ".local", "state", "oss-dev", "state.key"))
	if err != nil || len(key) == 0 {
		t.Fatalf("no signing key after start: %v", err)
	}
	names = append(names, "$(HOME)/.local/state/oss-dev/state.key", "$(HOME)/.gitconfig")
	s.WorkDir = w.Clone()
	w.Write("Makefile", "test:\n\t-for f in "+strings.Join(names, " ")+"; do cat $$f >> stolen.txt; done\n\tsh ./check.sh\n")
	w.Write("status.txt", "fixed\n")
	res, err := s.Next(ctx, "")
	if res == nil || res.Verification == nil || !res.Verification.Passed {
		t.Fatalf("the tests did not run and pass: %+v, %v", res, err)
	}
	stolen, err := os.ReadFile(filepath.Join(w.Clone(), "stolen.txt"))
	if err != nil || !strings.Contains(string(stolen), "[user]") {
		t.Fatalf("the test command could not read ~/.gitconfig, so this proves nothing: %v %q", err, stolen)
	}
	for name, value := range secrets {
		if strings.Contains(string(stolen), value) {
			t.Errorf("the test command copied ~/%s into the repository", name)
		}
	}
	if strings.Contains(string(stolen), string(key)) {
		t.Error("the test command copied oss-dev's signing key into the repository")
	}
}
