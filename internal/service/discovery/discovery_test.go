package discovery_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/github"
	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
	"github.com/oss-dev/oss-dev/internal/service/discovery"
)

var now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func days(n int) time.Time { return now.Add(-time.Duration(n) * 24 * time.Hour) }

func service(t *testing.T, s *githubtest.Server, authed bool, cacheDir string) *discovery.Service {
	t.Helper()
	hc := &http.Client{Timeout: 5 * time.Second}
	if authed {
		hc = githubtest.AuthorizedClient()
	}
	c, err := github.New(hc, github.Options{APIURL: s.APIURL(), Anonymous: !authed})
	if err != nil {
		t.Fatal(err)
	}
	var cache *github.GraphQLCache
	if cacheDir != "" {
		cache = &github.GraphQLCache{Dir: cacheDir, TTL: time.Minute}
	}
	src := github.NewDiscoverer(c, cache)
	svc := discovery.New(src)
	svc.Now = func() time.Time { return now }
	return svc
}

const typoBody = "The install section says `go get`; it should say `go install`.\n\nFile: README.md\n\n- [ ] update README.md"

func typo(n int, updated time.Time, labels ...string) *githubtest.WIssue {
	return &githubtest.WIssue{Number: n, Title: "Fix the install command in the README", Body: typoBody, Labels: labels,
		CreatedAt: days(120), UpdatedAt: updated}
}

func healthyRepo(owner, name string) *githubtest.WRepo {
	return &githubtest.WRepo{
		Owner: owner, Name: name, Language: "Go", Topics: []string{"cli"}, Stars: 900, PushedAt: days(1),
		License: "MIT", CodeOfConduct: "Contributor Covenant",
		Files:   []string{"CONTRIBUTING.md", ".github/workflows/ci.yml"},
		Commits: []time.Time{days(1), days(2), days(3), days(4), days(5), days(6), days(7), days(8), days(9), days(10), days(11), days(12)},
		Pulls: []*githubtest.WPull{
			{Number: 100, Author: "n1", AuthorAssociation: "CONTRIBUTOR", CreatedAt: days(20), State: "MERGED",
				Reviews: []githubtest.WComment{{Author: "maint", Association: "MEMBER", At: days(19)}}},
			{Number: 101, Author: "n2", AuthorAssociation: "CONTRIBUTOR", CreatedAt: days(25), State: "MERGED",
				Comments: []githubtest.WComment{{Author: "maint", Association: "OWNER", At: days(24)}}},
			{Number: 102, Author: "n3", AuthorAssociation: "FIRST_TIME_CONTRIBUTOR", CreatedAt: days(30), State: "CLOSED",
				Comments: []githubtest.WComment{{Author: "maint", Association: "OWNER", At: days(29)}}},
		},
	}
}

// rankingWorld holds four issues that pass every rule, with the same text,
// so that the order depends only on labels, health and freshness.
func rankingWorld() *githubtest.World {
	good := healthyRepo("good", "repo")
	good.Issues = []*githubtest.WIssue{
		typo(1, days(1), "good first issue"),   // A
		typo(2, days(100), "good first issue"), // B
		typo(3, days(1)),                       // D
	}
	poor := &githubtest.WRepo{Owner: "poor", Name: "repo", Language: "Go", PushedAt: days(60), Files: []string{"README.md"},
		Commits: []time.Time{days(60)}, Issues: []*githubtest.WIssue{typo(1, days(1), "good first issue")}} // C
	return &githubtest.World{Repos: []*githubtest.WRepo{good, poor}}
}

