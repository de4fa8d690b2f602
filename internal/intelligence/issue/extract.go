package issue

import (
	"fmt"
	"strings"

	"github.com/oss-dev/oss-dev/internal/model"
)

// Item is one extracted requirement and where it was found.
type Item struct {
	Text string `json:"text"`
	// Source is "title", "body" or "comment N by @login"; Line is the
	// 1-based line inside it (0 for the title).
	Source string `json:"source"`
	Line   int    `json:"line,omitempty"`
	// Key names an environment entry (OS, Go, browser...).
	Key string `json:"key,omitempty"`
	// Done is set on checklist items: whether the box is ticked.
	Done *bool `json:"done,omitempty"`
}

// Requirements is what an issue asks for, extracted from its text.
type Requirements struct {
	AcceptanceCriteria []Item `json:"acceptance_criteria"`
	ReproductionSteps  []Item `json:"reproduction_steps"`
	Expected           []Item `json:"expected"`
	Actual             []Item `json:"actual"`
	Environment        []Item `json:"environment"`
	Files              []Item `json:"files"`
	Symbols            []Item `json:"symbols"`
	Links              []Item `json:"links"`
	// MaintainerGuidance holds comments by the repository's owners,
	// members and collaborators.
	MaintainerGuidance []Item `json:"maintainer_guidance"`
}

// section is the kind of text a heading introduces.
type section int

const (
	secNone section = iota
	secRepro
	secExpected
	secActual
	secAcceptance
	secEnvironment
	secOther
)

var (
	reATXHeading  = lazyRegexp(`^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$`)
	reBoldHeading = lazyRegexp(`^\s*(?:\*\*|__)([^*_]{2,80})(?:\*\*|__)\s*:?\s*$`)
	reLabelLine   = lazyRegexp(`^\s*(?:[-*]\s+)?(?:\*\*|__)?([A-Za-z][A-Za-z /()'.-]{1,40}?)(?:\*\*|__)?\s*:(?:\*\*|__)?\s*(.*)$`)
	reChecklist   = lazyRegexp(`^\s*[-*+]\s+\[([ xX])\]\s+(.+)$`)
	reListItem    = lazyRegexp(`^\s*(?:\d+[.)]|[-*+])\s+(.+)$`)
	reShouldMust  = lazyRegexp(`(?i)\b(should|must|needs? to|has to|have to|shall)\b`)
	reSentence    = lazyRegexp(`[^.!?\n]+[.!?]?`)
	reFileRef     = lazyRegexp(`(?:^|[\s(\["'` + "`" + `])((?:[\p{L}\p{N}_@.+-]+/)*[\p{L}\p{N}_@+-][\p{L}\p{N}_.+-]*\.(?:go|py|pyi|js|mjs|cjs|ts|tsx|jsx|java|kt|kts|rb|rs|c|h|cc|cpp|cxx|hpp|hh|cs|php|swift|m|mm|scala|sh|bash|zsh|ps1|yaml|yml|json|toml|md|rst|txt|html|htm|css|scss|less|vue|svelte|sql|proto|gradle|xml|cfg|ini|lock|mod|sum|dart|lua|ex|exs|erl|hs|ml|r|jl|zig|nim|tf|bzl|cmake|mk|ipynb|env|conf|properties))(?::(\d+))?\b`)
	reCallRef     = lazyRegexp(`\b([A-Za-z_$][\w$]*(?:(?:\.|::|#|->)[A-Za-z_$][\w$]*)*)\(\)`)
	reIdentifier  = lazyRegexp(`^[A-Za-z_$][\w$]*(?:(?:\.|::|#|->)[A-Za-z_$][\w$]*)*(?:\([^()]{0,40}\))?$`)
	reLinkURL     = lazyRegexp(`https?://[^\s<>()\[\]"'` + "`" + `]+[^\s<>()\[\]"'` + "`" + `.,;:!?]`)
	reIssueRef    = lazyRegexp(`(?:^|[\s(])((?:[\w.-]+/[\w.-]+)?#\d+)\b`)
	reRuntimeVer  = lazyRegexp(`(?i)\b(go|golang|python|node(?:\.js|js)?|java|jdk|openjdk|ruby|rust|rustc|cargo|php|\.net|dotnet|typescript|npm|yarn|pnpm|deno|bun|cuda|cudnn|gcc|clang|msvc|xcode|cmake|windows|macos|mac os x|ubuntu|debian|fedora|centos|alpine|android|ios|chrome|firefox|safari|edge|electron|react|vscode|vs code|tensorflow|opencv|bitcoin core)\s*(?:version\s*)?v?(\d+(?:\.\d+){0,3}(?:[-+][\w.]+)?)\b`)
)

