package github

import (
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/model"
)

type gqlLogin struct {
	Login string `json:"login"`
}

func loginOf(l *gqlLogin) string {
	if l == nil {
		return "ghost" // GitHub's name for a deleted account
	}
	return l.Login
}

type gqlCount struct {
	TotalCount int `json:"totalCount"`
}

type gqlObjectID struct {
	ID string `json:"id"`
}

type gqlRepo struct {
	NameWithOwner    string    `json:"nameWithOwner"`
	Description      string    `json:"description"`
	URL              string    `json:"url"`
	StargazerCount   int       `json:"stargazerCount"`
	ForkCount        int       `json:"forkCount"`
	IsArchived       bool      `json:"isArchived"`
	IsFork           bool      `json:"isFork"`
	HasIssuesEnabled bool      `json:"hasIssuesEnabled"`
	PushedAt         time.Time `json:"pushedAt"`
	PrimaryLanguage  *struct {
		Name string `json:"name"`
	} `json:"primaryLanguage"`
	LicenseInfo *struct {
		SpdxID string `json:"spdxId"`
		Name   string `json:"name"`
	} `json:"licenseInfo"`
	CodeOfConduct *struct {
		Name string `json:"name"`
	} `json:"codeOfConduct"`
	RepositoryTopics *struct {
		Nodes []struct {
			Topic struct {
				Name string `json:"name"`
			} `json:"topic"`
		} `json:"nodes"`
	} `json:"repositoryTopics"`
	ContributingRoot   *gqlObjectID `json:"contributingRoot"`
	ContributingGitHub *gqlObjectID `json:"contributingGitHub"`
	ContributingDocs   *gqlObjectID `json:"contributingDocs"`
	Workflows          *struct {
		Entries []struct {
			Name string `json:"name"`
		} `json:"entries"`
	} `json:"workflows"`
	OpenIssues       *gqlCount `json:"openIssues"`
	OpenPRs          *gqlCount `json:"openPRs"`
	GoodFirst        *gqlCount `json:"goodFirst"`
	DefaultBranchRef *struct {
		Name   string `json:"name"`
		Target *struct {
			History *gqlCount `json:"history"`
		} `json:"target"`
	} `json:"defaultBranchRef"`

	RecentIssues *gqlActivityConn `json:"recentIssues"`
	RecentPRs    *gqlActivityConn `json:"recentPRs"`
	ClosedPRs    *gqlActivityConn `json:"closedPRs"`
}

type gqlActivityConn struct {
	Nodes []gqlActivity `json:"nodes"`
}

type gqlResponse struct {
	CreatedAt         time.Time  `json:"createdAt"`
	SubmittedAt       *time.Time `json:"submittedAt"`
	AuthorAssociation string     `json:"authorAssociation"`
	Author            *gqlLogin  `json:"author"`
}

type gqlActivity struct {
	Number            int       `json:"number"`
	CreatedAt         time.Time `json:"createdAt"`
	State             string    `json:"state"`
	Merged            bool      `json:"merged"`
	AuthorAssociation string    `json:"authorAssociation"`
	Author            *gqlLogin `json:"author"`
	Comments          *struct {
		Nodes []gqlResponse `json:"nodes"`
	} `json:"comments"`
	Reviews *struct {
		Nodes []gqlResponse `json:"nodes"`
	} `json:"reviews"`
}

// signals converts the repoSignals fragment; since is the start of the
// commit window the query asked about.
func (r *gqlRepo) signals(since time.Time) model.RepoSignals {
	s := model.RepoSignals{
		FullName: r.NameWithOwner, Description: r.Description, URL: r.URL,
		Stars: r.StargazerCount, Forks: r.ForkCount, Archived: r.IsArchived, Fork: r.IsFork,
		HasIssues: r.HasIssuesEnabled, PushedAt: r.PushedAt,
	}
	if r.PrimaryLanguage != nil {
		s.Language = r.PrimaryLanguage.Name
	}
	if r.LicenseInfo != nil {
		s.License = r.LicenseInfo.SpdxID
		if s.License == "" || s.License == "NOASSERTION" {
			s.License = r.LicenseInfo.Name
		}
	}
	if r.CodeOfConduct != nil {
		s.CodeOfConduct = r.CodeOfConduct.Name
	}
	if r.RepositoryTopics != nil {
		for _, n := range r.RepositoryTopics.Nodes {
			s.Topics = append(s.Topics, n.Topic.Name)
		}
	}
	has := r.ContributingRoot != nil || r.ContributingGitHub != nil || r.ContributingDocs != nil
	s.HasContributing = &has
	ci := 0
	if r.Workflows != nil {
		for _, e := range r.Workflows.Entries {
			if strings.HasSuffix(e.Name, ".yml") || strings.HasSuffix(e.Name, ".yaml") {
				ci++
			}
		}
	}
	s.CIWorkflows = &ci
	if r.OpenIssues != nil {
		s.OpenIssues = r.OpenIssues.TotalCount
	}
	if r.OpenPRs != nil {
		s.OpenPRs = r.OpenPRs.TotalCount
	}
	if r.GoodFirst != nil {
		s.GoodFirstIssues = r.GoodFirst.TotalCount
	}
	if d := r.DefaultBranchRef; d != nil && d.Target != nil && d.Target.History != nil {
		n := d.Target.History.TotalCount
		s.RecentCommits = &n
		s.CommitsSince = since.UTC()
	} else if r.DefaultBranchRef == nil {
		// An empty repository has no default branch and so no commits.
		n := 0
		s.RecentCommits = &n
		s.CommitsSince = since.UTC()
	}
	return s
}

