package mentoring

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// Candidate is a file the plan names, with why.
type Candidate struct {
	Path    string   `json:"path"`
	Score   int      `json:"score"`
	Reasons []string `json:"reasons"`
	Test    bool     `json:"test"`
}

// term is something the issue names that the repository can be searched for.
type term struct {
	text   string
	kind   string // file, symbol, message, identifier
	weight int
}

var (
	reIdent = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\b([A-Za-z_][A-Za-z0-9_]*(?:[A-Z][a-z0-9]+|_[a-z0-9]+)[A-Za-z0-9_]*)\b`)
	})
	reBacktick  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("`([^`\n]{3,80})`") })
	reQuoted    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`"([^"\n]{8,120})"`) })
	reErrorLine = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:error|panic|exception|fatal)\b[:\s]+([^\n]{8,120})`)
	})
	reTestPath = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(_test\.go$|(^|/)tests?/|(^|/)__tests__/|\.(test|spec)\.[jt]sx?$|(^|/)test_[^/]+\.py$|_test\.py$|Test\.java$|_spec\.rb$)`)
	})
)

// searchTerms collects what the issue names: files, symbols, error
// messages and identifiers in the title and body, strongest first.
func searchTerms(im issueMeta) []term {
	var out []term
	seen := map[string]bool{}
	add := func(text, kind string, w int) {
		text = strings.TrimSpace(text)
		key := strings.ToLower(text)
		if len(text) < 3 || seen[key] || commonWord(key) {
			return
		}
		seen[key] = true
		out = append(out, term{text, kind, w})
	}
	for _, it := range im.Requirements.Files {
		add(strings.Trim(it.Text, "`'\"()"), "file", 10)
	}
	for _, it := range im.Requirements.Symbols {
		add(strings.Trim(it.Text, "`'\"()"), "symbol", 5)
	}
	text := im.Title + "\n" + im.Body
	for _, m := range reErrorLine().FindAllStringSubmatch(text, 5) {
		add(strings.Trim(m[1], "`'\" ."), "message", 6)
	}
	for _, it := range im.Requirements.Actual {
		add(strings.Trim(it.Text, "`'\" ."), "message", 4)
	}
	for _, m := range reBacktick().FindAllStringSubmatch(text, 20) {
		kind := "symbol"
		if strings.Contains(m[1], "/") || strings.Contains(m[1], ".") && !strings.Contains(m[1], " ") {
			kind = "file"
		}
		if strings.Contains(m[1], " ") {
			kind = "message"
		}
		add(m[1], kind, 4)
	}
	for _, m := range reQuoted().FindAllStringSubmatch(text, 5) {
		add(m[1], "message", 3)
	}
	for _, m := range reIdent().FindAllStringSubmatch(im.Title, 10) {
		add(m[1], "identifier", 2)
	}
	for _, m := range reIdent().FindAllStringSubmatch(im.Body, 20) {
		add(m[1], "identifier", 1)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].weight > out[j].weight })
	if len(out) > 20 {
		out = out[:20]
	}
	return out
}

func commonWord(s string) bool {
	switch s {
	case "the", "and", "for", "this", "that", "with", "not", "when", "error", "http", "https", "null", "true", "false", "todo":
		return true
	}
	return false
}

// rankFiles searches the repository for every term and ranks the files.
func (ss *session) rankFiles(ctx context.Context, terms []term) ([]Candidate, error) {
	files, err := ss.git.LsFiles(ctx)
	if err != nil {
		return nil, err
	}
	byPath := map[string]*Candidate{}
	hit := func(p string, score int, why string) {
		if ownFile(p) {
			return
		}
		c := byPath[p]
		if c == nil {
			c = &Candidate{Path: p, Test: reTestPath().MatchString(p)}
			byPath[p] = c
		}
		c.Score += score
		if len(c.Reasons) < 4 && !slices.Contains(c.Reasons, why) {
			c.Reasons = append(c.Reasons, why)
		}
	}
	for _, t := range terms {
		if t.kind == "file" {
			for _, f := range files {
				if f == t.text || strings.HasSuffix(f, "/"+t.text) || path.Base(f) == t.text {
					hit(f, t.weight*2, "named in the issue")
				}
			}
		}
		matches, err := ss.git.Grep(ctx, grepPattern(t.text))
		if err != nil {
			if errcode.HasCode(err, errcode.InvalidInput) {
				continue
			}
			return nil, err
		}
		perFile := map[string]int{}
		for _, m := range matches {
			perFile[m.Path]++
			if perFile[m.Path] > 1 {
				continue
			}
			w := t.weight
			if definesSymbol(m.Text, t.text) {
				w += 3
			}
			hit(m.Path, w, fmt.Sprintf("%s %q at line %d", mentionWord(t.kind), clip(t.text, 40), m.Line))
		}
	}
	out := make([]Candidate, 0, len(byPath))
	for _, c := range byPath {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Path < out[j].Path
	})
	return out, nil
}

func mentionWord(kind string) string {
	switch kind {
	case "message":
		return "contains the message"
	case "symbol":
		return "uses"
	case "file":
		return "mentions"
	}
	return "mentions"
}

// grepPattern is an extended regular expression matching text literally,
// as a whole word when it is an identifier.
func grepPattern(text string) string {
	q := regexp.QuoteMeta(text)
	if regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`).MatchString(text) {
		return `(^|[^A-Za-z0-9_])` + q + `([^A-Za-z0-9_]|$)`
	}
	return q
}

func definesSymbol(line, sym string) bool {
	l := strings.TrimSpace(line)
	for _, kw := range []string{"func ", "def ", "class ", "type ", "fn ", "function ", "interface ", "struct ", "const ", "var ", "let "} {
		if i := strings.Index(l, kw); i >= 0 && strings.Contains(l[i:], sym) {
			return true
		}
	}
	return false
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}
