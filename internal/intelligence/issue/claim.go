package issue

import (
	"fmt"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/intelligence/claim"
	"github.com/oss-dev/oss-dev/internal/model"
)

// DefaultClaimDays is how long a claim comment keeps an issue taken with
// no activity from the claimant and no linked pull request; the
// discovery.claim_days setting changes it.
const DefaultClaimDays = 14

// ClaimWindow is DefaultClaimDays as a duration.
const ClaimWindow = DefaultClaimDays * 24 * time.Hour

// The claim statuses.
const (
	StatusFree        = "free"
	StatusClaimed     = "claimed"
	StatusLapsed      = "lapsed"
	StatusAssigned    = "assigned"
	StatusPullRequest = "pull_request"
)

// Claim says whether someone is already working on an issue.
type Claim struct {
	Taken bool `json:"taken"`
	// Status is "assigned", "pull_request", "claimed", "lapsed" (a claim
	// comment older than the window with no activity since) or "free".
	Status string `json:"status"`
	// By is the login of who has it, and Since when (zero when unknown,
	// as for an assignment GitHub's issue does not date).
	By    string     `json:"by,omitempty"`
	Since *time.Time `json:"since,omitempty"`
	// URL is the claim comment's (or the pull request's) link and Phrase
	// the words that decided it; Source says what the claim rests on:
	// "comment", "command" (a bot command), "assignee" or "pull_request".
	URL    string `json:"url,omitempty"`
	Phrase string `json:"phrase,omitempty"`
	Source string `json:"source,omitempty"`
	// LastActive is the claimant's latest comment, from which a claim lapses.
	LastActive *time.Time `json:"last_active,omitempty"`
	// Evidence lists every signal considered, including claims that have
	// lapsed or were given up and pull requests that were closed.
	Evidence []Evidence `json:"evidence"`
}

// DetectClaim decides whether an issue is taken: an assignee, an open
// linked pull request, or a claim comment whose author has been active
// within window of now and has not given it up since. A claim ends when
// its author withdraws or unassigns, or a maintainer unassigns.
func DetectClaim(iss model.Issue, comments []model.Comment, now time.Time, window time.Duration) Claim {
	c := Claim{Status: StatusFree}
	if len(iss.Assignees) > 0 {
		c.Taken, c.Status, c.By, c.Source = true, StatusAssigned, iss.Assignees[0], "assignee"
		c.Evidence = append(c.Evidence, Evidence{Signal: "assignee", Source: "issue", Text: "assigned to @" + strings.Join(iss.Assignees, ", @")})
	}
	for _, pr := range iss.LinkedPRs {
		open := strings.EqualFold(pr.State, "open") && !pr.Merged
		desc := fmt.Sprintf("%s#%d (%s) by @%s", pr.Repo, pr.Number, prState(pr), pr.Author)
		c.Evidence = append(c.Evidence, Evidence{Signal: "linked pull request", Source: pr.URL, Text: desc})
		if open && !c.Taken {
			c.Taken, c.Status, c.By, c.Source, c.URL = true, StatusPullRequest, pr.Author, "pull_request", pr.URL
		}
	}
	cl := latestClaim(comments)
	if cl == nil {
		return c
	}
	src := fmt.Sprintf("comment by @%s on %s", cl.Author, cl.CreatedAt.Format("2006-01-02"))
	switch {
	case cl.released != nil:
		c.Evidence = append(c.Evidence, Evidence{Signal: "claim given up", Source: src, Text: firstLine(cl.released.Body)})
	case window > 0 && now.Sub(cl.lastActive) > window:
		c.Evidence = append(c.Evidence, Evidence{Signal: "claim lapsed", Source: src, Text: fmt.Sprintf("%s (no activity for more than %d days)", cl.phrase, int(window.Hours()/24))})
		if !c.Taken {
			c.Status = StatusLapsed
			c.fill(cl)
		}
	default:
		c.Evidence = append(c.Evidence, Evidence{Signal: "claim comment", Source: src, Text: cl.phrase})
		if !c.Taken {
			c.Taken, c.Status = true, StatusClaimed
			c.fill(cl)
		}
	}
	return c
}

// fill copies who, when, where and why from a claim comment.
func (c *Claim) fill(cl *claimComment) {
	when, active := cl.CreatedAt, cl.lastActive
	c.By, c.Since, c.URL, c.Phrase, c.Source, c.LastActive = cl.Author, &when, cl.URL, cl.phrase, cl.source, &active
}

type claimComment struct {
	model.Comment
	phrase, source string
	lastActive     time.Time
	released       *model.Comment
}

// latestClaim finds the last claim comment, the claimant's latest activity
// after it, and whether the claim was given up: a withdrawal or unassign
// by the claimant, or an unassign by a maintainer.
func latestClaim(comments []model.Comment) *claimComment {
	var last *claimComment
	for i := range comments {
		cm := comments[i]
		v, err := claim.Detect(cm.Body, cm.Author)
		if err != nil {
			continue // the embedded model is part of the binary; without it no comment claims
		}
		mine := last != nil && strings.EqualFold(cm.Author, last.Author)
		if last != nil && last.released == nil && v.Release && (mine || isMaintainer(cm.AuthorAssociation)) {
			last.released = &comments[i]
			continue
		}
		if v.Claim {
			last = &claimComment{Comment: cm, phrase: v.Phrase, source: claimSource(v), lastActive: cm.CreatedAt}
			continue
		}
		if mine && cm.CreatedAt.After(last.lastActive) {
			last.lastActive = cm.CreatedAt
		}
	}
	return last
}

func claimSource(v claim.Verdict) string {
	if v.Source == "command" {
		return "command"
	}
	return "comment"
}

// stripQuotes drops quoted lines, so quoting someone's claim is not one.
func stripQuotes(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), ">") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

func prState(pr model.LinkedPR) string {
	switch {
	case pr.Merged:
		return "merged"
	case pr.Draft && strings.EqualFold(pr.State, "open"):
		return "draft"
	}
	return strings.ToLower(pr.State)
}

func firstLine(s string) string {
	s = strings.TrimSpace(stripQuotes(s))
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 160 {
		cut := 160
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return strings.TrimSpace(s)
}
