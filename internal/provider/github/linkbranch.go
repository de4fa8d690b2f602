package github

import (
	"context"
	"fmt"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// IssueLinkedBranchesQuery reads the node ids an issue's linked branch
// needs and the branches already linked to it.
const IssueLinkedBranchesQuery = `query IssueLinkedBranches($owner: String!, $repo: String!, $number: Int!) {
  repository(owner: $owner, name: $repo) {
    id
    issue(number: $number) {
      id
      linkedBranches(first: 50) {
        nodes { ref { name repository { nameWithOwner } } }
      }
    }
  }
}`

// CreateLinkedBranchMutation creates a branch linked to an issue.
const CreateLinkedBranchMutation = `mutation CreateLinkedBranch($input: CreateLinkedBranchInput!) {
  createLinkedBranch(input: $input) {
    linkedBranch { id ref { name } }
  }
}`

type issueLinksData struct {
	Repository *struct {
		ID    string `json:"id"`
		Issue *struct {
			ID             string `json:"id"`
			LinkedBranches struct {
				Nodes []struct {
					Ref *struct {
						Name       string `json:"name"`
						Repository struct {
							NameWithOwner string `json:"nameWithOwner"`
						} `json:"repository"`
					} `json:"ref"`
				} `json:"nodes"`
			} `json:"linkedBranches"`
		} `json:"issue"`
	} `json:"repository"`
}

type createLinkedData struct {
	CreateLinkedBranch *struct {
		LinkedBranch *struct {
			ID  string `json:"id"`
			Ref *struct {
				Name string `json:"name"`
			} `json:"ref"`
		} `json:"linkedBranch"`
	} `json:"createLinkedBranch"`
}

// CreateLinkedBranch creates the branch named branch on owner/repo at the
// commit oid, linked to issue number (it shows under the issue's
// "Development"). GitHub links only branches it creates this way, so it
// must run before the branch is first pushed; the push then moves the
// branch on from oid. A branch already linked to the issue is left alone
// (nil), so a repeated call is safe. It needs a token: GraphQL has no
// anonymous access.
func (c *Client) CreateLinkedBranch(ctx context.Context, owner, repo string, number int, branch, oid string) error {
	what := fmt.Sprintf("the branch %s linked to %s/%s#%d", branch, owner, repo, number)
	if c.anonymous {
		return errcode.New(errcode.ProviderAuthMissing, "GitHub links a branch to an issue only for a signed-in user, and no token is set",
			"sign in with 'gh auth login' or set GH_TOKEN")
	}
	if strings.TrimSpace(branch) == "" || strings.TrimSpace(oid) == "" {
		return errcode.New(errcode.InvalidInput, "a linked branch needs a name and a commit", "name the branch and the commit it starts at")
	}
	var data issueLinksData
	vars := map[string]any{"owner": owner, "repo": repo, "number": number}
	if err := c.graphql(ctx, IssueLinkedBranchesQuery, vars, &data, "the issue of "+what); err != nil {
		return err
	}
	if data.Repository == nil || data.Repository.Issue == nil {
		return errcode.New(errcode.NotFound, fmt.Sprintf("GitHub has no issue %s/%s#%d", owner, repo, number), "check the owner, repository and number")
	}
	full := owner + "/" + repo
	for _, n := range data.Repository.Issue.LinkedBranches.Nodes {
		if n.Ref != nil && n.Ref.Name == branch && (n.Ref.Repository.NameWithOwner == "" || strings.EqualFold(n.Ref.Repository.NameWithOwner, full)) {
			return nil
		}
	}
	input := map[string]any{"issueId": data.Repository.Issue.ID, "repositoryId": data.Repository.ID, "name": branch, "oid": oid}
	var out createLinkedData
	if err := c.graphql(ctx, CreateLinkedBranchMutation, map[string]any{"input": input}, &out, what); err != nil {
		return err
	}
	if out.CreateLinkedBranch == nil || out.CreateLinkedBranch.LinkedBranch == nil {
		return errcode.New(errcode.ProviderBadResponse, "GitHub did not create "+what, "check that your token may push to "+full)
	}
	return nil
}
