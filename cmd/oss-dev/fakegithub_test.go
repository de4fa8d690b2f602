package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
)

type fakeGitHubKey struct{}

// startFakeGitHub gives every script its own GitHub, speaking GitHub's wire
// format, at $FAKE_GITHUB_API; a script points oss-dev at it with
// env OSS_DEV_GITHUB__API_URL=$FAKE_GITHUB_API.
func startFakeGitHub(env *testscript.Env) {
	tb, ok := env.T().(testing.TB)
	if !ok {
		return
	}
	s := githubtest.NewServer(tb)
	env.Values[fakeGitHubKey{}] = s
	env.Setenv("FAKE_GITHUB_API", s.APIURL())
}

func fakeGitHub(ts *testscript.TestScript) *githubtest.Server {
	s, ok := ts.Value(fakeGitHubKey{}).(*githubtest.Server)
	if !ok {
		ts.Fatalf("no fake GitHub in this script")
	}
	return s
}

// cmdGitHubIssue seeds an issue: gh-issue OWNER/REPO NUMBER TITLE [LABEL...]
func cmdGitHubIssue(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 {
		ts.Fatalf("usage: gh-issue OWNER/REPO NUMBER TITLE [LABEL...]")
	}
	owner, repo, ok := strings.Cut(args[0], "/")
	n, err := strconv.Atoi(args[1])
	if !ok || err != nil {
		ts.Fatalf("gh-issue: bad repository or number")
	}
	fakeGitHub(ts).AddIssue(owner, repo, githubtest.Issue{Number: n, Title: args[2], Body: "Body of " + args[2], Author: "octocat", Labels: args[3:]})
}

// cmdGitHubEcho makes an operation (an operationId, or "graphql") answer
// with an error that quotes the request's token back, raw and encoded:
// gh-echo-token issues/get 404
func cmdGitHubEcho(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: gh-echo-token OPERATION STATUS")
	}
	status, err := strconv.Atoi(args[1])
	if err != nil {
		ts.Fatalf("gh-echo-token: bad status %q", args[1])
	}
	fakeGitHub(ts).Inject(args[0], githubtest.EchoCredential(status))
}

// cmdGitHubRequests checks how many requests an operation received:
// gh-requests issues/get 1
func cmdGitHubRequests(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: gh-requests OPERATION COUNT")
	}
	want, err := strconv.Atoi(args[1])
	if err != nil {
		ts.Fatalf("gh-requests: bad count %q", args[1])
	}
	got := len(fakeGitHub(ts).RequestsFor(args[0]))
	if (got == want) == neg {
		ts.Fatalf("%s received %d requests, want %s%d", args[0], got, map[bool]string{true: "not ", false: ""}[neg], want)
	}
}

// cmdGitHubRepo seeds a repository, pushable by the user with "push":
// gh-repo OWNER/REPO [push]
func cmdGitHubRepo(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 || (len(args) == 2 && args[1] != "push") {
		ts.Fatalf("usage: gh-repo OWNER/REPO [push]")
	}
	owner, repo, ok := strings.Cut(args[0], "/")
	if !ok {
		ts.Fatalf("gh-repo: bad repository %q", args[0])
	}
	fakeGitHub(ts).AddRepo(githubtest.Repo{Owner: owner, Name: repo, DefaultBranch: "main", Push: len(args) == 2})
}

// cmdGitHubBody prints the body of the last request an operation received,
// for stdout to check: gh-body pulls/create
func cmdGitHubBody(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: gh-body OPERATION")
	}
	reqs := fakeGitHub(ts).RequestsFor(args[0])
	if len(reqs) == 0 {
		ts.Fatalf("%s received no request", args[0])
	}
	_, _ = ts.Stdout().Write(reqs[len(reqs)-1].Body)
}
