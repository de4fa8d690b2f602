package sharedtest

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// CorpusLine is one command of a corpus file: "FIELD... | COMMAND".
type CorpusLine struct {
	// N is the 1-based line number in the file.
	N       int
	Fields  []string
	Command string
}

// ReadCorpus reads the "FIELD... | COMMAND" lines of the command corpora,
// skipping blank lines and # comments; a line without " | " fails the test.
func ReadCorpus(tb testing.TB, path string) []CorpusLine {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []CorpusLine
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		head, cmd, ok := strings.Cut(line, " | ")
		if !ok {
			tb.Fatalf("%s line %d: no ' | '", path, n)
		}
		out = append(out, CorpusLine{N: n, Fields: strings.Fields(head), Command: cmd})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}