// envKeys are label names that introduce an environment entry even outside
// an environment section.
var envKeys = map[string]bool{
	"os": true, "operating system": true, "platform": true, "browser": true, "version": true,
	"node version": true, "node.js version": true, "python version": true, "go version": true,
	"java version": true, "ruby version": true, "rust version": true, "npm version": true,
	"package version": true, "library version": true, "compiler": true, "architecture": true,
	"arch": true, "device": true, "runtime": true, "kernel": true, "distribution": true,
	"os platform and distribution": true, "tensorflow version": true, "react version": true,
	"vs code version": true, "vscode version": true, "opencv version": true, "bazel version": true,
	"gcc/compiler version": true, "cuda/cudnn version": true, "gpu model and memory": true,
	"python": true, "node": true, "go": true, "java": true,
}

// classifySection names the kind of section a heading starts.
func classifySection(h string) section {
	h = strings.ToLower(strings.TrimSpace(strings.Trim(h, ":*_ ")))
	switch {
	case h == "":
		return secNone
	case strings.Contains(h, "reproduc") || strings.Contains(h, "repro steps") || h == "steps" || strings.HasPrefix(h, "steps to") || strings.Contains(h, "how to trigger"):
		return secRepro
	case strings.HasPrefix(h, "expected") || strings.Contains(h, "expected behavio") || strings.Contains(h, "expected result") || strings.Contains(h, "what did you expect"):
		return secExpected
	case strings.HasPrefix(h, "actual") || strings.HasPrefix(h, "current behavio") || strings.Contains(h, "what happened") || strings.HasPrefix(h, "observed") || strings.Contains(h, "what actually happens"):
		return secActual
	case strings.Contains(h, "acceptance criteria") || strings.Contains(h, "definition of done") || h == "requirements" || h == "tasks" || h == "todo" || h == "to do" || strings.HasPrefix(h, "tasks") || h == "checklist":
		return secAcceptance
	case strings.Contains(h, "environment") || strings.Contains(h, "system info") || h == "versions" || h == "version" || h == "platform" || strings.Contains(h, "your setup") || h == "setup":
		return secEnvironment
	}
	return secOther
}

// textLine is one line of prose with its place.
type textLine struct {
	text   string
	line   int
	inCode bool
}

// splitLines breaks Markdown into lines, marking the lines inside fenced
// code and dropping HTML comments (issue-template instructions).
func splitLines(s string) []textLine {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	out := make([]textLine, 0, len(lines))
	fence := ""
	inComment := false
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if inComment {
			if k := strings.Index(l, "-->"); k >= 0 {
				inComment = false
				l = l[k+3:]
				t = strings.TrimSpace(l)
			} else {
				continue
			}
		}
		if fence == "" {
			for strings.Contains(l, "<!--") {
				k := strings.Index(l, "<!--")
				end := strings.Index(l[k:], "-->")
				if end < 0 {
					l = l[:k]
					inComment = true
					break
				}
				l = l[:k] + l[k+end+3:]
			}
			t = strings.TrimSpace(l)
		}
		switch {
		case fence == "" && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")):
			fence = t[:3]
			out = append(out, textLine{text: l, line: i + 1, inCode: true})
		case fence != "" && strings.HasPrefix(t, fence):
			fence = ""
			out = append(out, textLine{text: l, line: i + 1, inCode: true})
		default:
			out = append(out, textLine{text: l, line: i + 1, inCode: fence != ""})
		}
	}
	return out
}

