package mentoring

import "testing"

func TestCommitMessageFollowsTheConvention(t *testing.T) {
	tests := []struct {
		convention, typ, title string
		files                  []string
		want                   string
	}{
		{"conventional", "bug", "Crash on empty input", nil, "fix: crash on empty input"},
		{"conventional", "feature", "Add a --json flag", nil, "feat: add a --json flag"},
		{"conventional", "documentation", "Typo in README", nil, "docs: typo in README"},
		{"conventional", "question", "Slow start-up", nil, "fix: slow start-up"},
		{"conventional", "bug", "HTTP client leaks", nil, "fix: HTTP client leaks"},
		{"area", "bug", "ParseConfig fails on empty lines", []string{"parser.go"}, "parser: ParseConfig fails on empty lines"},
		{"area", "bug", "os.Open error is lost", []string{"internal/fs/open.go"}, "internal/fs: os.Open error is lost"},
		{"area", "bug", "parse_config drops keys", nil, "all: parse_config drops keys"},
		{"area", "bug", "Wrong exit code", []string{"cmd/main.go"}, "cmd: wrong exit code"},
		{"", "bug", "wrong exit code", nil, "Wrong exit code"},
	}
	for _, tt := range tests {
		got := commitMessage(repoMeta{Convention: tt.convention}, issueMeta{Title: tt.title, Type: tt.typ}, 12, tt.files)
		if want := tt.want + "\n\nFixes #12\n"; got != want {
			t.Errorf("%s %q: %q, want %q", tt.convention, tt.title, got, want)
		}
	}
}
