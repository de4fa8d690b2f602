package markdown

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// scheme returns a colour scheme with colour on or off.
func scheme(color bool) *iostreams.ColorScheme {
	ios, _, _, _ := iostreams.Test()
	ios.SetColorEnabled(color)
	return ios.ColorScheme()
}

// visible shows escape codes as "\e" so golden files can be read.
func visible(s string) string { return strings.ReplaceAll(s, "\x1b", `\e`) }

// TestGolden renders GitHub-like issue bodies with colour on and off, at
// two widths, and compares with testdata/golden (go test -update rewrites).
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "issues", "*.md"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, in := range inputs {
		src, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(in), ".md")
		for _, width := range []int{80, 44} {
			for _, color := range []bool{false, true} {
				mode := "plain"
				if color {
					mode = "color"
				}
				t.Run(fmt.Sprintf("%s/%d/%s", name, width, mode), func(t *testing.T) {
					got := Render(string(src), Options{Width: width, Color: scheme(color), HardWraps: true})
					checkInvariants(t, string(src), got, width, color)
					golden := filepath.Join("testdata", "golden", fmt.Sprintf("%s.%d.%s.txt", name, width, mode))
					if *update {
						if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(golden, []byte(visible(got)), 0o644); err != nil {
							t.Fatal(err)
						}
						return
					}
					want, err := os.ReadFile(golden)
					if err != nil {
						t.Fatalf("%v (run go test -update)", err)
					}
					if visible(got) != string(want) {
						t.Errorf("%s differs; got:\n%s", golden, visible(got))
					}
				})
			}
		}
	}
}

// checkInvariants holds for every rendering: no escape codes without
// colour, no line wider than the width outside code blocks, and no line
// ending in spaces.
func checkInvariants(t *testing.T, src, got string, width int, color bool) {
	t.Helper()
	if !color && strings.ContainsRune(got, 0x1b) {
		t.Errorf("escape codes without colour:\n%q", got)
	}
	code := codeLines(src)
	for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if textWidth(line) > width && !code[strings.TrimSpace(stripANSI(line))] {
			t.Errorf("line wider than %d: %q", width, line)
		}
		if strings.HasSuffix(line, " ") {
			t.Errorf("line ends in a space: %q", line)
		}
	}
}

// codeLines is the set of the trimmed lines of src, which code blocks may
// show wider than the width.
func codeLines(src string) map[string]bool {
	set := map[string]bool{}
	for _, l := range strings.Split(src, "\n") {
		set[strings.TrimSpace(l)] = true
	}
	return set
}

func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b {
			if j := strings.IndexByte(s[i:], 'm'); j >= 0 {
				i += j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