// ExtractRequirements reads an issue's title, body and comments.
func ExtractRequirements(iss model.Issue, comments []model.Comment) Requirements {
	var r Requirements
	r.extractText(iss.Body, "body", true)
	r.addRefs(iss.Title, "title", 0)
	for n, c := range comments {
		src := fmt.Sprintf("comment %d by @%s", n+1, c.Author)
		if isMaintainer(c.AuthorAssociation) {
			if g := summarize(c.Body, 400); g != "" {
				r.MaintainerGuidance = append(r.MaintainerGuidance, Item{Text: g, Source: src + " (" + strings.ToLower(c.AuthorAssociation) + ")"})
			}
			// Maintainers' checklists and musts are requirements too.
			r.extractText(c.Body, src, false)
		} else {
			for _, tl := range splitLines(c.Body) {
				r.addRefs(tl.text, src, tl.line)
			}
		}
	}
	r.dedupe()
	r.nonNil()
	return r
}

// nonNil makes every list an empty array rather than null in JSON, so the
// output's shape never changes with the content.
func (r *Requirements) nonNil() {
	for _, list := range []*[]Item{&r.AcceptanceCriteria, &r.ReproductionSteps, &r.Expected, &r.Actual, &r.Environment, &r.Files, &r.Symbols, &r.Links, &r.MaintainerGuidance} {
		if *list == nil {
			*list = []Item{}
		}
	}
}

func isMaintainer(assoc string) bool {
	switch strings.ToUpper(assoc) {
	case "OWNER", "MEMBER", "COLLABORATOR":
		return true
	}
	return false
}

// extractText walks Markdown line by line, keeping track of the section
// each line belongs to. full also reads reproduction, expected/actual and
// environment sections (an issue body); comments give only checklists,
// musts and references.
func (r *Requirements) extractText(body, src string, full bool) {
	sec := secNone
	var para []textLine
	flush := func() {
		if len(para) == 0 {
			return
		}
		r.paragraph(sec, para, src, full)
		para = para[:0]
	}
	for _, tl := range splitLines(body) {
		r.addRefs(tl.text, src, tl.line)
		if tl.inCode {
			if full && sec == secEnvironment {
				r.envLine(tl, src, true)
			}
			continue
		}
		t := strings.TrimSpace(tl.text)
		if h, ok := heading(t); ok {
			flush()
			sec = classifySection(h)
			continue
		}
		if m := reLabelLine().FindStringSubmatch(t); m != nil && !reChecklist().MatchString(t) {
			if s := classifySection(m[1]); s != secOther && s != secNone {
				flush()
				sec = s
				rest := strings.TrimSpace(m[2])
				if rest == "" {
					continue
				}
				tl.text = rest
				t = rest
				if s == secEnvironment {
					// "Version: 1.2" is an entry, not the section's start.
					r.Environment = append(r.Environment, Item{Key: strings.TrimSpace(m[1]), Text: rest, Source: src, Line: tl.line})
					continue
				}
			}
		}
		if t == "" {
			flush()
			continue
		}
		if m := reChecklist().FindStringSubmatch(t); m != nil {
			flush()
			if isAttestation(m[2]) {
				continue
			}
			done := m[1] != " "
			r.AcceptanceCriteria = append(r.AcceptanceCriteria, Item{Text: cleanInline(m[2]), Source: src, Line: tl.line, Done: &done})
			continue
		}
		if full && r.envLine(tl, src, sec == secEnvironment) {
			continue
		}
		para = append(para, tl)
	}
	flush()
}

