package githubtest

import (
	"encoding/json"
	"testing"
)

// TestExecuteShapesTheAnswerByTheQuery: aliases, arguments through
// variables, inline fragments and named fragments on the right type only,
// __typename, and the same field selected twice merged.
func TestExecuteShapesTheAnswerByTheQuery(t *testing.T) {
	q := `query Q($owner: String!) {
  a: repository(owner: $owner, name: "x") { nameWithOwner ...f issues(first: 1) { totalCount } }
  b: repository(owner: "none", name: "y") { nameWithOwner }
}
fragment f on Repository { issues(first: 1) { nodes { number } } }`
	doc, err := ValidateGraphQL(t, q, map[string]any{"owner": "o"})
	if err != nil {
		t.Fatal(err)
	}
	issues := Resolver(func(a map[string]any) any {
		return connection([]any{
			map[string]any{"__typename": "Issue", "number": 1, "title": "hidden"},
			map[string]any{"__typename": "Issue", "number": 2},
		}, a)
	})
	root := map[string]any{"repository": Resolver(func(a map[string]any) any {
		if ArgString(a, "owner") != "o" || ArgString(a, "name") != "x" {
			return nil
		}
		return map[string]any{"__typename": "Repository", "nameWithOwner": "o/x", "issues": issues}
	})}
	got, err := Execute(doc, map[string]any{"owner": "o"}, root)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(got)
	want := `{"a":{"issues":{"nodes":[{"number":1}],"totalCount":2},"nameWithOwner":"o/x"},"b":null}`
	if string(raw) != want {
		t.Errorf("answer:\n%s\nwant\n%s", raw, want)
	}

	// Inline fragments apply by the object's type.
	q = `query { search(query: "x", type: ISSUE, first: 5) { nodes { __typename ... on Issue { number } ... on PullRequest { merged } } } }`
	if doc, err = ValidateGraphQL(t, q, nil); err != nil {
		t.Fatal(err)
	}
	root = map[string]any{"search": Resolver(func(a map[string]any) any {
		return connection([]any{
			map[string]any{"__typename": "Issue", "number": 3, "merged": true},
			map[string]any{"__typename": "PullRequest", "number": 4, "merged": true},
		}, a)
	})}
	if got, err = Execute(doc, nil, root); err != nil {
		t.Fatal(err)
	}
	raw, _ = json.Marshal(got)
	want = `{"search":{"nodes":[{"__typename":"Issue","number":3},{"__typename":"PullRequest","merged":true}]}}`
	if string(raw) != want {
		t.Errorf("answer:\n%s\nwant\n%s", raw, want)
	}
}
