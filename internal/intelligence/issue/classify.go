package issue

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/oss-dev/oss-dev/internal/model"
)

// Type is OSS-Dev's issue type.
type Type string

// The seven issue types. Maintenance covers refactoring, clean-ups,
// dependency bumps and build or CI chores.
const (
	TypeBug           Type = "bug"
	TypeFeature       Type = "feature"
	TypeDocumentation Type = "documentation"
	TypeQuestion      Type = "question"
	TypeMaintenance   Type = "maintenance"
	TypePerformance   Type = "performance"
	TypeSecurity      Type = "security"
)

// BaseLabel maps a type onto the three labels the classifier was trained
// on: bug, performance and security to bug; feature, documentation and
// maintenance to feature; question to question.
func (t Type) BaseLabel() string {
	switch t {
	case TypeBug, TypePerformance, TypeSecurity:
		return "bug"
	case TypeQuestion:
		return "question"
	default:
		return "feature"
	}
}

// Evidence is one signal behind a finding and where it was found.
type Evidence struct {
	// Signal says what was recognised ("label", "title keyword", "model").
	Signal string `json:"signal"`
	// Source is where: title, body, label, comment N.
	Source string `json:"source"`
	Text   string `json:"text"`
}

// Classification is an issue's type with its confidence and evidence.
type Classification struct {
	Type Type `json:"type"`
	// Confidence is the probability of the base label (bug, feature or
	// question) that Type refines, between 0 and 1.
	Confidence float64 `json:"confidence"`
	// Base is the three-way label the type refines, and Probabilities the
	// model's probability for each of the three.
	Base          string             `json:"base"`
	Probabilities map[string]float64 `json:"probabilities"`
	// Source is "model" when the statistical model decided the base label,
	// or "label" when one of the issue's labels did.
	Source   string     `json:"source"`
	Evidence []Evidence `json:"evidence"`
}

// Classify types an issue: the embedded model gives bug, feature or
// question (unless a label of the issue says so), and the rules of
// refineType turn that into one of the seven types.
func Classify(iss model.Issue) (Classification, error) {
	m, err := DefaultModel()
	if err != nil {
		return Classification{}, err
	}
	return m.Classify(iss), nil
}

// Classify is the package-level Classify with this model.
func (m *Model) Classify(iss model.Issue) Classification {
	probs := m.Predict(iss.Title, iss.Body)
	c := Classification{Probabilities: map[string]float64{}, Source: "model"}
	for i, l := range m.Labels {
		c.Probabilities[l] = round4(probs[i])
	}
	best := argmax(probs)
	c.Base = m.Labels[best]
	c.Confidence = round4(probs[best])
	c.Evidence = append(c.Evidence, Evidence{Signal: "model", Source: "title and body", Text: fmt.Sprintf("%s with probability %.2f", c.Base, probs[best])})
	if base, ev, ok := labelBase(iss.Labels); ok {
		c.Base, c.Source = base, "label"
		c.Confidence = 1
		c.Evidence = append(c.Evidence, ev)
	} else if base, ev, ok := templateBase(iss.Body); ok && base != c.Base && c.Confidence < templateTrust {
		c.Base, c.Source = base, "template"
		c.Evidence = append(c.Evidence, ev)
	}
	t, evs := refineType(c.Base, iss)
	c.Type = t
	c.Evidence = append(c.Evidence, evs...)
	return c
}

// templateTrust is the model confidence under which an issue template's
// headings decide: GitHub's bug and feature templates say what the reporter
// chose, which the model only guesses from the words.
const templateTrust = 0.6

// templateBase reads the kind of issue template the body was written in:
// at least two headings of one kind and none of the other.
func templateBase(body string) (string, Evidence, bool) {
	count := func(re func() *regexp.Regexp) (int, string) {
		m := re().FindAllString(body, -1)
		if len(m) == 0 {
			return 0, ""
		}
		return len(m), strings.TrimSpace(m[0])
	}
	bugs, bugText := count(reBugTemplate)
	feats, featText := count(reFeatureTemplate)
	switch {
	case bugs >= 2 && feats == 0:
		return "bug", Evidence{Signal: "template", Source: "body", Text: bugText}, true
	case feats >= 2 && bugs == 0:
		return "feature", Evidence{Signal: "template", Source: "body", Text: featText}, true
	}
	return "", Evidence{}, false
}

