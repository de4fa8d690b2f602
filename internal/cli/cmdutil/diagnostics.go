package cmdutil

import (
	"fmt"
	"io"
	"strings"

	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/diag"
)

// PrintDiagnostics writes each diagnostic as FormatDiagnostic does, every
// line after indent.
func PrintDiagnostics(w io.Writer, cs *iostreams.ColorScheme, indent string, ds []diag.Diagnostic) error {
	for _, d := range ds {
		if _, err := io.WriteString(w, FormatDiagnostic(cs, indent, d)); err != nil {
			return err
		}
	}
	return nil
}

// FormatDiagnostic is the one terminal rendering of a warning or a note:
// an icon for its severity, where it comes from and its summary, then its
// detail indented on the lines below. Summary, detail and file may come
// from a repository, GitHub or a model, so they are sanitised here.
func FormatDiagnostic(cs *iostreams.ColorScheme, indent string, d diag.Diagnostic) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s %s\n", indent, severityIcon(cs, d.Severity), oneLine(d.String()))
	if d.Detail != "" {
		for _, l := range strings.Split(iostreams.Sanitize(d.Detail), "\n") {
			fmt.Fprintf(&b, "%s    %s\n", indent, cs.Gray(l))
		}
	}
	return b.String()
}

// oneLine keeps a summary on its line, so that it cannot print a line that
// looks like another.
func oneLine(s string) string {
	return strings.ReplaceAll(iostreams.Sanitize(s), "\n", " ")
}

func severityIcon(cs *iostreams.ColorScheme, s diag.Severity) string {
	switch s {
	case diag.Error:
		return cs.FailureIcon()
	case diag.Warning:
		return cs.WarningIcon()
	}
	return cs.Gray("note:")
}
