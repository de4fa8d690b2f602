package mentoring

import (
	"regexp"
	"strings"
	"sync"

	"github.com/oss-dev/oss-dev/internal/safefile"
)

var (
	reHeading = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^#{1,6}\s+(.+?)\s*#*\s*$`) })
	reFixes   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\b(fix(es|ed)?|close[sd]?|resolve[sd]?)\s+#\d+`) })
)

// prView is what the pull request's body says; templates/pr_body.md.tmpl
// lays it out.
type prView struct {
	Number int
	// Title is the issue's, without a final full stop.
	Title string
	Files []string
	// TestCommand is the command the tests passed with, empty when none
	// was found and the change was tested by hand.
	TestCommand string
	Checklist   []prItem
}

type prItem struct {
	Text string
	Done bool
}

// prBody fills the repository's pull request template, or writes a plain
// body: what changed, Fixes #N, how it was tested, and the checklist.
func (ss *session) prBody(rm repoMeta, im issueMeta, number int, files []string, v Verification, val Validation) (string, error) {
	view := prView{Number: number, Title: strings.TrimSuffix(im.Title, "."), Files: files}
	if !v.Skipped {
		view.TestCommand = v.Command
	}
	for _, it := range val.Checklist {
		view.Checklist = append(view.Checklist, prItem{Text: it.Text, Done: it.Status == "addressed" || it.Status == "checked"})
	}
	var tmpl string
	if rm.PRTemplate != "" {
		// through the Root: a template linked to a file outside the
		// repository would publish that file in the pull request
		if data, err := ss.readInside(rm.PRTemplate, safefile.ConfigMax); err == nil {
			tmpl = string(data)
		}
	}
	if strings.TrimSpace(tmpl) == "" {
		return render("pr_body", view)
	}
	parts := map[string]string{}
	for _, name := range []string{"summary", "fixes", "testing", "checklist"} {
		text, err := render(name, view)
		if err != nil {
			return "", err
		}
		parts[name] = text
	}
	return fillTemplate(tmpl, parts["summary"], parts["fixes"], parts["testing"]) + parts["checklist"], nil
}

// fillTemplate writes the summary, the issue link and the testing note
// under the template's matching headings; what the template does not ask
// for goes at the top, so nothing is lost.
func fillTemplate(tmpl, summary, fixes, testing string) string {
	lines := strings.Split(strings.ReplaceAll(tmpl, "\r\n", "\n"), "\n")
	var out []string
	placed := map[string]bool{}
	for _, l := range lines {
		out = append(out, l)
		m := reHeading().FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			continue
		}
		h := strings.ToLower(m[1])
		switch {
		case !placed["summary"] && containsAny(h, "descri", "summary", "what", "change", "motivation", "context", "overview"):
			out = append(out, "", strings.TrimRight(summary, "\n"))
			placed["summary"] = true
		case !placed["fixes"] && containsAny(h, "issue", "related", "fixes", "closes", "ticket", "link"):
			out = append(out, "", fixes)
			placed["fixes"] = true
		case !placed["testing"] && containsAny(h, "test", "how", "verif"):
			out = append(out, "", testing)
			placed["testing"] = true
		}
	}
	body := strings.Join(out, "\n")
	var top []string
	if !placed["summary"] {
		top = append(top, strings.TrimRight(summary, "\n"))
	}
	if !placed["fixes"] && !reFixes().MatchString(body) {
		top = append(top, fixes)
	}
	if !placed["testing"] {
		top = append(top, testing)
	}
	if len(top) > 0 {
		body = strings.Join(top, "\n\n") + "\n\n" + body
	}
	return strings.TrimRight(body, "\n") + "\n"
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
