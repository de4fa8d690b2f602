package docs

import (
	"encoding/json"
	"regexp"
	"strings"
	"unicode"

	"github.com/oss-dev/oss-dev/internal/safefile"
)

// readmeNames are the READMEs looked for at the root, in order.
var readmeNames = []string{"README.md", "README.markdown", "README.rst", "README.txt", "README", "readme.md", "Readme.md"}

// maxAbout bounds a paragraph taken from the README.
const maxAbout = 700

// readAbout finds what the project says it is: the first prose paragraph
// of its README and the description of its manifests. Files that cannot
// be read are passed over: the rest of the guide does not need them.
func readAbout(root *safefile.Root) []About {
	out := []About{}
	for _, name := range readmeNames {
		b, err := root.ReadFile(name, safefile.ConfigMax)
		if err != nil {
			continue
		}
		if text, line := firstParagraph(string(b)); text != "" {
			out = append(out, About{Text: text, Source: Location{Path: name, Line: line}})
		}
		break
	}
	for _, m := range manifestDescriptions(root) {
		if !containsFold(out, m.Text) {
			out = append(out, m)
		}
	}
	return out
}

// maxTitle bounds a README heading taken as the project's name.
const maxTitle = 80

// sectionNames are headings a README opens with that name a section, not
// the project (cobra's first heading is "Overview").
var sectionNames = map[string]bool{
	"overview": true, "introduction": true, "about": true, "contents": true, "table of contents": true,
	"getting started": true, "installation": true, "install": true, "usage": true, "documentation": true,
	"readme": true, "features": true, "description": true, "summary": true,
}

// stateWords mark a README sentence on the project's state rather than
// its purpose: a newcomer should know before anything else.
var stateWords = regexp.MustCompile(`(?i)\b(no longer (?:actively |being )?(?:maintained|developed)|not (?:actively |being )?maintained|unmaintained|is (?:now )?(?:deprecated|archived|abandoned|obsolete)|has been (?:deprecated|archived|moved|superseded|discontinued)|(?:repository|repo|project|package|library|development|code) (?:has )?(?:been )?moved (?:to|over)|this (?:repository|project|package) is (?:now )?(?:read-only|frozen|in maintenance mode))\b`)

var htmlHeadingTag = regexp.MustCompile(`(?i)^<h[1-6][\s>]`)

// readNotice finds, in the README's opening (its first 40 lines, up to
// its second heading) outside code, the sentence that says the project
// moved, is deprecated or no longer maintained; nil when there is none.
// Further down such words speak of old versions ("Rack 3.0 is no longer
// supported"), not of the project.
func readNotice(root *safefile.Root) *About {
	for _, name := range readmeNames {
		b, err := root.ReadFile(name, safefile.ConfigMax)
		if err != nil {
			continue
		}
		if text, line := stateNotice(string(b)); text != "" {
			return &About{Text: text, Source: Location{Path: name, Line: line}}
		}
		return nil
	}
	return nil
}