var (
	reBugTemplate     = lazyRegexp(`(?im)^\s*(?:#{1,6}\s*|\*\*)?(describe the bug|bug report|to reproduce|steps to reproduce|reproduction steps|expected behaviou?r|actual behaviou?r|current behaviou?r|observed behaviou?r)\b`)
	reFeatureTemplate = lazyRegexp(`(?im)^\s*(?:#{1,6}\s*|\*\*)?(is your feature request related to a problem|describe the solution you'?d like|describe alternatives you'?ve considered|feature request|proposed solution|alternatives considered)\b`)
)

// Label names that settle the three-way label or the refined type. Names
// are compared lower-case with "type:", "kind/" and similar prefixes removed.
var (
	baseLabels = map[string]string{
		"bug": "bug", "defect": "bug", "regression": "bug", "crash": "bug", "confirmed bug": "bug",
		"feature": "feature", "enhancement": "feature", "feature request": "feature", "feature-request": "feature", "proposal": "feature",
		"question": "question", "support": "question", "help wanted question": "question", "usage": "question", "discussion": "question",
	}
	typeLabels = map[string]Type{
		"security": TypeSecurity, "vulnerability": TypeSecurity, "cve": TypeSecurity,
		"performance": TypePerformance, "perf": TypePerformance, "slow": TypePerformance,
		"documentation": TypeDocumentation, "docs": TypeDocumentation, "doc": TypeDocumentation,
		"refactor": TypeMaintenance, "refactoring": TypeMaintenance, "tech debt": TypeMaintenance, "technical debt": TypeMaintenance,
		"chore": TypeMaintenance, "cleanup": TypeMaintenance, "maintenance": TypeMaintenance, "dependencies": TypeMaintenance, "ci": TypeMaintenance, "build": TypeMaintenance,
	}
	reLabelPrefix = lazyRegexp(`^(type|kind|t|area|category|issue)\s*[:/-]\s*`)
)

func normLabel(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.TrimLeft(n, ":.-_ ")
	// Emoji-prefixed labels ("🐛 bug") keep only their words.
	n = strings.TrimLeftFunc(n, func(r rune) bool { return r > 0x2000 || r == ' ' })
	return reLabelPrefix().ReplaceAllString(n, "")
}

func labelBase(labels []model.Label) (string, Evidence, bool) {
	for _, l := range labels {
		if b, ok := baseLabels[normLabel(l.Name)]; ok {
			return b, Evidence{Signal: "label", Source: "label", Text: l.Name}, true
		}
	}
	return "", Evidence{}, false
}