func TestRankingOrder(t *testing.T) {
	s := githubtest.NewServer(t)
	s.ServeWorld(rankingWorld())
	rep, err := service(t, s, true, "").DiscoverIssues(context.Background(), discovery.IssueFilter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	// Expected order, and why:
	//  1. good/repo#1 (A): good first issue (+30 suitability), healthy repository, updated a day ago.
	//  2. good/repo#2 (B): as A but updated 100 days ago: freshness 46 instead of 100, -10.8 points.
	//  3. good/repo#3 (D): as A but no good-first label: suitability 30 lower, -15 points.
	//  4. poor/repo#1 (C): as A but in a repository without license, CI, CONTRIBUTING or
	//     code of conduct and one commit in 90 days: health about 80 lower, -24 points.
	want := []string{"good/repo#1", "good/repo#2", "good/repo#3", "poor/repo#1"}
	var got []string
	for _, r := range rep.Results {
		got = append(got, fmt.Sprintf("%s#%d", r.Repo, r.Number))
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		for _, r := range rep.Results {
			t.Logf("%s#%d %.1f %+v", r.Repo, r.Number, r.Score, r.Components)
		}
		t.Fatalf("order = %v, want %v", got, want)
	}
	for i, r := range rep.Results {
		if r.Rank != i+1 || len(r.Components) != 3 || r.Health.Score == 0 && r.Repo == "good/repo" {
			t.Errorf("result %d = %+v", i, r)
		}
		total := 0.0
		for _, c := range r.Components {
			total += c.Points
		}
		if d := total - r.Score; d > 0.2 || d < -0.2 {
			t.Errorf("%s#%d: components add to %.1f, score %.1f", r.Repo, r.Number, total, r.Score)
		}
	}
	// One search page and one activity request for the two repositories.
	if rep.Fetch.Requests != 2 || rep.Candidates != 4 || len(rep.Excluded) != 0 {
		t.Errorf("fetch %+v candidates %d excluded %v", rep.Fetch, rep.Candidates, rep.Excluded)
	}
}

func TestExclusionRules(t *testing.T) {
	active := model.RepoSignals{FullName: "a/b", PushedAt: days(3), HasIssues: true}
	base := func() model.DiscoveredIssue {
		return model.DiscoveredIssue{Issue: model.Issue{Repo: "a/b", Number: 1, Title: "t", State: "open"}, Checked: true}
	}
	claim := func(body string, at time.Time) []model.Comment {
		return []model.Comment{{Author: "dave", Body: body, CreatedAt: at}}
	}
	tests := []struct {
		name   string
		edit   func(*model.DiscoveredIssue, *model.RepoSignals)
		rule   string // "" stays
		reason string
	}{
		{"free issue stays", func(*model.DiscoveredIssue, *model.RepoSignals) {}, "", ""},
		{"locked is out", func(d *model.DiscoveredIssue, _ *model.RepoSignals) { d.Issue.Locked = true }, discovery.RuleLocked, "locked"},
		{"archived is out", func(_ *model.DiscoveredIssue, r *model.RepoSignals) { r.Archived = true }, discovery.RuleArchived, "a/b is archived"},
		{"no push for 200 days is out", func(_ *model.DiscoveredIssue, r *model.RepoSignals) { r.PushedAt = days(200) }, discovery.RuleInactive, "200 days"},
		{"a push 170 days ago stays", func(_ *model.DiscoveredIssue, r *model.RepoSignals) { r.PushedAt = days(170) }, "", ""},
		{"issues turned off is out", func(_ *model.DiscoveredIssue, r *model.RepoSignals) { r.HasIssues = false }, discovery.RuleIssuesDisabled, "turned off"},
		{"assigned is out", func(d *model.DiscoveredIssue, _ *model.RepoSignals) { d.Issue.Assignees = []string{"bob"} }, discovery.RuleAssigned, "@bob"},
		{"open linked PR is out", func(d *model.DiscoveredIssue, _ *model.RepoSignals) {
			d.Issue.LinkedPRs = []model.LinkedPR{{Repo: "a/b", Number: 9, State: "open", Author: "erin"}}
		}, discovery.RuleOpenPR, "a/b#9 by @erin"},
		{"closed and merged PRs stay", func(d *model.DiscoveredIssue, _ *model.RepoSignals) {
			d.Issue.LinkedPRs = []model.LinkedPR{{Number: 7, State: "closed"}, {Number: 8, State: "merged", Merged: true}}
		}, "", ""},
		{"recent claim is out", func(d *model.DiscoveredIssue, _ *model.RepoSignals) {
			d.Comments = claim("I'd like to work on this", days(3))
		}, discovery.RuleClaimed, "@dave on 2026-11-17"},
		{"lapsed claim stays", func(d *model.DiscoveredIssue, _ *model.RepoSignals) {
			d.Comments = claim("I'd like to work on this", days(45))
		}, "", ""},
		{"claim given up stays", func(d *model.DiscoveredIssue, _ *model.RepoSignals) {
			d.Comments = append(claim("I'd like to work on this", days(5)), model.Comment{Author: "dave", Body: "I'm no longer working on this, feel free to take it", CreatedAt: days(2)})
		}, "", ""},
		{"question is not a claim", func(d *model.DiscoveredIssue, _ *model.RepoSignals) {
			d.Comments = claim("Is this still a problem on 1.2?", days(1))
		}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, r := base(), active
			tt.edit(&d, &r)
			rule, reason := discovery.Exclude(d, r, true, discovery.DefaultInactiveDays, now)
			if rule != tt.rule || !strings.Contains(reason, tt.reason) {
				t.Errorf("rule %q (%s), want %q (%s)", rule, reason, tt.rule, tt.reason)
			}
		})
	}
	// Unknown repository signals (not read on the tokenless path) exclude nothing.
	d := base()
	if rule, _ := discovery.Exclude(d, model.RepoSignals{Archived: true}, false, 180, now); rule != "" {
		t.Errorf("unknown signals excluded by %s", rule)
	}
}

