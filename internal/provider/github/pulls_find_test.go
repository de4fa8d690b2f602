package github_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
)

func prJSON(number int, headLabel, base string) map[string]any {
	_, ref, _ := strings.Cut(headLabel, ":")
	return map[string]any{"number": number, "state": "open", "title": "Fix it", "draft": true,
		"html_url": "https://github.com/acme/widget/pull/" + strconv.Itoa(number),
		"head":     map[string]any{"label": headLabel, "ref": ref, "sha": "abc1234"},
		"base":     map[string]any{"label": "acme:" + base, "ref": base}}
}

func TestFindOpenPR(t *testing.T) {
	tests := []struct {
		name, head, base string
		list             []any
		wantHead         string // the head label GitHub is asked for
		wantNumber       int
	}{
		{"fork branch", "newcomer:fix-7", "main", []any{prJSON(12, "newcomer:fix-7", "main")}, "newcomer:fix-7", 12},
		{"upstream branch", "fix-7", "main", []any{prJSON(13, "acme:fix-7", "main")}, "acme:fix-7", 13},
		{"none open", "newcomer:fix-7", "main", []any{}, "newcomer:fix-7", 0},
		{"another base", "newcomer:fix-7", "main", []any{prJSON(14, "newcomer:fix-7", "release")}, "newcomer:fix-7", 0},
		{"a server ignoring the filter", "newcomer:fix-7", "main", []any{prJSON(15, "someone:fix-7", "main")}, "newcomer:fix-7", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := githubtest.NewServer(t)
			s.Handle("pulls/list", githubtest.Reply(200, tt.list))
			c := newClient(t, s, true)
			pr, found, err := c.FindOpenPR(context.Background(), "acme", "widget", tt.head, tt.base)
			if err != nil {
				t.Fatal(err)
			}
			if found != (tt.wantNumber != 0) || pr.Number != tt.wantNumber {
				t.Fatalf("found %v #%d, want #%d", found, pr.Number, tt.wantNumber)
			}
			reqs := s.RequestsFor("pulls/list")
			if len(reqs) != 1 || reqs[0].Query.Get("head") != tt.wantHead || reqs[0].Query.Get("state") != "open" || reqs[0].Query.Get("base") != tt.base {
				t.Fatalf("requests %+v", reqs)
			}
			if found && (pr.Repo != "acme/widget" || pr.URL == "" || pr.Base != "main") {
				t.Errorf("pull request %+v", pr)
			}
		})
	}
}

// alreadyExists is GitHub's answer to a second pull request from the same head.
func alreadyExists(head string) githubtest.Responder {
	return githubtest.Reply(422, map[string]any{"message": "Validation Failed",
		"errors":            []any{map[string]any{"resource": "PullRequest", "code": "custom", "message": "A pull request already exists for " + head + "."}},
		"documentation_url": "https://docs.github.com/rest/pulls/pulls#create-a-pull-request"})
}

func TestCreatePRAdoptsTheOneThatExists(t *testing.T) {
	tests := []struct {
		name     string
		create   githubtest.Responder
		list     []any
		wantNum  int
		wantCode errcode.Code
		lists    int
	}{
		{"already exists and found", alreadyExists("newcomer:fix-7"), []any{prJSON(21, "newcomer:fix-7", "main")}, 21, "", 1},
		{"already exists but not listed yet", alreadyExists("newcomer:fix-7"), []any{}, 0, errcode.InvalidInput, 1},
		{"another validation error", githubtest.Reply(422, map[string]any{"message": "Validation Failed",
			"errors": []any{map[string]any{"resource": "PullRequest", "code": "custom", "message": "No commits between main and fix-7"}}}),
			[]any{prJSON(21, "newcomer:fix-7", "main")}, 0, errcode.InvalidInput, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := githubtest.NewServer(t)
			s.Handle("pulls/create", tt.create)
			s.Handle("pulls/list", githubtest.Reply(200, tt.list))
			c := newClient(t, s, true)
			pr, err := c.CreatePR(context.Background(), "acme", "widget", model.NewPullRequest{Title: "Fix it", Head: "newcomer:fix-7", Base: "main", Draft: true})
			if tt.wantCode != "" {
				if !errcode.HasCode(err, tt.wantCode) {
					t.Fatalf("err = %v, want %s", err, tt.wantCode)
				}
			} else if err != nil || pr.Number != tt.wantNum {
				t.Fatalf("pr #%d err %v, want #%d", pr.Number, err, tt.wantNum)
			}
			if n := len(s.RequestsFor("pulls/list")); n != tt.lists {
				t.Errorf("%d lookups, want %d", n, tt.lists)
			}
		})
	}
}

func TestCreatePRStillFailsOnOtherErrors(t *testing.T) {
	s := githubtest.NewServer(t)
	s.Handle("pulls/create", githubtest.Reply(http.StatusForbidden, githubtest.ErrorBody("Resource not accessible by integration")))
	c := newClient(t, s, true)
	_, err := c.CreatePR(context.Background(), "acme", "widget", model.NewPullRequest{Title: "Fix it", Head: "fix-7", Base: "main"})
	if !errcode.HasCode(err, errcode.ProviderAuthFailed) || len(s.RequestsFor("pulls/list")) != 0 {
		t.Fatalf("err = %v, %d lookups", err, len(s.RequestsFor("pulls/list")))
	}
}