// isAttestation tells an issue template's reporter checklist ("I have read
// the documentation", "I've searched the existing issues") from a task: it
// speaks of the reporter, in the first person, and asks nothing of the fix.
func isAttestation(item string) bool {
	t := strings.ToLower(strings.TrimSpace(cleanInline(item)))
	for _, p := range []string{"i have ", "i've ", "i am ", "i'm ", "i agree", "i checked ", "i searched ", "i read ", "i confirm", "i understand", "i tried ", "i will "} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// heading recognises "# Title" and a line that is only "**Title**".
func heading(t string) (string, bool) {
	if m := reATXHeading().FindStringSubmatch(t); m != nil {
		return m[1], true
	}
	if m := reBoldHeading().FindStringSubmatch(t); m != nil {
		return m[1], true
	}
	return "", false
}

// paragraph files a run of prose lines under its section.
func (r *Requirements) paragraph(sec section, lines []textLine, src string, full bool) {
	if full {
		switch sec {
		case secRepro:
			for _, tl := range lines {
				text := strings.TrimSpace(tl.text)
				if m := reListItem().FindStringSubmatch(text); m != nil {
					text = m[1]
				}
				if text = cleanInline(text); text != "" {
					r.ReproductionSteps = append(r.ReproductionSteps, Item{Text: text, Source: src, Line: tl.line})
				}
			}
			return
		case secExpected, secActual:
			text := joinLines(lines)
			if text == "" || isPlaceholder(text) {
				return
			}
			it := Item{Text: text, Source: src, Line: lines[0].line}
			if sec == secExpected {
				r.Expected = append(r.Expected, it)
			} else {
				r.Actual = append(r.Actual, it)
			}
			return
		case secEnvironment:
			return
		}
	}
	for _, tl := range lines {
		t := strings.TrimSpace(tl.text)
		if m := reListItem().FindStringSubmatch(t); m != nil && sec == secAcceptance {
			// Every item of an acceptance-criteria list is a criterion;
			// prose around it counts only for its musts and shoulds.
			if text := cleanInline(m[1]); text != "" {
				r.AcceptanceCriteria = append(r.AcceptanceCriteria, Item{Text: text, Source: src, Line: tl.line})
			}
			continue
		}
		if strings.HasPrefix(t, ">") {
			continue // quoted text is someone else's words
		}
		for _, s := range reSentence().FindAllString(t, -1) {
			s = cleanInline(s)
			if len(s) >= 12 && len(s) <= 300 && !strings.HasSuffix(s, "?") && reShouldMust().MatchString(s) {
				r.AcceptanceCriteria = append(r.AcceptanceCriteria, Item{Text: s, Source: src, Line: tl.line})
			}
		}
	}
}

// envLine records "Key: value" lines with a known key (or any key inside
// an environment section) and runtime versions named in prose.
func (r *Requirements) envLine(tl textLine, src string, inEnvSection bool) bool {
	t := strings.TrimSpace(tl.text)
	if m := reLabelLine().FindStringSubmatch(t); m != nil && strings.TrimSpace(m[2]) != "" {
		key := strings.TrimSpace(strings.Trim(m[1], "*_ "))
		if inEnvSection || envKeys[strings.ToLower(key)] {
			val := cleanInline(m[2])
			if val != "" && !isPlaceholder(val) {
				r.Environment = append(r.Environment, Item{Key: key, Text: val, Source: src, Line: tl.line})
			}
			return true
		}
	}
	if inEnvSection {
		// Inside an environment section, list items are entries; prose
		// after the list ("possibly related to...") is not.
		m := reListItem().FindStringSubmatch(t)
		if m == nil {
			return false
		}
		if t = cleanInline(m[1]); t != "" && !tl.inCode && !isPlaceholder(t) {
			r.Environment = append(r.Environment, Item{Text: t, Source: src, Line: tl.line})
			return true
		}
	}
	for _, m := range reRuntimeVer().FindAllStringSubmatch(t, -1) {
		r.Environment = append(r.Environment, Item{Key: m[1], Text: strings.TrimSpace(m[0]), Source: src, Line: tl.line})
	}
	return false
}

// addRefs records the files, symbols and links a line mentions.
func (r *Requirements) addRefs(line, src string, n int) {
	for _, u := range reLinkURL().FindAllString(line, -1) {
		r.Links = append(r.Links, Item{Text: u, Source: src, Line: n})
	}
	rest := reLinkURL().ReplaceAllString(line, " ")
	for _, m := range reIssueRef().FindAllStringSubmatch(rest, -1) {
		r.Links = append(r.Links, Item{Text: m[1], Source: src, Line: n})
	}
	files := map[string]bool{}
	for _, m := range reFileRef().FindAllStringSubmatch(rest, -1) {
		if looksLikeFile(m[1]) {
			text := m[1]
			if m[2] != "" {
				text += ":" + m[2]
			}
			files[m[1]] = true
			r.Files = append(r.Files, Item{Text: text, Source: src, Line: n})
		}
	}
	for _, m := range reInlineCode().FindAllString(rest, -1) {
		code := strings.Trim(m, "`")
		if !files[code] && reIdentifier().MatchString(code) && !reVersion().MatchString(code) && isSymbolLike(code) {
			r.Symbols = append(r.Symbols, Item{Text: code, Source: src, Line: n})
		}
	}
	for _, m := range reCallRef().FindAllStringSubmatch(reInlineCode().ReplaceAllString(rest, " "), -1) {
		r.Symbols = append(r.Symbols, Item{Text: m[0], Source: src, Line: n})
	}
}

// looksLikeFile rejects version-like and domain-like matches ("v1.2.md"
// is a file, "e.g" and "1.0.0" are not).
func looksLikeFile(s string) bool {
	base := s[strings.LastIndex(s, "/")+1:]
	dot := strings.LastIndex(base, ".")
	if dot <= 0 {
		return false
	}
	stem := base[:dot]
	if base == s && base[dot:] == ".js" && stem[0] >= 'A' && stem[0] <= 'Z' {
		return false // Node.js, Vue.js: names of projects, not files
	}
	return strings.IndexFunc(stem, func(r rune) bool { return r < '0' || r > '9' && r != '.' }) >= 0
}

// isSymbolLike keeps code spans that name something in code: a call, a
// qualified name, or a single word written like an identifier.
func isSymbolLike(s string) bool {
	if strings.ContainsAny(s, ".:#(>") {
		return true
	}
	if strings.Contains(s, "_") {
		return true
	}
	// CamelCase or mixedCase words are identifiers; plain words are not.
	upper, lower := 0, 0
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			upper++
		case r >= 'a' && r <= 'z':
			lower++
		}
	}
	return upper > 0 && lower > 0 && !(upper == 1 && s[0] >= 'A' && s[0] <= 'Z')
}

