package health

import (
	"math"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/model"
)

var now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func ago(d time.Duration) time.Time { return now.Add(-d) }

func ptr[T any](v T) *T { return &v }

func resp(assoc string, at time.Time) model.Response {
	return model.Response{Author: "m-" + assoc, AuthorAssociation: assoc, At: at}
}

func TestMedianFirstResponse(t *testing.T) {
	tests := []struct {
		name  string
		items []model.ActivityItem
		want  time.Duration
		n     int
		ok    bool
	}{
		{"none", nil, 0, 0, false},
		{
			// 1 day, 3 days and 5 days: the median is 3 days. The
			// contributor's reply and the author's own comment do not count.
			"odd", []model.ActivityItem{
				{Kind: "issue", Author: "a", AuthorAssociation: "NONE", CreatedAt: ago(10 * day), State: "open",
					Responses: []model.Response{resp("CONTRIBUTOR", ago(10*day-time.Hour)), resp("MEMBER", ago(9*day))}},
				{Kind: "pull", Author: "b", AuthorAssociation: "FIRST_TIME_CONTRIBUTOR", CreatedAt: ago(10 * day), State: "open",
					Responses: []model.Response{resp("OWNER", ago(5*day)), resp("MEMBER", ago(7*day))}},
				{Kind: "issue", Author: "c", AuthorAssociation: "NONE", CreatedAt: ago(10 * day), State: "closed",
					Responses: []model.Response{{Author: "c", AuthorAssociation: "COLLABORATOR", At: ago(9 * day)}, resp("COLLABORATOR", ago(5*day))}},
			}, 3 * day, 3, true,
		},
		{
			// Items opened by maintainers are left out; an open item
			// nobody answered counts with its age (4 days); a closed one
			// with no answer is left out. Median of 2 and 4 days is 3.
			"waiting", []model.ActivityItem{
				{Kind: "issue", AuthorAssociation: "MEMBER", CreatedAt: ago(30 * day), State: "open"},
				{Kind: "issue", Author: "x", AuthorAssociation: "NONE", CreatedAt: ago(4 * day), State: "open"},
				{Kind: "issue", Author: "y", AuthorAssociation: "NONE", CreatedAt: ago(50 * day), State: "closed"},
				{Kind: "pull", Author: "z", AuthorAssociation: "CONTRIBUTOR", CreatedAt: ago(6 * day), State: "merged",
					Responses: []model.Response{resp("MEMBER", ago(4*day))}},
			}, 3 * day, 2, true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n, ok := MedianFirstResponse(tt.items, now)
			if got != tt.want || n != tt.n || ok != tt.ok {
				t.Errorf("got %v over %d (%v), want %v over %d (%v)", got, n, ok, tt.want, tt.n, tt.ok)
			}
		})
	}
}

func TestNewcomerMerges(t *testing.T) {
	items := []model.ActivityItem{
		{Kind: "pull", Number: 1, AuthorAssociation: "CONTRIBUTOR", State: "merged", Merged: true},
		{Kind: "pull", Number: 1, AuthorAssociation: "CONTRIBUTOR", State: "merged", Merged: true}, // listed twice
		{Kind: "pull", Number: 2, AuthorAssociation: "FIRST_TIME_CONTRIBUTOR", State: "closed"},
		{Kind: "pull", Number: 3, AuthorAssociation: "FIRST_TIMER", State: "closed"},
		{Kind: "pull", Number: 4, AuthorAssociation: "FIRST_TIME_CONTRIBUTOR", State: "open"},
		{Kind: "pull", Number: 5, AuthorAssociation: "MEMBER", State: "merged", Merged: true},
		{Kind: "issue", Number: 6, AuthorAssociation: "CONTRIBUTOR", State: "closed"},
	}
	merged, closed := NewcomerMerges(items)
	if merged != 1 || closed != 3 {
		t.Errorf("merged %d of %d, want 1 of 3", merged, closed)
	}
}