// exclusionWorld has one issue per rule the search cannot express, and
// one that stays.
func exclusionWorld() *githubtest.World {
	good := healthyRepo("good", "repo")
	claimed := typo(3, days(2), "good first issue")
	claimed.Comments = []githubtest.WComment{{Author: "dave", Association: "NONE", Body: "Can I work on this?", At: days(2)}}
	lapsed := typo(4, days(2), "good first issue")
	lapsed.Comments = []githubtest.WComment{{Author: "erin", Association: "NONE", Body: "I'd like to work on this", At: days(60)}}
	withPR := typo(5, days(2), "good first issue")
	withPR.Linked = []githubtest.WLinked{{Number: 50, State: "OPEN", Author: "carol", Connected: true}}
	withClosedPR := typo(6, days(2), "good first issue")
	withClosedPR.Linked = []githubtest.WLinked{{Number: 51, State: "CLOSED", Author: "carol"}}
	locked := typo(7, days(2), "good first issue")
	locked.Locked = true
	assigned := typo(8, days(2), "good first issue")
	assigned.Assignees = []string{"bob"}
	good.Issues = []*githubtest.WIssue{typo(1, days(2), "good first issue"), claimed, lapsed, withPR, withClosedPR, locked, assigned}
	stale := healthyRepo("stale", "repo")
	stale.PushedAt = days(400)
	stale.Issues = []*githubtest.WIssue{typo(1, days(2), "good first issue")}
	gone := healthyRepo("gone", "repo")
	gone.Archived = true
	gone.Issues = []*githubtest.WIssue{typo(1, days(2), "good first issue")}
	return &githubtest.World{Repos: []*githubtest.WRepo{good, stale, gone}}
}