func joinLines(lines []textLine) string {
	var parts []string
	for _, tl := range lines {
		t := strings.TrimSpace(tl.text)
		if m := reListItem().FindStringSubmatch(t); m != nil {
			t = m[1]
		}
		if t = cleanInline(t); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " ")
}

// cleanInline strips emphasis markers and surrounding space.
func cleanInline(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Trim(s, "*_")
	return strings.TrimSpace(s)
}

// isPlaceholder recognises what issue forms put in empty answers.
func isPlaceholder(s string) bool {
	switch strings.ToLower(strings.Trim(s, "_*. ")) {
	case "no response", "n/a", "na", "none", "-", "", "...", "tbd":
		return true
	}
	return false
}

// summarize keeps the first prose of a comment, without code or quotes,
// cut at a word boundary.
func summarize(body string, limit int) string {
	var parts []string
	for _, tl := range splitLines(body) {
		t := strings.TrimSpace(tl.text)
		if tl.inCode || t == "" || strings.HasPrefix(t, ">") {
			continue
		}
		parts = append(parts, t)
	}
	s := strings.Join(parts, " ")
	if len(s) <= limit {
		return s
	}
	cut := strings.LastIndex(s[:limit], " ")
	if cut < limit/2 {
		cut = limit
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
	}
	return s[:cut] + "…"
}

// dedupe drops repeated references, keeping the first place each appears.
func (r *Requirements) dedupe() {
	for _, list := range []*[]Item{&r.Files, &r.Symbols, &r.Links, &r.Environment, &r.AcceptanceCriteria} {
		seen := map[string]bool{}
		out := (*list)[:0]
		for _, it := range *list {
			k := strings.ToLower(it.Key + "\x00" + it.Text)
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, it)
		}
		*list = out
	}
}