func stateNotice(text string) (string, int) {
	inFence, headings := false, 0
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i, raw := range lines {
		l := strings.TrimSpace(raw)
		if i == 40 {
			break
		}
		if strings.HasPrefix(l, "```") || strings.HasPrefix(l, "~~~") {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		if strings.HasPrefix(l, "#") || htmlHeadingTag.MatchString(l) || i+1 < len(lines) && l != "" && isUnderline(strings.TrimSpace(lines[i+1])) {
			if headings++; headings == 2 {
				break
			}
		}
		if !stateWords.MatchString(l) {
			continue
		}
		s := plainText(strings.TrimLeft(l, ">#*-! "))
		s = strings.TrimPrefix(strings.TrimPrefix(s, "[!WARNING]"), "[!IMPORTANT]")
		return clip(strings.TrimSpace(s), 300), i + 1
	}
	return "", 0
}

// readTitle returns the README's first top-level heading, the name the
// project gives itself: a folder's name is the clone's, not the project's.
func readTitle(root *safefile.Root) string {
	for _, name := range readmeNames {
		b, err := root.ReadFile(name, safefile.ConfigMax)
		if err != nil {
			continue
		}
		return firstTitle(string(b))
	}
	return ""
}

// firstTitle finds "# Title", or a line underlined with "=", near the top
// of a README, reduced to its text; "" when there is none.
func firstTitle(text string) string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	inFence := false
	for i, raw := range lines {
		if i == 40 {
			break
		}
		l := strings.TrimSpace(raw)
		switch {
		case strings.HasPrefix(l, "```") || strings.HasPrefix(l, "~~~"):
			inFence = !inFence // "# a comment" in a code block is no heading
			continue
		case inFence:
			continue
		case strings.HasPrefix(strings.ToLower(l), "<h1"):
			l = htmlHeading(lines[i:])
		case strings.HasPrefix(l, "# "):
			l = strings.TrimRight(strings.TrimSpace(l[2:]), "# ")
		case l != "" && i+1 < len(lines) && strings.Trim(strings.TrimSpace(lines[i+1]), "=") == "" && len(strings.TrimSpace(lines[i+1])) >= 3:
		default:
			continue
		}
		l = mdImage.ReplaceAllString(l, "") // a logo's alt text is not a name
		l = mdLink.ReplaceAllString(l, "$1")
		l = htmlTag.ReplaceAllString(l, "")
		l = strings.Join(strings.Fields(strings.ReplaceAll(strings.Trim(l, "*_"), "`", "")), " ")
		if rest, ok := cutPrefixFold(l, "welcome to "); ok {
			l = strings.TrimRight(rest, "!.")
		}
		if l != "" && len([]rune(l)) <= maxTitle && strings.IndexFunc(l, unicode.IsLetter) >= 0 && !sectionNames[strings.ToLower(l)] {
			return l
		}
		return ""
	}
	return ""
}

// htmlHeading is the text of an HTML <h1> that opens lines[0], over
// up to five lines: `<h1 align="center">\n  create-t3-app\n</h1>`.
func htmlHeading(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i == 5 {
			return ""
		}
		b.WriteString(l + " ")
		if strings.Contains(strings.ToLower(l), "</h1>") {
			return strings.TrimSpace(b.String())
		}
	}
	return ""
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

func containsFold(as []About, text string) bool {
	for _, a := range as {
		if strings.Contains(strings.ToLower(a.Text), strings.ToLower(text)) {
			return true
		}
	}
	return false
}

var (
	mdLink     = regexp.MustCompile(`!?\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)`)
	mdImage    = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdRef      = regexp.MustCompile(`\[([^\]]*)\]\[[^\]]*\]`)
	htmlTag    = regexp.MustCompile(`<[^>]*>`)
	rstRole    = regexp.MustCompile("`([^`<]*)(?:<[^>]*>)?`_*")
	mdShortRef = regexp.MustCompile(`\[([^\[\]]+)\]`) // [WSGI], defined further down
	// Emphasis is dropped, not escaped: "**Fast**" reads as "Fast".
	mdStrong = regexp.MustCompile(`\*\*(\S(?:[^*]*\S)?)\*\*|__(\S(?:[^_]*\S)?)__`)
	mdEmStar = regexp.MustCompile(`(^|[^\w*])\*(\S(?:[^*]*\S)?)\*($|[^\w*])`)
	mdEmLine = regexp.MustCompile(`(^|[^\w_])_(\S(?:[^_]*\S)?)_($|[^\w_])`)
	// newsWords mark a README section that announces rather than
	// describes: "## 📰 Gin 1.12.0 is now available!".
	// stepsHeading opens a section of steps, not of description: ecto's
	// "## Installation" comes before its "## About".
	stepsHeading = regexp.MustCompile(`(?i)^[\s*_]*(installation|installing|install|usage|quick ?start|getting started|set ?up|requirements|prerequisites|building|build(ing)? from source|license|licensing|contributing|table of contents|contents)\b`)
	newsWords    = regexp.MustCompile(`(?i)\b(news|announc\w*|release[sd]?|available|sponsors?|backers|changelog|what'?s new|funding|donat\w*)\b|\d+\.\d+`)
)

