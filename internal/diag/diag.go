// Package diag is the one shape of a warning or a note that a result
// carries: a severity, a code, a summary, a detail and where it comes from
// (file and line). Every result that reports what it could not do, or what
// a person should know, uses it, so that --json has one shape for them and
// the terminal one rendering.
package diag

import (
	"encoding/json"
	"strconv"
)

// Severity says how much a diagnostic matters.
type Severity string

// The severities, most serious first.
const (
	// Error: the result is incomplete or wrong where the diagnostic says.
	Error Severity = "error"
	// Warning: something was skipped or could not be done; the rest stands.
	Warning Severity = "warning"
	// Note: worth knowing, nothing is wrong.
	Note Severity = "note"
)

// Code names the kind of a diagnostic, in capitals (LINK_OUTSIDE_REPOSITORY),
// so that scripts can tell kinds apart without reading the summary.
type Code string

// Source is where a diagnostic comes from: a file, relative to the
// repository when there is one, and a line from 1 (0 when unknown).
type Source struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
}

// String renders file:line, or file when the line is unknown.
func (s Source) String() string {
	if s.Line > 0 {
		return s.File + ":" + strconv.Itoa(s.Line)
	}
	return s.File
}

// Diagnostic is one warning or note. Its JSON shape:
//
//	{"severity": "error|warning|note", "code": "...", "summary": "...",
//	 "detail": "...", "source": {"file": "...", "line": N}}
//
// detail and source are left out when empty. Summary and Detail may hold
// text from a repository, GitHub or a model: sanitise them before a terminal.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	Code     Code     `json:"code"`
	Summary  string   `json:"summary"`
	Detail   string   `json:"detail,omitempty"`
	Source   *Source  `json:"source,omitempty"`
}

// String renders "file:line: summary", or the summary alone.
func (d Diagnostic) String() string {
	if d.Source != nil && d.Source.File != "" {
		return d.Source.String() + ": " + d.Summary
	}
	return d.Summary
}

// At returns d with its source set to file and line.
func (d Diagnostic) At(file string, line int) Diagnostic {
	d.Source = &Source{File: file, Line: line}
	return d
}

// WithDetail returns d with detail set.
func (d Diagnostic) WithDetail(detail string) Diagnostic {
	d.Detail = detail
	return d
}

// NewWarning is a warning with a code and a summary.
func NewWarning(code Code, summary string) Diagnostic {
	return Diagnostic{Severity: Warning, Code: code, Summary: summary}
}

// NewNote is a note with a code and a summary.
func NewNote(code Code, summary string) Diagnostic {
	return Diagnostic{Severity: Note, Code: code, Summary: summary}
}

// List is a result's diagnostics. Its JSON form is an array, never null.
type List []Diagnostic

// MarshalJSON writes an empty list as [] so that consumers need not test
// for null.
func (l List) MarshalJSON() ([]byte, error) {
	if l == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]Diagnostic(l))
}

// Strings renders each diagnostic as String does.
func (l List) Strings() []string {
	out := make([]string, 0, len(l))
	for _, d := range l {
		out = append(out, d.String())
	}
	return out
}
