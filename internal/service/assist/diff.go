package assist

import (
	"fmt"
	"strings"
)

// contextLines is how many unchanged lines a hunk shows on each side.
const contextLines = 3

// unifiedDiff returns the change from before to after of the file at path
// as a unified diff with one hunk: the lines between the common start and
// the common end. One hunk is enough for an approval prompt and still
// applies with patch or git apply.
func unifiedDiff(path, before, after string, existed bool) string {
	if before == after && existed {
		return ""
	}
	a, b := splitLines(before), splitLines(after)
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	start := max(pre-contextLines, 0)
	endA := min(len(a)-suf+contextLines, len(a))
	endB := min(len(b)-suf+contextLines, len(b))
	var sb strings.Builder
	from := "a/" + path
	if !existed {
		from = "/dev/null"
	}
	fmt.Fprintf(&sb, "--- %s\n+++ b/%s\n", from, path)
	fmt.Fprintf(&sb, "@@ -%s +%s @@\n", hunkRange(start, endA-start), hunkRange(start, endB-start))
	for _, l := range a[start:pre] {
		writeLine(&sb, ' ', l)
	}
	for _, l := range a[pre : len(a)-suf] {
		writeLine(&sb, '-', l)
	}
	for _, l := range b[pre : len(b)-suf] {
		writeLine(&sb, '+', l)
	}
	for _, l := range a[len(a)-suf : endA] {
		writeLine(&sb, ' ', l)
	}
	return sb.String()
}

// splitLines splits s into lines that keep their newline, so a missing
// final newline shows in the diff.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func writeLine(sb *strings.Builder, mark byte, l string) {
	sb.WriteByte(mark)
	sb.WriteString(l)
	if !strings.HasSuffix(l, "\n") {
		sb.WriteString("\n\\ No newline at end of file\n")
	}
}

// hunkRange is a hunk header's "start,count" (start from 1; a count of 0
// names the line before).
func hunkRange(start, count int) string {
	if count == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if count == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, count)
}