// Title and body patterns of the second stage.
var (
	reSecurityStrong = lazyRegexp(`(?i)\b(cve-\d{4}-\d+|vulnerabilit(y|ies)|vulnerable|xss|cross-site scripting|csrf|sql injection|command injection|remote code execution|rce|privilege escalation|security (issue|flaw|bug|hole)|exploit(able)?|ghsa-[a-z0-9-]+)\b`)
	reSecurityWeak   = lazyRegexp(`(?i)\b(security|unsafe|insecure|leak(s|ed)? (credentials|secrets|tokens?|passwords?)|denial of service|dos attack|buffer overflow|use-after-free|out-of-bounds (read|write))\b`)
	rePerformance    = lazyRegexp(`(?i)\b(slow(er|ness|ly|s)?|performance|perf|latency|memory leak|leaks? memory|high (cpu|memory)|cpu usage|memory usage|(consumes|uses) too much (memory|cpu)|hang(s|ing)?|freez(e|es|ing)|lag(gy|s)?|takes (too long|\d+ ?(s|ms|sec|seconds|minutes))|out of memory|oom|speed ?up|faster|throughput|bottleneck)\b`)
	reDocsStrong     = lazyRegexp(`(?i)^\s*(\[(docs?|documentation)\]|(docs?|documentation)\s*[:(]|(docs?|documentation)\b)`)
	reDocs           = lazyRegexp(`(?i)\b(docs?|documentation|readme|typo(s)?|tutorial|docstring|javadoc|godoc|jsdoc|api reference|man ?page|changelog|wiki|misleading comment|example in the (docs|documentation))\b`)
	reMaintenance    = lazyRegexp(`(?i)(^\s*(chore|refactor|ci|build|deps|test)(\([^)]*\))?!?:|\b(refactor(ing|ed)?|clean ?up|tech(nical)? debt|deprecat(e|ed|ion)|remove (unused|dead)|dead code|bump \S+|upgrade (dependenc(y|ies)|deps)|update dependenc(y|ies)|migrate (to|from|away)|lint(er|ing)? (warnings?|errors?)|flaky tests?|modernize|simplify|rename)\b)`)
)

// refineType applies the second stage over the three-way label. Labels on
// the issue win; otherwise title (and, for security, body) keywords refine
// only the base label they belong under, so the refinement never moves an
// issue across bug, feature and question except for an explicit "[docs]"
// title prefix:
//   - security: a security label; a strong security phrase (CVE id,
//     vulnerability, XSS, injection, RCE) in the title or body of a bug, or
//     in the title of anything; a weaker one ("security", "unsafe") in the
//     title of a bug.
//   - performance: a performance label; a performance phrase (slow,
//     latency, memory leak, hangs, high CPU) in the title of a bug.
//   - documentation: a documentation label; a title that starts with
//     "docs"/"[docs]"/"documentation"; a docs phrase (docs, README, typo,
//     tutorial, docstring) in the title of a feature.
//   - maintenance: a refactor/chore/dependencies/CI label; a conventional
//     "chore:"/"refactor:"/"ci:" title or a maintenance phrase (refactor,
//     clean up, deprecate, bump, tech debt, flaky test) in the title of a
//     feature.
func refineType(base string, iss model.Issue) (Type, []Evidence) {
	for _, l := range iss.Labels {
		if t, ok := typeLabels[normLabel(l.Name)]; ok {
			return t, []Evidence{{Signal: "label", Source: "label", Text: l.Name}}
		}
	}
	title := iss.Title
	if m := reSecurityStrong().FindString(title); m != "" {
		return TypeSecurity, []Evidence{{Signal: "security phrase", Source: "title", Text: m}}
	}
	if base == "bug" {
		if m := reSecurityStrong().FindString(iss.Body); m != "" {
			return TypeSecurity, []Evidence{{Signal: "security phrase", Source: "body", Text: m}}
		}
		if m := reSecurityWeak().FindString(title); m != "" {
			return TypeSecurity, []Evidence{{Signal: "security phrase", Source: "title", Text: m}}
		}
		if m := rePerformance().FindString(title); m != "" {
			return TypePerformance, []Evidence{{Signal: "performance phrase", Source: "title", Text: m}}
		}
	}
	if m := reDocsStrong().FindString(title); m != "" {
		return TypeDocumentation, []Evidence{{Signal: "documentation prefix", Source: "title", Text: strings.TrimSpace(m)}}
	}
	if base == "feature" {
		if m := reDocs().FindString(title); m != "" {
			return TypeDocumentation, []Evidence{{Signal: "documentation phrase", Source: "title", Text: m}}
		}
	}
	if base == "feature" {
		if m := reMaintenance().FindString(title); m != "" {
			return TypeMaintenance, []Evidence{{Signal: "maintenance phrase", Source: "title", Text: strings.TrimSpace(m)}}
		}
	}
	switch base {
	case "bug":
		return TypeBug, nil
	case "question":
		return TypeQuestion, nil
	default:
		return TypeFeature, nil
	}
}
