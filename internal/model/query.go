package model

// IssueQuery filters the issues of one repository.
type IssueQuery struct {
	State    string   `json:"state,omitempty"` // open, closed or all; default open
	Labels   []string `json:"labels,omitempty"`
	Assignee string   `json:"assignee,omitempty"` // a login, "none" or "*"
	Limit    int      `json:"limit,omitempty"`
}

// SearchQuery is a GitHub issue search.
type SearchQuery struct {
	// Query is GitHub search syntax; the qualifiers below are appended to it.
	Query     string   `json:"query"`
	Languages []string `json:"languages,omitempty"`
	Labels    []string `json:"labels,omitempty"`
	// Sort is created, updated, comments or empty for best match.
	Sort  string `json:"sort,omitempty"`
	Limit int    `json:"limit,omitempty"`
}
