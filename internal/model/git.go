package model

import "time"

// FileStatus is one entry of `git status`.
type FileStatus struct {
	Path string `json:"path"`
	// OrigPath is set for renames and copies.
	OrigPath string `json:"orig_path,omitempty"`
	// Index and Worktree are the porcelain status letters ('.', 'M', 'A', 'D', 'R', 'C', 'U', '?', '!').
	Index    string `json:"index"`
	Worktree string `json:"worktree"`
	// Kind is the kind of entry git reported: "ordinary", "renamed",
	// "copied", "unmerged", "untracked" or "ignored".
	Kind string `json:"kind,omitempty"`
	// Score is the similarity percentage of a rename or copy.
	Score int `json:"score,omitempty"`
}

// GitStatus is the parsed state of a working tree.
type GitStatus struct {
	Branch   string       `json:"branch"`
	Detached bool         `json:"detached"`
	Head     string       `json:"head"`
	Upstream string       `json:"upstream,omitempty"`
	Ahead    int          `json:"ahead"`
	Behind   int          `json:"behind"`
	Files    []FileStatus `json:"files"`
}

// Clean reports whether nothing is staged, modified or untracked.
func (s GitStatus) Clean() bool { return len(s.Files) == 0 }

// Commit is one commit from the log.
type Commit struct {
	SHA         string    `json:"sha"`
	Author      string    `json:"author"`
	AuthorEmail string    `json:"author_email"`
	Date        time.Time `json:"date"`
	Subject     string    `json:"subject"`
	Body        string    `json:"body,omitempty"`
}

// Remote is a configured git remote.
type Remote struct {
	Name     string `json:"name"`
	FetchURL string `json:"fetch_url"`
	PushURL  string `json:"push_url"`
}

// ChangedFile is one file a branch changed relative to its base.
type ChangedFile struct {
	Path string `json:"path"`
	// OrigPath is set for renames and copies.
	OrigPath string `json:"orig_path,omitempty"`
	// Status is git's letter: A, M, D, R, C, T (type change) or U.
	Status string `json:"status"`
}

// GrepMatch is one line git grep found.
type GrepMatch struct {
	Path string `json:"path"`
	Line int    `json:"line"`
	Text string `json:"text"`
}
