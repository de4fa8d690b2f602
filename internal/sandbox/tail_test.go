package sandbox

import (
	"strings"
	"testing"
)

func TestTailKeepsTheEnd(t *testing.T) {
	var tl Tail
	tl.Max = 8
	tl.Write([]byte("abc"))
	if tl.String() != "abc" || tl.Cut() {
		t.Fatalf("short output: %q cut=%v", tl.String(), tl.Cut())
	}
	for i := 0; i < 10; i++ {
		tl.Write([]byte(strings.Repeat(string(rune('a'+i)), 3)))
	}
	if got := tl.String(); len(got) != 8 || got != "hhiiijjj" || !tl.Cut() {
		t.Fatalf("long output: %q cut=%v; want the last 8 bytes, cut", got, tl.Cut())
	}
}