// plainText reduces a paragraph's Markdown or reStructuredText to text.
func plainText(s string) string {
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdRef.ReplaceAllString(s, "$1")
	s = mdShortRef.ReplaceAllString(s, "$1")
	s = htmlTag.ReplaceAllString(s, "")
	s = rstRole.ReplaceAllString(s, "$1")
	s = mdStrong.ReplaceAllString(s, "$1$2")
	s = mdEmStar.ReplaceAllString(s, "$1$2$3")
	s = mdEmLine.ReplaceAllString(s, "$1$2$3")
	return strings.Join(strings.Fields(s), " ")
}

// firstParagraph returns the first paragraph of prose (not a heading, a
// badge, an HTML block, a list or a table) that says what the project is,
// with its 1-based line, reduced to plain text. Paragraphs under a news
// heading, and those that only point elsewhere ("See the website for
// documentation"), are passed over.
func firstParagraph(text string) (string, int) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var para []string
	start := 0
	inFence, inComment, inOther := false, false, false
	news := 0 // the level of the heading whose section announces news; 0: none
	take := func() (string, bool) {
		s := dropLeadIn(plainText(strings.Join(para, " ")))
		para = nil
		return s, len([]rune(s)) >= 20 && !pointer.MatchString(s)
	}
	for i, raw := range lines {
		l := strings.TrimSpace(raw)
		switch {
		case strings.HasPrefix(l, "```") || strings.HasPrefix(l, "~~~"):
			inFence = !inFence
			continue
		case inFence:
			continue
		case strings.HasPrefix(l, "<!--"):
			inComment = !strings.Contains(l, "-->")
			continue
		case inComment:
			inComment = !strings.Contains(l, "-->")
			continue
		}
		if l == "" {
			if len(para) > 0 {
				if s, ok := take(); ok {
					return clip(s, maxAbout), start
				}
			}
			inOther = false
			continue
		}
		if len(para) == 0 {
			news = newsLevel(l, lines, i, news)
		}
		if len(para) == 0 && (inOther || news > 0 || !prose(l, lines, i)) {
			// the rest of a quote, an HTML block or a list is not a
			// paragraph's start; a heading is one line of its own
			inOther = !heading(l, lines, i)
			continue
		}
		if len(para) == 0 {
			start = i + 1
		}
		para = append(para, l)
		if i+1 < len(lines) && isUnderline(strings.TrimSpace(lines[i+1])) {
			para = nil // a setext heading, not prose
		}
	}
	if len(para) > 0 {
		if s, ok := take(); ok {
			return clip(s, maxAbout), start
		}
	}
	return "", 0
}

// pointer matches a paragraph that only sends the reader elsewhere.
var pointer = regexp.MustCompile(`(?i)^(?:(?:see|visit|read|check out|for (?:more|full|the|detailed)|please (?:see|visit|read|refer)|this readme)\b|(?:documentation|docs|website|homepage|source code)\s*:)`)

// dropLeadIn drops a last sentence that introduces a list ("It is:"):
// the list itself is not part of the paragraph.
func dropLeadIn(s string) string {
	if !strings.HasSuffix(s, ":") {
		return s
	}
	if k := strings.LastIndex(s, ". "); k > 0 {
		return s[:k+1]
	}
	return s
}

// newsLevel gives, for line i outside a paragraph, the level of the
// heading whose section announces news and holds the line, or 0. A
// heading decides for its section and the subsections in it; a thematic
// break (a rule after a blank line) ends it.
func newsLevel(l string, lines []string, i int, cur int) int {
	level, title := 0, ""
	switch {
	case strings.HasPrefix(l, "#"):
		title = strings.TrimLeft(l, "#")
		level = len(l) - len(title)
	case i+1 < len(lines) && isUnderline(strings.TrimSpace(lines[i+1])):
		level, title = 2, l
		if strings.HasPrefix(strings.TrimSpace(lines[i+1]), "=") {
			level = 1
		}
	case isUnderline(l) && (i == 0 || strings.TrimSpace(lines[i-1]) == ""):
		return 0
	case len(l) > 3 && (l[1] == 'h' || l[1] == 'H') && l[0] == '<' && l[2] >= '1' && l[2] <= '6':
		level, title = int(l[2]-'0'), htmlTag.ReplaceAllString(l, "") // <h2 id="about">The T3 Stack</h2>
	default:
		return cur
	}
	switch {
	case cur > 0 && level > cur:
		return cur
	case newsWords.MatchString(title) || stepsHeading.MatchString(title):
		return level
	}
	return 0
}