func healthy() model.RepoSignals {
	return model.RepoSignals{
		FullName: "acme/tool", PushedAt: ago(2 * day), RecentCommits: ptr(42), CommitsSince: ago(90 * day),
		HasContributing: ptr(true), CIWorkflows: ptr(2), License: "MIT", CodeOfConduct: "Contributor Covenant",
		Activity: []model.ActivityItem{
			{Kind: "issue", Author: "a", AuthorAssociation: "NONE", CreatedAt: ago(5 * day), State: "open", Responses: []model.Response{resp("MEMBER", ago(5*day-time.Hour))}},
			{Kind: "pull", Number: 1, Author: "b", AuthorAssociation: "CONTRIBUTOR", CreatedAt: ago(9 * day), State: "merged", Merged: true},
			{Kind: "pull", Number: 2, Author: "c", AuthorAssociation: "CONTRIBUTOR", CreatedAt: ago(9 * day), State: "merged", Merged: true},
			{Kind: "pull", Number: 3, Author: "d", AuthorAssociation: "FIRST_TIME_CONTRIBUTOR", CreatedAt: ago(9 * day), State: "closed"},
			{Kind: "pull", Number: 4, Author: "e", AuthorAssociation: "CONTRIBUTOR", CreatedAt: ago(9 * day), State: "merged", Merged: true},
		},
	}
}

func signal(r Report, name string) Signal {
	for _, s := range r.Signals {
		if s.Name == name {
			return s
		}
	}
	return Signal{}
}

func TestAssess(t *testing.T) {
	// Everything present and active; 3 of 4 newcomer PRs merged: 11.3 of
	// 15 points; first response within 2 days (the one issue's
	// wait is one hour; merged PRs with no response are left out).
	r := Assess(healthy(), now)
	if got := signal(r, "newcomer_merges"); got.Points != 11.3 || got.Value != "3 of 4 (75%)" {
		t.Errorf("newcomer_merges = %+v", got)
	}
	if got := signal(r, "first_response"); got.Points != 20 || !got.Measured {
		t.Errorf("first_response = %+v", got)
	}
	if r.Score != 96 { // 96.3 of 100
		t.Errorf("score = %d, want 96; %+v", r.Score, r.Signals)
	}
	total := 0
	for _, s := range r.Signals {
		total += s.Max
	}
	if total != 100 {
		t.Errorf("weights sum to %d, want 100", total)
	}

	// Without activity (the REST path), the two activity signals are not
	// measured and the score is over the remaining 65 points.
	s := healthy()
	s.Activity = nil
	s.RecentCommits = ptr(4)       // 10 of 20
	s.PushedAt = ago(60 * day)     // 6 of 10
	s.HasContributing = ptr(false) // 0 of 10
	r = Assess(s, now)
	want := int(math.Round(100 * float64(10+6+0+10+10+5) / 65))
	if r.Score != want || len(r.Notes) != 1 {
		t.Errorf("score = %d, want %d; notes %v", r.Score, want, r.Notes)
	}
	if signal(r, "first_response").Measured || signal(r, "contributing").Value != "missing" {
		t.Errorf("signals = %+v", r.Signals)
	}

	// Archived scores 0 whatever else it has.
	s = healthy()
	s.Archived = true
	if r := Assess(s, now); r.Score != 0 {
		t.Errorf("archived score = %d", r.Score)
	}
}

func TestAssessBoundaries(t *testing.T) {
	tests := []struct {
		commits int
		pushed  time.Duration
		want    float64
	}{
		{30, 30 * day, 30}, {29, 31 * day, 21}, {10, 90 * day, 21}, {9, 91 * day, 12}, {3, 365 * day, 12}, {1, 366 * day, 5}, {0, 400 * day, 0},
	}
	for _, tt := range tests {
		s := model.RepoSignals{RecentCommits: ptr(tt.commits), PushedAt: ago(tt.pushed)}
		r := Assess(s, now)
		got := signal(r, "commit_activity").Points + signal(r, "last_push").Points
		if got != tt.want {
			t.Errorf("%d commits, pushed %v ago: %v points, want %v", tt.commits, tt.pushed, got, tt.want)
		}
	}
}