// activity converts the activity fragment, or returns nil when the query
// did not ask for it.
func (r *gqlRepo) activity() []model.ActivityItem {
	if r.RecentIssues == nil && r.RecentPRs == nil && r.ClosedPRs == nil {
		return nil
	}
	out := []model.ActivityItem{}
	seen := map[int]bool{}
	add := func(kind string, conn *gqlActivityConn) {
		if conn == nil {
			return
		}
		for _, a := range conn.Nodes {
			if kind == "pull" && seen[a.Number] {
				continue // a recent pull request may also be recently closed
			}
			if kind == "pull" {
				seen[a.Number] = true
			}
			item := model.ActivityItem{Kind: kind, Number: a.Number, Author: loginOf(a.Author),
				AuthorAssociation: a.AuthorAssociation, CreatedAt: a.CreatedAt, State: strings.ToLower(a.State), Merged: a.Merged}
			if a.Comments != nil {
				item.Responses = appendResponses(item.Responses, a.Comments.Nodes)
			}
			if a.Reviews != nil {
				item.Responses = appendResponses(item.Responses, a.Reviews.Nodes)
			}
			out = append(out, item)
		}
	}
	add("issue", r.RecentIssues)
	add("pull", r.RecentPRs)
	add("pull", r.ClosedPRs)
	return out
}

func appendResponses(out []model.Response, nodes []gqlResponse) []model.Response {
	for _, n := range nodes {
		at := n.CreatedAt
		if n.SubmittedAt != nil && !n.SubmittedAt.IsZero() {
			at = *n.SubmittedAt
		}
		out = append(out, model.Response{Author: loginOf(n.Author), AuthorAssociation: n.AuthorAssociation, At: at})
	}
	return out
}

type gqlIssue struct {
	Typename          string    `json:"__typename"`
	Number            int       `json:"number"`
	Title             string    `json:"title"`
	Body              string    `json:"body"`
	URL               string    `json:"url"`
	State             string    `json:"state"`
	Locked            bool      `json:"locked"`
	CreatedAt         time.Time `json:"createdAt"`
	UpdatedAt         time.Time `json:"updatedAt"`
	AuthorAssociation string    `json:"authorAssociation"`
	Author            *gqlLogin `json:"author"`
	Labels            *struct {
		Nodes []struct {
			Name string `json:"name"`
		} `json:"nodes"`
	} `json:"labels"`
	Assignees *struct {
		Nodes []gqlLogin `json:"nodes"`
	} `json:"assignees"`
	Comments *struct {
		TotalCount int `json:"totalCount"`
		Nodes      []struct {
			DatabaseID        int64     `json:"databaseId"`
			URL               string    `json:"url"`
			Body              string    `json:"body"`
			CreatedAt         time.Time `json:"createdAt"`
			AuthorAssociation string    `json:"authorAssociation"`
			Author            *gqlLogin `json:"author"`
		} `json:"nodes"`
	} `json:"comments"`
	TimelineItems *struct {
		Nodes []struct {
			Typename string     `json:"__typename"`
			Subject  *graphqlPR `json:"subject"`
			Source   *graphqlPR `json:"source"`
		} `json:"nodes"`
	} `json:"timelineItems"`
	Repository *gqlRepo `json:"repository"`
}

func (g *gqlIssue) discovered() model.DiscoveredIssue {
	is := model.Issue{
		Number: g.Number, Title: g.Title, Body: g.Body, URL: g.URL, State: strings.ToLower(g.State),
		Locked: g.Locked, CreatedAt: g.CreatedAt, UpdatedAt: g.UpdatedAt, Author: loginOf(g.Author),
		AuthorAssociation: g.AuthorAssociation, Labels: []model.Label{}, Assignees: []string{},
	}
	if g.Repository != nil {
		is.Repo = g.Repository.NameWithOwner
	}
	if g.Labels != nil {
		for _, l := range g.Labels.Nodes {
			is.Labels = append(is.Labels, model.Label{Name: l.Name})
		}
	}
	if g.Assignees != nil {
		for _, a := range g.Assignees.Nodes {
			is.Assignees = append(is.Assignees, a.Login)
		}
	}
	comments := []model.Comment{}
	if g.Comments != nil {
		is.Comments = g.Comments.TotalCount
		for _, c := range g.Comments.Nodes {
			comments = append(comments, model.Comment{ID: c.DatabaseID, Author: loginOf(c.Author),
				AuthorAssociation: c.AuthorAssociation, Body: c.Body, CreatedAt: c.CreatedAt, URL: c.URL})
		}
	}
	seen := map[string]bool{}
	if g.TimelineItems != nil {
		for _, n := range g.TimelineItems.Nodes {
			pr := n.Subject
			if n.Typename == "CrossReferencedEvent" {
				pr = n.Source
			}
			if pr == nil || pr.Number == 0 {
				continue
			}
			l := model.LinkedPR{Number: pr.Number, Repo: pr.Repository.NameWithOwner, State: strings.ToLower(pr.State),
				Merged: pr.Merged, Draft: pr.IsDraft, URL: pr.URL}
			if pr.Author != nil {
				l.Author = pr.Author.Login
			}
			is.LinkedPRs = appendLinked(is.LinkedPRs, seen, l)
		}
	}
	return model.DiscoveredIssue{Issue: is, Comments: comments, Checked: true}
}