// prose says whether a line can open a paragraph of prose.
func prose(l string, lines []string, i int) bool {
	if l[0] == '*' || l[0] == '_' {
		// emphasis may open a sentence ("_Black_ is ..."); a list item or
		// a rule may not
		if len(l) < 2 || l[1] == ' ' || strings.Trim(l, "*_ ") == "" {
			return false
		}
	} else if strings.ContainsAny(l[:1], "#<![|>-+=:.~") || isUnderline(l) {
		return false
	}
	if i+1 < len(lines) && isUnderline(strings.TrimSpace(lines[i+1])) {
		return false
	}
	// a line of links only is a badge row or a menu
	return strings.TrimSpace(mdLink.ReplaceAllString(l, "")) != "" || !strings.Contains(l, "](")
}

// heading says whether line i is a heading or a heading's underline:
// prose may follow it on the next line.
func heading(l string, lines []string, i int) bool {
	return strings.HasPrefix(l, "#") || isUnderline(l) ||
		(i+1 < len(lines) && isUnderline(strings.TrimSpace(lines[i+1])))
}

func isUnderline(l string) bool {
	if len(l) < 3 {
		return false
	}
	return strings.Trim(l, "=") == "" || strings.Trim(l, "-") == "" || strings.Trim(l, "~") == "" || strings.Trim(l, "^") == "" || strings.Trim(l, "*") == ""
}

// clip shortens s to n runes at a word, with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// tomlDescription is a manifest's description line in TOML.
var tomlDescription = regexp.MustCompile(`(?m)^description\s*=\s*"((?:[^"\\]|\\.)*)"`)

// manifestDescriptions reads the description of package.json, Cargo.toml
// and pyproject.toml at the root.
func manifestDescriptions(root *safefile.Root) []About {
	var out []About
	if b, err := root.ReadFile("package.json", safefile.ConfigMax); err == nil {
		var m struct {
			Description string `json:"description"`
		}
		if json.Unmarshal(b, &m) == nil && strings.TrimSpace(m.Description) != "" {
			out = append(out, About{Text: clip(oneLine(m.Description), maxAbout), Source: Location{Path: "package.json", Line: lineOf(b, `"description"`)}})
		}
	}
	for _, name := range []string{"Cargo.toml", "pyproject.toml"} {
		b, err := root.ReadFile(name, safefile.ConfigMax)
		if err != nil {
			continue
		}
		if m := tomlDescription.FindSubmatchIndex(b); m != nil {
			d := oneLine(strings.ReplaceAll(string(b[m[2]:m[3]]), `\"`, `"`))
			if d != "" {
				out = append(out, About{Text: clip(d, maxAbout), Source: Location{Path: name, Line: 1 + strings.Count(string(b[:m[0]]), "\n")}})
			}
		}
	}
	return out
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// lineOf is the 1-based line of the first occurrence of needle, 0 when
// it is not there.
func lineOf(b []byte, needle string) int {
	i := strings.Index(string(b), needle)
	if i < 0 {
		return 0
	}
	return 1 + strings.Count(string(b[:i]), "\n")
}

// changelogDirs are the folders of changelog fragment tools: towncrier,
// changesets, changie, reno, scriv and the changelog.d habit.
var changelogDirs = []string{".changes", ".changeset", ".changelog", "changelog.d", "changelog", "changes", "newsfragments", "news", "releasenotes/notes", "unreleased"}

// changelogFragments lists the fragment folders the root has.
func changelogFragments(root *safefile.Root) []string {
	out := []string{}
	for _, d := range changelogDirs {
		if fi, err := root.Stat(d); err == nil && fi.IsDir() {
			out = append(out, d+"/")
		}
	}
	return out
}
