package github

import (
	"encoding/json"
	"testing"
	"time"
)

// FuzzDecodeSearchAnswer feeds arbitrary GraphQL answers through the
// decoding of a discovery search: whatever GitHub (or a proxy) sends, the
// conversion must not panic.
func FuzzDecodeSearchAnswer(f *testing.F) {
	f.Add([]byte(`{"search":{"issueCount":1,"pageInfo":{"hasNextPage":false},"nodes":[{"__typename":"Issue","number":1,"title":"t",` +
		`"labels":{"nodes":[{"name":"bug"}]},"assignees":{"nodes":[{"login":"a"}]},"comments":{"totalCount":1,"nodes":[{"author":null,"body":"x"}]},` +
		`"timelineItems":{"nodes":[{"__typename":"CrossReferencedEvent","source":{"number":2,"state":"OPEN","repository":{"nameWithOwner":"o/r"}}},` +
		`{"__typename":"ConnectedEvent","subject":{}}]},"repository":{"nameWithOwner":"o/r","workflows":{"entries":[{"name":"ci.yml"}]},` +
		`"defaultBranchRef":{"target":{"history":{"totalCount":3}}},"recentPRs":{"nodes":[{"number":1,"reviews":{"nodes":[{"submittedAt":null}]}}]}}}]}}`))
	f.Add([]byte(`{"search":{"nodes":[{"__typename":"PullRequest"},null,{"__typename":"Issue","repository":null}]}}`))
	f.Add([]byte(`{"r0":null,"r1":{"nameWithOwner":"a/b","defaultBranchRef":null,"recentIssues":{"nodes":[]}}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var data struct {
			Search struct {
				Nodes []gqlIssue `json:"nodes"`
			} `json:"search"`
		}
		if json.Unmarshal(raw, &data) == nil {
			for i := range data.Search.Nodes {
				n := &data.Search.Nodes[i]
				_ = n.discovered()
				if n.Repository != nil {
					_ = n.Repository.signals(time.Unix(0, 0))
					_ = n.Repository.activity()
				}
			}
		}
		var repos map[string]*gqlRepo
		if json.Unmarshal(raw, &repos) == nil {
			for _, r := range repos {
				if r != nil {
					_ = r.signals(time.Unix(0, 0))
					_ = r.activity()
				}
			}
		}
	})
}
