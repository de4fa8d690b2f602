package approval

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// hostileLine is one command of the attacker's corpus and its class
// comment.
type hostileLine struct {
	line    int
	class   string
	command string
}

// readHostile reads testdata/hostile.txt: "# class: ..." lines name the
// class of the commands below them; ⏎ stands for a newline.
func readHostile(t testing.TB, path string) []hostileLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []hostileLine
	class := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if c, ok := strings.CutPrefix(line, "# class: "); ok {
			class = c
			continue
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if class == "" {
			t.Fatalf("hostile line %d has no class comment above it", n)
		}
		out = append(out, hostileLine{line: n, class: class, command: strings.ReplaceAll(line, "⏎", "\n")})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHostileCommandsAreDangerous classifies every line an attacker wrote
// against the classifier, in a clean and a dirty tree: each must be
// dangerous, so that no policy, yolo included, approves it.
func TestHostileCommandsAreDangerous(t *testing.T) {
	root := corpusRepo(t)
	lines := readHostile(t, "testdata/hostile.txt")
	if len(lines) < 250 {
		t.Fatalf("the hostile corpus has %d commands; it must keep at least 250", len(lines))
	}
	for _, dirty := range []bool{false, true} {
		env := Environment{RepoRoot: root, HomeDir: "/home/dev", DefaultBranch: "main", Dirty: dirty}
		for _, h := range lines {
			a := Classify(h.command, env)
			if a.Class != Dangerous {
				t.Errorf("line %d (%s, dirty=%v): %q is %s: %s", h.line, h.class, dirty, h.command, a.Class, a.Reason)
			}
			if a.Reason == "" {
				t.Errorf("line %d: %q is refused without a reason", h.line, h.command)
			}
		}
	}
}
