package model

import (
	"errors"
	"strings"
	"testing"
)

func TestParseIssueRef(t *testing.T) {
	gh := func(owner, repo string, n int, pull bool) IssueRef {
		return IssueRef{Host: "github.com", Owner: owner, Repo: repo, Number: n, IsPull: pull}
	}
	tests := []struct {
		in          string
		defaultHost string
		want        IssueRef
	}{
		{"https://github.com/cli/cli/issues/123", "", gh("cli", "cli", 123, false)},
		{"https://github.com/cli/cli/pull/9", "", gh("cli", "cli", 9, true)},
		{"http://github.com/cli/cli/issues/1", "", gh("cli", "cli", 1, false)},
		{"https://github.com/cli/cli/issues/1/", "", gh("cli", "cli", 1, false)},
		{"https://github.com/cli/cli/issues/1#issuecomment-42", "", gh("cli", "cli", 1, false)},
		{"https://github.com/cli/cli/issues/1?foo=bar", "", gh("cli", "cli", 1, false)},
		{"https://github.com/cli/cli/pull/7/files", "", gh("cli", "cli", 7, true)},
		{"HTTPS://GitHub.com/Owner/Repo.js/issues/5", "", gh("Owner", "Repo.js", 5, false)},
		{"https://www.github.com/a/b/issues/2", "", gh("a", "b", 2, false)},
		{"github.com/a-b/c_d.e/issues/77", "", gh("a-b", "c_d.e", 77, false)},
		{"  a/b#3  ", "", gh("a", "b", 3, false)},
		{"a/b#3", "ghe.example.com", IssueRef{Host: "ghe.example.com", Owner: "a", Repo: "b", Number: 3}},
		{"https://ghe.example.com/team/tool/issues/12", "", IssueRef{Host: "ghe.example.com", Owner: "team", Repo: "tool", Number: 12}},
		{"https://ghe.example.com:8443/team/tool/pull/12", "", IssueRef{Host: "ghe.example.com:8443", Owner: "team", Repo: "tool", Number: 12, IsPull: true}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseIssueRef(tt.in, tt.defaultHost)
			if err != nil {
				t.Fatalf("ParseIssueRef(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Fatalf("ParseIssueRef(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseIssueRefRejects(t *testing.T) {
	tests := []struct{ in, reason string }{
		{"", "empty"},
		{"cli/cli", "number is missing"},
		{"a/b/issues/1", "host name"},
		{"cli/cli#", "missing"},
		{"cli/cli#0", "not an issue number"},
		{"cli/cli#-1", "not an issue number"},
		{"cli/cli#01", "not an issue number"},
		{"cli/cli#99999999999", "not an issue number"},
		{"cli/cli#1a", "not an issue number"},
		{"-cli/cli#1", "owner"},
		{"cli-/cli#1", "owner"},
		{"a.b/cli#1", "owner"},
		{strings.Repeat("a", 40) + "/r#1", "owner"},
		{"o/" + strings.Repeat("r", 101) + "#1", "repository name"},
		{"o/..#1", "repository name"},
		{"o/r r#1", "repository name"},
		{"https://github.com/cli/cli", "after the host"},
		{"https://github.com/cli/cli/discussions/1", "neither issues nor pull"},
		{"https://github.com/cli/cli/issues/1/extra", "unexpected path"},
		{"https://github.com/cli/cli/pull/1/blame", "unexpected path"},
		{"https://github.com/cli/cli/issues/abc", "not an issue number"},
		{"ftp://github.com/cli/cli/issues/1", "only http"},
		{"ssh://git@github.com/cli/cli/issues/1", "SSH"},
		{"https://user:pw@github.com/cli/cli/issues/1", "credentials"},
		{"https://gith_ub.com/cli/cli/issues/1", "host"},
		{"https://github.com:99999/cli/cli/issues/1", "port"},
		{"https://github.com//cli/issues/1", "empty segment"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseIssueRef(tt.in, "")
			var re *RefError
			if !errors.As(err, &re) {
				t.Fatalf("ParseIssueRef(%q) error = %v, want a *RefError", tt.in, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.reason) {
				t.Errorf("message %q does not explain %q", msg, tt.reason)
			}
			if !strings.Contains(msg, tt.in) && tt.in != "" {
				t.Errorf("message %q does not name the input", msg)
			}
			if !strings.Contains(re.Hint(), "OWNER/REPO#NUMBER") {
				t.Errorf("hint %q does not list the accepted forms", re.Hint())
			}
			if re.Code() != "INVALID_REFERENCE" {
				t.Errorf("code = %s", re.Code())
			}
		})
	}
}

func TestParseRepoRef(t *testing.T) {
	gh := func(owner, repo string) RepoRef { return RepoRef{Host: "github.com", Owner: owner, Repo: repo} }
	tests := []struct {
		in   string
		want RepoRef
	}{
		{"cli/cli", gh("cli", "cli")},
		{"vuejs/vue.js", gh("vuejs", "vue.js")},
		{"https://github.com/cli/cli", gh("cli", "cli")},
		{"https://github.com/cli/cli/", gh("cli", "cli")},
		{"https://github.com/cli/cli.git", gh("cli", "cli")},
		{"https://github.com/cli/cli/tree/trunk/pkg", gh("cli", "cli")},
		{"github.com/cli/cli", gh("cli", "cli")},
		{"git@github.com:cli/cli.git", gh("cli", "cli")},
		{"git@github.com:cli/cli", gh("cli", "cli")},
		{"ssh://git@github.com/cli/cli.git", gh("cli", "cli")},
		{"https://ghe.example.com/team/tool.git", RepoRef{Host: "ghe.example.com", Owner: "team", Repo: "tool"}},
		{"git@ghe.example.com:team/tool.git", RepoRef{Host: "ghe.example.com", Owner: "team", Repo: "tool"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRepoRef(tt.in, "")
			if err != nil {
				t.Fatalf("ParseRepoRef(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Fatalf("ParseRepoRef(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseRepoRefRejects(t *testing.T) {
	for _, in := range []string{"", "cli", "cli/", "/cli", "github.com/cli", "git@github.com", "git@github.com:cli", "https://github.com", "a/b/c", "-x/y", "x/..", "file:///tmp/repo"} {
		t.Run(in, func(t *testing.T) {
			_, err := ParseRepoRef(in, "")
			var re *RefError
			if !errors.As(err, &re) {
				t.Fatalf("ParseRepoRef(%q) error = %v, want a *RefError", in, err)
			}
			if !strings.Contains(re.Hint(), "OWNER/REPO") {
				t.Errorf("hint %q does not list the accepted forms", re.Hint())
			}
		})
	}
}

func TestIssueRefFormats(t *testing.T) {
	r := IssueRef{Host: "github.com", Owner: "cli", Repo: "cli", Number: 5}
	if got := r.String(); got != "cli/cli#5" {
		t.Errorf("String = %q", got)
	}
	if got := r.URL(); got != "https://github.com/cli/cli/issues/5" {
		t.Errorf("URL = %q", got)
	}
	r.IsPull = true
	if got := r.URL(); got != "https://github.com/cli/cli/pull/5" {
		t.Errorf("URL = %q", got)
	}
	if got := r.RepoRef().URL(); got != "https://github.com/cli/cli" {
		t.Errorf("RepoRef().URL = %q", got)
	}
}

func FuzzParseIssueRef(f *testing.F) {
	for _, s := range []string{
		"https://github.com/cli/cli/issues/123", "cli/cli#1", "github.com/a/b/pull/2/files",
		"https://ghe.example.com:8443/a/b/issues/3#x", "http://www.github.com/a/b/issues/4?q=1",
		"git@github.com:a/b.git", "a/b", "%", "https://github.com/a%2Fb/c/issues/1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, err := ParseIssueRef(s, "")
		if err != nil {
			if _, ok := err.(*RefError); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		again, err := ParseIssueRef(ref.URL(), "")
		if err != nil {
			t.Fatalf("canonical URL %q of %q does not parse: %v", ref.URL(), s, err)
		}
		if again != ref {
			t.Fatalf("round trip of %q: %+v != %+v", s, again, ref)
		}
		short, err := ParseIssueRef(ref.String(), ref.Host)
		if err != nil || short.Owner != ref.Owner || short.Repo != ref.Repo || short.Number != ref.Number {
			t.Fatalf("short form %q of %q: %+v, %v", ref.String(), s, short, err)
		}
	})
}

func FuzzParseRepoRef(f *testing.F) {
	for _, s := range []string{"cli/cli", "https://github.com/cli/cli.git", "git@github.com:a/b.git", "ssh://git@h.example/a/b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, err := ParseRepoRef(s, "")
		if err != nil {
			return
		}
		again, err := ParseRepoRef(ref.URL(), "")
		if err != nil || again != ref {
			t.Fatalf("round trip of %q via %q: %+v, %v", s, ref.URL(), again, err)
		}
	})
}
