package issue

import (
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/model"
)

func TestDetectClaim(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	comment := func(author, assoc, body string, ago time.Duration) model.Comment {
		return model.Comment{Author: author, AuthorAssociation: assoc, Body: body, CreatedAt: now.Add(-ago)}
	}
	tests := []struct {
		name       string
		iss        model.Issue
		comments   []model.Comment
		wantTaken  bool
		wantStatus string
		wantBy     string
	}{
		{name: "free", iss: model.Issue{}, comments: []model.Comment{comment("a", "NONE", "Same problem here.", day)}, wantStatus: "free"},
		{name: "claimed", comments: []model.Comment{comment("ana", "CONTRIBUTOR", "Hi! I'd like to work on this.", 2*day)}, wantTaken: true, wantStatus: "claimed", wantBy: "ana"},
		{name: "can I take", comments: []model.Comment{comment("bo", "NONE", "Can I take this one?", day)}, wantTaken: true, wantStatus: "claimed", wantBy: "bo"},
		{name: "slash assign", comments: []model.Comment{comment("cy", "NONE", "/assign", day)}, wantTaken: true, wantStatus: "claimed", wantBy: "cy"},
		{name: "working on it", comments: []model.Comment{comment("di", "NONE", "I'm working on it, PR soon", day)}, wantTaken: true, wantStatus: "claimed", wantBy: "di"},
		{name: "claimed then abandoned", comments: []model.Comment{
			comment("ana", "NONE", "I'd like to work on this", 10*day),
			comment("ana", "NONE", "Sorry, I won't be able to finish this, feel free to take it.", 3*day),
		}, wantStatus: "free"},
		{name: "claimed, unassigned by a maintainer", comments: []model.Comment{
			comment("ana", "NONE", "/assign", 10*day),
			comment("lead", "MEMBER", "/unassign due to inactivity", 3*day),
		}, wantStatus: "free"},
		{name: "claim lapsed", comments: []model.Comment{comment("old", "NONE", "I'll work on this", 90*day)}, wantStatus: "lapsed", wantBy: "old"},
		{name: "claim kept alive by the claimant's activity", comments: []model.Comment{
			comment("ana", "NONE", "Can I take this one?", 40*day),
			comment("ana", "NONE", "Still at it, the tests need more time than I thought.", 3*day),
		}, wantTaken: true, wantStatus: "claimed", wantBy: "ana"},
		{name: "activity by others does not keep a claim alive", comments: []model.Comment{
			comment("ana", "NONE", "Can I take this one?", 40*day),
			comment("bo", "NONE", "Any update on this?", 3*day),
		}, wantStatus: "lapsed", wantBy: "ana"},
		{name: "maintainer hands the issue to someone else", comments: []model.Comment{comment("lead", "MEMBER", "@bo you are assigned, go ahead!", day)}, wantStatus: "free"},
		{name: "quoted claim is not a claim", comments: []model.Comment{comment("eve", "NONE", "> I'd like to work on this\nAny news?", day)}, wantStatus: "free"},
		{name: "maintainer taking it on is a claim", comments: []model.Comment{comment("lead", "OWNER", "I'll fix this in the next release.", day)}, wantTaken: true, wantStatus: "claimed", wantBy: "lead"},
		{name: "assigned", iss: model.Issue{Assignees: []string{"zed"}}, wantTaken: true, wantStatus: "assigned", wantBy: "zed"},
		{name: "open PR", iss: model.Issue{LinkedPRs: []model.LinkedPR{{Number: 9, Repo: "o/r", State: "open", Author: "pat", URL: "https://github.com/o/r/pull/9"}}}, wantTaken: true, wantStatus: "pull_request", wantBy: "pat"},
		{name: "closed PR", iss: model.Issue{LinkedPRs: []model.LinkedPR{{Number: 9, Repo: "o/r", State: "closed", Author: "pat"}}}, wantStatus: "free"},
		{name: "merged PR", iss: model.Issue{LinkedPRs: []model.LinkedPR{{Number: 9, Repo: "o/r", State: "closed", Merged: true, Author: "pat"}}}, wantStatus: "free"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DetectClaim(tt.iss, tt.comments, now, ClaimWindow)
			if c.Taken != tt.wantTaken || c.Status != tt.wantStatus || c.By != tt.wantBy {
				t.Errorf("got taken=%v status=%s by=%q, want %v %s %q; evidence %+v", c.Taken, c.Status, c.By, tt.wantTaken, tt.wantStatus, tt.wantBy, c.Evidence)
			}
			if (c.Status == "claimed" || c.Status == "lapsed") && (c.Since == nil || c.Since.IsZero() || c.Phrase == "") {
				t.Errorf("a claim must say when it was made and which words decided it: %+v", c)
			}
			if len(tt.comments)+len(tt.iss.LinkedPRs)+len(tt.iss.Assignees) > 0 && c.Status == "free" && tt.name != "free" && tt.name != "quoted claim is not a claim" && tt.name != "maintainer hands the issue to someone else" && len(c.Evidence) == 0 {
				t.Error("a free verdict over a lapsed or released claim or a closed PR must show its evidence")
			}
		})
	}
}