func TestDiscoverIssuesExcludesAndCaches(t *testing.T) {
	s := githubtest.NewServer(t)
	s.ServeWorld(exclusionWorld())
	dir := t.TempDir()
	f := discovery.IssueFilter{GoodFirst: true, Languages: []string{"go"}, Limit: 10}
	rep, err := service(t, s, true, dir).DiscoverIssues(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, r := range rep.Results {
		kept = append(kept, fmt.Sprintf("%s#%d", r.Repo, r.Number))
	}
	if strings.Join(kept, " ") != "good/repo#1 good/repo#6 good/repo#4" {
		t.Errorf("kept %v, want good/repo#1 and #6 (closed PR), then #4 whose claim lapsed", kept)
	}
	if c := rep.Results[2].Claim; c.Status != "lapsed" || c.By == "" || c.Phrase == "" || c.Taken {
		t.Errorf("lapsed claim reported as %+v", c)
	}
	out := map[string]string{}
	for _, e := range rep.Excluded {
		out[fmt.Sprintf("%s#%d", e.Repo, e.Number)] = e.Rule
	}
	want := map[string]string{"good/repo#3": discovery.RuleClaimed, "good/repo#5": discovery.RuleOpenPR,
		"good/repo#7": discovery.RuleLocked, "stale/repo#1": discovery.RuleInactive}
	if fmt.Sprint(out) != fmt.Sprint(want) {
		t.Errorf("excluded %v, want %v", out, want)
	}
	// The search asked GitHub to leave out assigned issues and archived
	// repositories, so those never arrive.
	if q := rep.Queries[0]; q != `is:issue is:open archived:false no:assignee label:"good first issue" language:go` {
		t.Errorf("query = %q", q)
	}
	if rep.Fetch.Requests != 2 || rep.Fetch.Cached {
		t.Errorf("fetch = %+v", rep.Fetch)
	}
	before := len(s.Requests())
	again, err := service(t, s, true, dir).DiscoverIssues(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	if again.Fetch.Requests != 0 || !again.Fetch.Cached || len(s.Requests()) != before || len(again.Results) != len(rep.Results) {
		t.Errorf("repeat: fetch %+v, server %d -> %d", again.Fetch, before, len(s.Requests()))
	}
}

// TestDiscoverIssuesIncludeClaimed lists the claimed and taken issues after
// the free ones, each saying who has it.
func TestDiscoverIssuesIncludeClaimed(t *testing.T) {
	s := githubtest.NewServer(t)
	s.ServeWorld(exclusionWorld())
	f := discovery.IssueFilter{GoodFirst: true, Languages: []string{"go"}, Limit: 10, IncludeClaimed: true}
	rep, err := service(t, s, true, t.TempDir()).DiscoverIssues(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	status := map[int]string{}
	var order []string
	for _, r := range rep.Results {
		if r.Repo == "good/repo" {
			status[r.Number] = r.Claim.Status
			order = append(order, r.Claim.Status)
		}
	}
	if status[3] != "claimed" || status[5] != "pull_request" || status[1] != "free" || status[4] != "lapsed" {
		t.Errorf("statuses %v", status)
	}
	if got := strings.Join(order, " "); got != "free free lapsed claimed pull_request" && got != "free free lapsed pull_request claimed" {
		t.Errorf("order %q: free issues first, then lapsed claims, then taken ones", got)
	}
	if rep.ExcludedByRule[discovery.RuleClaimed] != 0 || rep.ExcludedByRule[discovery.RuleOpenPR] != 0 {
		t.Errorf("--include-claimed still left out %v", rep.ExcludedByRule)
	}
}

func TestDiscoverIssuesWithoutAToken(t *testing.T) {
	s := githubtest.NewServer(t)
	s.AddIssue("acme", "tool", githubtest.Issue{Number: 1, Title: "Fix the install command in the README", Body: typoBody, Labels: []string{"good first issue"}, Comments: 1})
	s.AddIssue("acme", "tool", githubtest.Issue{Number: 2, Title: "Fix the install command in the README", Body: typoBody, Labels: []string{"good first issue"}, Locked: true})
	c := s.AddComment("acme", "tool", 1, githubtest.Comment{Author: "dave", Body: "Can I work on this?", CreatedAt: days(1)})
	c["author_association"] = "NONE" // GitHub's example comment is a collaborator's
	repo := s.AddRepo(githubtest.Repo{Owner: "acme", Name: "tool", Language: "Go"})
	repo["pushed_at"] = days(1).Format(time.RFC3339) // GitHub's example was pushed in 2011
	s.Handle("repos/get-community-profile-metrics", githubtest.Reply(http.StatusNotFound, githubtest.ErrorBody("Not Found")))
	s.Handle("repos/list-commits", githubtest.Reply(http.StatusOK, []any{}))
	s.Handle("repos/get-content", githubtest.Reply(http.StatusNotFound, githubtest.ErrorBody("Not Found")))
	s.Handle("issues/list-events-for-timeline", githubtest.Reply(http.StatusOK, []any{}))
	rep, err := service(t, s, false, "").DiscoverIssues(context.Background(), discovery.IssueFilter{GoodFirst: true, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Fetch.Via != "rest" || len(rep.Fetch.Notes) == 0 {
		t.Errorf("fetch = %+v", rep.Fetch)
	}
	// 1 search, 4 for the repository, 2 for each of the two issues.
	if rep.Fetch.Requests != 9 {
		t.Errorf("requests = %d, want 9", rep.Fetch.Requests)
	}
	rules := map[int]string{}
	for _, e := range rep.Excluded {
		rules[e.Number] = e.Rule
	}
	if len(rep.Results) != 0 || rules[1] != discovery.RuleClaimed || rules[2] != discovery.RuleLocked {
		t.Errorf("results %+v excluded %+v", rep.Results, rep.Excluded)
	}
	for _, e := range rep.Excluded {
		if e.Number == 1 && !strings.Contains(e.Reason, "dave") {
			t.Errorf("issue 1: %+v", e)
		}
	}
}

func TestDiscoverRepos(t *testing.T) {
	w := rankingWorld()
	rust := healthyRepo("fast", "parser")
	rust.Language, rust.Topics, rust.Description = "Rust", []string{"parsing"}, "A fast parser"
	w.Repos = append(w.Repos, rust)
	s := githubtest.NewServer(t)
	s.ServeWorld(w)
	svc := service(t, s, true, "")
	rep, err := svc.DiscoverRepos(context.Background(), discovery.RepoFilter{Limit: 10},
		discovery.Profile{Languages: []string{"Go", "Rust"}, Interests: []string{"parsing"}})
	if err != nil {
		t.Fatal(err)
	}
	// Expected order, and why:
	//  1. fast/parser: healthy, Rust (a profile language, +60) and topic "parsing" (an interest, +40): fit 100.
	//  2. good/repo: equally healthy, Go (+60), no interest matched: fit 60.
	//  3. poor/repo: Go (+60) but health about 17.
	var got []string
	for _, r := range rep.Results {
		got = append(got, r.Repo)
	}
	if strings.Join(got, " ") != "fast/parser good/repo poor/repo" {
		t.Errorf("order = %v", got)
	}
	if len(rep.Queries) != 2 || !strings.Contains(rep.Queries[0], "language:Go") || len(rep.Notes) != 1 {
		t.Errorf("queries %v notes %v", rep.Queries, rep.Notes)
	}
	// Two searches, each with one activity request.
	if rep.Fetch.Requests != 4 {
		t.Errorf("requests = %d, want 4", rep.Fetch.Requests)
	}
	if rep.Results[0].Fit.Score != 100 || rep.Results[1].Fit.Score != 60 {
		t.Errorf("fits %+v %+v", rep.Results[0].Fit, rep.Results[1].Fit)
	}
}

func TestRepoHealth(t *testing.T) {
	s := githubtest.NewServer(t)
	s.ServeWorld(rankingWorld())
	h, info, err := service(t, s, true, "").RepoHealth(context.Background(), "good", "repo")
	if err != nil {
		t.Fatal(err)
	}
	// The world's open issues have waited 120 days for a maintainer, so
	// first response scores 0 of 20; the rest is nearly full.
	if info.Requests != 1 || len(h.Signals) != 8 || h.Score != 70 {
		t.Errorf("health %+v info %+v", h, info)
	}
}

func TestQueriesAndDurations(t *testing.T) {
	f := discovery.IssueFilter{HelpWanted: true, Labels: []string{"area: cli"}, Languages: []string{"go", "Go", "rust"},
		Topic: "terminal", Org: "acme", UpdatedWithin: 30 * 24 * time.Hour}
	got := discovery.IssueQueries(f, now)
	want := []string{
		`is:issue is:open archived:false no:assignee label:"help wanted" label:"area: cli" topic:terminal org:acme updated:>=2026-10-21 language:go`,
		`is:issue is:open archived:false no:assignee label:"help wanted" label:"area: cli" topic:terminal org:acme updated:>=2026-10-21 language:rust`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("queries:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if q := discovery.RepoQueries(discovery.RepoFilter{MinStars: 50, GoodFirst: true, Topic: "cli"}); q[0] != "archived:false fork:false topic:cli stars:>=50 good-first-issues:>0" {
		t.Errorf("repo query = %q", q[0])
	}
	for in, want := range map[string]time.Duration{"30d": 720 * time.Hour, "2w": 336 * time.Hour, "12h": 12 * time.Hour, "90m": 90 * time.Minute} {
		if got, err := discovery.ParseWithin(in); err != nil || got != want {
			t.Errorf("%s = %v %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "d", "0d", "-3d", "3y", "abc"} {
		if _, err := discovery.ParseWithin(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	for _, tt := range []struct {
		age  int
		want float64
	}{{0, 100}, {7, 100}, {180, 0}, {400, 0}} {
		if got, _ := discovery.Freshness(days(tt.age), now); got != tt.want {
			t.Errorf("freshness at %d days = %v, want %v", tt.age, got, tt.want)
		}
	}
	if got, _ := discovery.Freshness(days(100), now); got < 46 || got > 46.3 {
		t.Errorf("freshness at 100 days = %v", got)
	}
}

// FuzzParseWithin checks that any --updated-within value parses to a
// positive duration or fails with an error, never a panic.
func FuzzParseWithin(f *testing.F) {
	for _, s := range []string{"30d", "2w", "12h", "90m", "", "d", "-1d", "99999999999999999999d", "1y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := discovery.ParseWithin(s)
		if err == nil && d <= 0 {
			t.Errorf("%q parsed to %v", s, d)
		}
	})
}

func TestParseWithinBounds(t *testing.T) {
	if d, err := discovery.ParseWithin("3650d"); err != nil || d != 3650*24*time.Hour {
		t.Errorf("3650d = %v %v", d, err)
	}
	for _, s := range []string{"3651d", "5256001m", "9999999999d", "99999999999w"} {
		if d, err := discovery.ParseWithin(s); err == nil {
			t.Errorf("%s parsed to %v", s, d)
		}
	}
}
