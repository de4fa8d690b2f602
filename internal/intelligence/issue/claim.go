package issue

import (
	"fmt"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/model"
)

// ClaimWindow is how long a claim comment keeps an issue taken when
// nothing else (an assignee, a pull request) backs it.
const ClaimWindow = 30 * 24 * time.Hour

// Claim says whether someone is already working on an issue.
type Claim struct {
	Taken bool `json:"taken"`
	// Status is "assigned", "pull_request", "claimed" or "free".
	Status string `json:"status"`
	// By is the login of who has it, and Since when (zero when unknown,
	// as for an assignment GitHub's issue does not date).
	By    string     `json:"by,omitempty"`
	Since *time.Time `json:"since,omitempty"`
	// Evidence lists every signal considered, including claims that have
	// lapsed or were given up and pull requests that were closed.
	Evidence []Evidence `json:"evidence"`
}

var (
	reClaim   = lazyRegexp(`(?i)(^|\n)\s*/(assign|claim|take)\b|\b(i'?d|i would|i'd really|i'd love to|i want to|i wanna|i will|i'll|let me)\s+(like to\s+|love to\s+)?(work on|take|pick up|handle|tackle|fix|try|give it a (try|shot|go))\b|\b(can|could|may)\s+i\s+(please\s+)?(work on|take|pick up|be assigned|get assigned|handle|tackle|try)\b|\bi'?\s?a?m\s+(currently\s+|already\s+|now\s+)?working on (it|this|a fix|a pr|the fix)\b|\bassign (it|this|this issue) to me\b|\bplease assign( me|.{0,20}\bto me)\b|\bi('ll| will) (submit|open|send|raise|create) a (pr|pull request|fix)\b`)
	reRelease = lazyRegexp(`(?i)(^|\n)\s*/unassign\b|\b(unassign(ing)? (myself|me)|no longer (working|able|have time)|(won'?t|will not|can'?t|cannot|can not) (be able to )?(work on|continue|finish|get to)|feel free to (take|pick|work)|(anyone|someone) (else )?(can|could) (take|pick)|releasing (this|it)|giving (this|it) up|i('m| am) (dropping|stepping away|not working))\b`)
)

// DetectClaim decides whether an issue is taken: an assignee, an open
// linked pull request, or a claim comment within window of now that the
// claimant has not given up since.
func DetectClaim(iss model.Issue, comments []model.Comment, now time.Time, window time.Duration) Claim {
	c := Claim{Status: "free"}
	if len(iss.Assignees) > 0 {
		c.Taken, c.Status, c.By = true, "assigned", iss.Assignees[0]
		c.Evidence = append(c.Evidence, Evidence{Signal: "assignee", Source: "issue", Text: "assigned to @" + strings.Join(iss.Assignees, ", @")})
	}
	for _, pr := range iss.LinkedPRs {
		open := strings.EqualFold(pr.State, "open") && !pr.Merged
		desc := fmt.Sprintf("%s#%d (%s) by @%s", pr.Repo, pr.Number, prState(pr), pr.Author)
		c.Evidence = append(c.Evidence, Evidence{Signal: "linked pull request", Source: pr.URL, Text: desc})
		if open && !c.Taken {
			c.Taken, c.Status, c.By = true, "pull_request", pr.Author
		}
	}
	claim := latestClaim(comments)
	if claim == nil {
		return c
	}
	when := claim.CreatedAt
	src := fmt.Sprintf("comment by @%s on %s", claim.Author, when.Format("2006-01-02"))
	switch {
	case claim.released != nil:
		c.Evidence = append(c.Evidence, Evidence{Signal: "claim given up", Source: src, Text: firstLine(claim.released.Body)})
	case window > 0 && now.Sub(when) > window:
		c.Evidence = append(c.Evidence, Evidence{Signal: "claim lapsed", Source: src, Text: fmt.Sprintf("%s (more than %d days ago)", firstLine(claim.Body), int(window.Hours()/24))})
	default:
		c.Evidence = append(c.Evidence, Evidence{Signal: "claim comment", Source: src, Text: firstLine(claim.Body)})
		if !c.Taken {
			c.Taken, c.Status, c.By = true, "claimed", claim.Author
			c.Since = &when
		}
	}
	return c
}

type claimComment struct {
	model.Comment
	released *model.Comment
}

// latestClaim finds the last claim comment and whether its author later
// gave it up. A later comment by a maintainer that unassigns or reopens
// the issue to others also releases it.
func latestClaim(comments []model.Comment) *claimComment {
	var last *claimComment
	for i := range comments {
		cm := comments[i]
		body := stripQuotes(cm.Body)
		if last != nil && last.released == nil && reRelease().MatchString(body) &&
			(strings.EqualFold(cm.Author, last.Author) || isMaintainer(cm.AuthorAssociation)) {
			last.released = &comments[i]
			continue
		}
		if reClaim().MatchString(body) && !isMaintainer(cm.AuthorAssociation) {
			last = &claimComment{Comment: cm}
		}
	}
	return last
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
