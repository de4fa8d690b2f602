package github_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/github"
	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
)

func TestLinkedBranchQueriesValidate(t *testing.T) {
	if _, err := githubtest.ValidateGraphQL(t, github.IssueLinkedBranchesQuery, map[string]any{"owner": "acme", "repo": "widget", "number": 7}); err != nil {
		t.Fatal(err)
	}
	input := map[string]any{"issueId": "I_1", "repositoryId": "R_1", "name": "fix-7", "oid": "0123456789abcdef0123456789abcdef01234567"}
	if _, err := githubtest.ValidateGraphQL(t, github.CreateLinkedBranchMutation, map[string]any{"input": input}); err != nil {
		t.Fatal(err)
	}
	// The input type is checked too: a field GitHub does not have fails.
	input["branch"] = "fix-7"
	if _, err := githubtest.ValidateGraphQL(t, github.CreateLinkedBranchMutation, map[string]any{"input": input}); err == nil {
		t.Fatal("an unknown input field validated")
	}
}

// linkServer answers the issue query with the given linked branch names and
// records the mutation's input.
func linkServer(t *testing.T, linked []string, mutation func(input map[string]any) githubtest.Response) (*githubtest.Server, *[]map[string]any) {
	s := githubtest.NewServer(t)
	var inputs []map[string]any
	s.HandleGraphQL("IssueLinkedBranches", func(q *githubtest.GraphQLRequest) githubtest.Response {
		var nodes []any
		for _, n := range linked {
			nodes = append(nodes, map[string]any{"ref": map[string]any{"name": n, "repository": map[string]any{"nameWithOwner": "acme/widget"}}})
		}
		return githubtest.GraphQLData(map[string]any{"repository": map[string]any{"id": "R_widget",
			"issue": map[string]any{"id": "I_seven", "linkedBranches": map[string]any{"nodes": nodes}}}})
	})
	s.HandleGraphQL("CreateLinkedBranch", func(q *githubtest.GraphQLRequest) githubtest.Response {
		raw, _ := json.Marshal(q.Variables["input"])
		var in map[string]any
		_ = json.Unmarshal(raw, &in)
		inputs = append(inputs, in)
		return mutation(in)
	})
	return s, &inputs
}

func linked(in map[string]any) githubtest.Response {
	return githubtest.GraphQLData(map[string]any{"createLinkedBranch": map[string]any{
		"linkedBranch": map[string]any{"id": "LB_1", "ref": map[string]any{"name": in["name"]}}}})
}

func TestCreateLinkedBranch(t *testing.T) {
	const oid = "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		name      string
		linked    []string
		mutation  func(map[string]any) githubtest.Response
		authed    bool
		wantCode  errcode.Code
		mutations int
	}{
		{"creates and links", nil, linked, true, "", 1},
		{"already linked", []string{"oss-dev/7-fix"}, linked, true, "", 0},
		{"another branch linked", []string{"someone-else"}, linked, true, "", 1},
		{"GitHub refuses", nil, func(map[string]any) githubtest.Response {
			return githubtest.GraphQLErrors("Reference already exists")
		}, true, errcode.ProviderFailed, 1},
		{"no token", nil, linked, false, errcode.ProviderAuthMissing, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, inputs := linkServer(t, tt.linked, tt.mutation)
			c := newClient(t, s, tt.authed)
			err := c.CreateLinkedBranch(context.Background(), "acme", "widget", 7, "oss-dev/7-fix", oid)
			if tt.wantCode == "" && err != nil || tt.wantCode != "" && !errcode.HasCode(err, tt.wantCode) {
				t.Fatalf("err = %v, want %q", err, tt.wantCode)
			}
			if len(*inputs) != tt.mutations {
				t.Fatalf("%d mutations, want %d", len(*inputs), tt.mutations)
			}
			if tt.mutations == 1 {
				in := (*inputs)[0]
				if in["issueId"] != "I_seven" || in["repositoryId"] != "R_widget" || in["name"] != "oss-dev/7-fix" || in["oid"] != oid {
					t.Errorf("input %v", in)
				}
			}
		})
	}
}
