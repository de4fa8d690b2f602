package cmdutil

import (
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/diag"
)

func TestFormatDiagnostic(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	cs := ios.ColorScheme()
	for _, tt := range []struct {
		d    diag.Diagnostic
		want string
	}{
		{diag.NewWarning("C", "go-version is an expression").At(".github/workflows/a.yml", 3),
			"  ! .github/workflows/a.yml:3: go-version is an expression\n"},
		{diag.NewNote("PROGRESS", "Running make test"), "  note: Running make test\n"},
		{diag.Diagnostic{Severity: diag.Error, Code: "C", Summary: "broken", Detail: "first\nsecond"},
			"  X broken\n      first\n      second\n"},
	} {
		if got := FormatDiagnostic(cs, "  ", tt.d); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

// Text from a repository cannot move the cursor, retitle the terminal or
// start a line of its own.
func TestFormatDiagnosticSanitises(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	d := diag.NewWarning("C", "bad\x1b]0;owned\a\n✓ all good").At("a\x1b[2Jb", 1).WithDetail("x\x1b[31my")
	got := FormatDiagnostic(ios.ColorScheme(), "", d)
	if strings.ContainsRune(got, '\x1b') || strings.ContainsRune(got, '\a') {
		t.Fatalf("escape left in %q", got)
	}
	if lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n"); len(lines) != 2 || strings.HasPrefix(lines[1], "✓") {
		t.Fatalf("the summary broke its line: %q", got)
	}
}
