package main

import (
	"context"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/ghauth"
	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
)

func TestNewGitHubOverTheTransport(t *testing.T) {
	s := githubtest.NewServer(t)
	s.AddIssue("o", "r", githubtest.Issue{Number: 1, Title: "first"})
	cfg := config.Default()
	cfg.GitHub.APIURL = s.APIURL()
	cfg.GitHub.CacheTTL = 0 // revalidate every time, so the second fetch is conditional
	const secret = "ghp_" + "abcdefghijklmnopqrstuvwxyz0123456789"
	token := func(context.Context, string) ghauth.Token {
		return ghauth.Token{Value: secret, Source: ghauth.SourceGHToken, Host: "github.com"}
	}
	gh, err := newGitHub(context.Background(), &cfg, gitHubDeps{Token: token, CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		is, err := gh.FetchIssue(context.Background(), "o", "r", 1)
		if err != nil || is.Title != "first" {
			t.Fatalf("issue = %+v, %v", is, err)
		}
	}
	reqs := s.RequestsFor("issues/get")
	if len(reqs) != 2 || !reqs[0].Authenticated || reqs[1].Header.Get("If-None-Match") == "" {
		t.Errorf("requests: %d, authenticated %v, conditional %q", len(reqs), reqs[0].Authenticated, reqs[1].Header.Get("If-None-Match"))
	}
	_, err = gh.FetchIssue(context.Background(), "o", "r", 99)
	if !errcode.HasCode(err, errcode.NotFound) || strings.Contains(err.Error(), secret) {
		t.Errorf("missing issue: %v", err)
	}
}
