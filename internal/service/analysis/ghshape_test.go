package analysis

import (
	"testing"
	"time"
)

// ghView is what `gh issue view 42 --json
// title,body,comments,labels,assignees,author,state,url,number,createdAt`
// writes: camelCase names, authors as objects, node ids as strings.
const ghView = `{
  "assignees": [],
  "author": {"id": "MDQ6VXNlcjE=", "is_bot": false, "login": "reporter", "name": "Rep"},
  "body": "The parser drops the last line.",
  "comments": [
    {"id": "IC_kwDOAbc", "author": {"login": "ana"}, "authorAssociation": "NONE", "body": "Hi! Can I take this one?",
     "createdAt": "2025-05-30T10:00:00Z", "includesCreatedEdit": false, "isMinimized": false, "minimizedReason": "",
     "reactionGroups": [], "url": "https://github.com/o/r/issues/42#issuecomment-1", "viewerDidAuthor": false}
  ],
  "createdAt": "2025-05-20T08:00:00Z",
  "labels": [{"id": "LA_1", "name": "good first issue", "description": "", "color": "7057ff"}],
  "number": 42,
  "state": "OPEN",
  "title": "Parser drops the last line",
  "url": "https://github.com/o/r/issues/42"
}`

func TestGhIssueViewShape(t *testing.T) {
	in, err := ParseIssueFile([]byte(ghView), "issue.json")
	if err != nil {
		t.Fatal(err)
	}
	iss := in.Issue
	if iss.Repo != "o/r" || iss.Number != 42 || iss.State != "open" || iss.Author != "reporter" || iss.URL != "https://github.com/o/r/issues/42" {
		t.Errorf("issue read as %+v", iss)
	}
	if len(iss.Labels) != 1 || iss.Labels[0].Name != "good first issue" || iss.CreatedAt.IsZero() {
		t.Errorf("labels %v, created %v", iss.Labels, iss.CreatedAt)
	}
	if len(in.Comments) != 1 {
		t.Fatalf("%d comments, want 1", len(in.Comments))
	}
	c := in.Comments[0]
	if c.Author != "ana" || c.AuthorAssociation != "NONE" || c.CreatedAt.IsZero() || c.URL == "" {
		t.Errorf("comment read as %+v", c)
	}
	rep, err := AnalyzeIssue(in, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Claimed || rep.Claim.Status != "claimed" || rep.Claim.By != "ana" || rep.Claim.URL != c.URL || rep.Claim.Phrase == "" {
		t.Errorf("claim = %v %+v", rep.Claimed, rep.Claim)
	}
	// The same claim a month later, with claim_days 14, has lapsed.
	in.ClaimDays = 14
	rep, err = AnalyzeIssue(in, time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Claimed || rep.Claim.Status != "lapsed" {
		t.Errorf("a month on: claimed=%v status=%s", rep.Claimed, rep.Claim.Status)
	}
}
