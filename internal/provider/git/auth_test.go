package git_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/git"
)

// A server that wants a password must fail at once, not wait on a prompt.
func TestCredentialPromptNeverBlocks(t *testing.T) {
	isolate(t)
	noProxy(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
		http.Error(w, "authentication required", http.StatusUnauthorized)
	}))
	defer srv.Close()
	c, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	dir := filepath.Join(t.TempDir(), "clone")
	_, err := git.Clone(c, srv.URL+"/owner/repo.git", dir, git.CloneOptions{})
	wantCode(t, err, errcode.GitFailed)
	if !strings.Contains(err.Error(), "terminal prompts disabled") {
		t.Errorf("error = %v", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the failed clone left %s behind", dir)
	}
}

// Credentials in a URL never reach an error message or its fix.
func TestCredentialsAreRedacted(t *testing.T) {
	isolate(t)
	noProxy(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone", http.StatusNotFound)
	}))
	defer srv.Close()
	url := strings.Replace(srv.URL, "http://", "http://someone:s3cr3t-token@", 1) + "/owner/repo.git"
	_, err := git.Clone(ctx, url, filepath.Join(t.TempDir(), "clone"), git.CloneOptions{})
	wantCode(t, err, errcode.GitFailed)
	var e *errcode.Error
	errors.As(err, &e)
	for _, s := range append(errcode.Chain(err), e.Fix) {
		if strings.Contains(s, "s3cr3t") {
			t.Errorf("credential leaked: %q", s)
		}
	}
	if !strings.Contains(e.Fix, "http://someone:****@") {
		t.Errorf("fix %q does not show the redacted URL", e.Fix)
	}
}

func TestCloneWithCancelledContextLeavesNothing(t *testing.T) {
	f := newFixture(t)
	c, cancel := context.WithCancel(ctx)
	cancel()
	dir := filepath.Join(t.TempDir(), "clone")
	_, err := git.Clone(c, f.upstream, dir, git.CloneOptions{})
	wantCode(t, err, errcode.Canceled)
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the cancelled clone left %s behind", dir)
	}
}

// noProxy keeps git talking to the local test server directly.
func noProxy(t *testing.T) {
	for _, k := range []string{"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"} {
		t.Setenv(k, "")
	}
}
