package iostreams

import (
	"strings"
	"testing"
)

// The attacks a title, file name or server message can carry, and what
// must be left of each.
func TestSanitizeRemovesEscapes(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Fix the install command", "Fix the install command"},
		{"tabs and newlines stay", "a\tb\nc", "a\tb\nc"},
		{"clear screen", "a\x1b[2Jb", "ab"},
		{"cursor up and erase", "ok\x1b[1A\x1b[Kfake", "okfake"},
		{"colour from outside", "\x1b[31mred\x1b[0m", "red"},
		{"conceal", "see\x1b[8mhidden", "seehidden"},
		{"window title by BEL", "x\x1b]0;pwned\x07y", "xy"},
		{"window title by ST", "x\x1b]2;pwned\x1b\\y", "xy"},
		{"OSC 52 clipboard", "x\x1b]52;c;cm0gLXJmIH4=\x07y", "xy"},
		{"hyperlink", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"DCS", "a\x1bP1$r0m\x1b\\b", "ab"},
		{"APC", "a\x1b_payload\x1b\\b", "ab"},
		{"PM and SOS", "a\x1b^pm\x1b\\b\x1bXsos\x1b\\c", "abc"},
		{"full reset", "a\x1bcb", "ab"},
		{"charset switch", "a\x1b(0b", "ab"},
		{"lone ESC at the end", "a\x1b", "a"},
		{"unterminated OSC swallows the rest of its line", "a\x1b]0;title\nnext", "a\nnext"},
		{"8-bit CSI", "a\u009b2Jb", "ab"},
		{"8-bit OSC", "a\u009d0;t\u009cb", "ab"},
		{"other C1", "a\u0085b\u0084c", "abc"},
		{"raw 8-bit CSI byte", "a\x9b2Jb", "a\ufffd2Jb"},
		{"C0 and DEL", "a\x00b\x07c\x08d\x7fe", "abcde"},
		{"CR overwrites nothing", "safe\rrm -rf /", "safe\nrm -rf /"},
		{"CRLF", "a\r\nb", "a\nb"},
		{"bidi override", "ls \u202eevil", "ls evil"},
		{"unicode kept", "café — ✓ 日本", "café — ✓ 日本"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Fatalf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeKeepsOnlyOurColours(t *testing.T) {
	cs := &ColorScheme{enabled: true}
	ours := cs.Bold("title") + " " + cs.Red("X") + " " + cs.Gray("note")
	if got := sanitize(ours, true); got != ours {
		t.Fatalf("our colour codes were changed: %q", got)
	}
	if got := sanitize(ours, false); got != "title X note" {
		t.Fatalf("colour off: %q", got)
	}
	for _, foreign := range []string{"\x1b[8m", "\x1b[30;40m", "\x1b[2J", "\x1b[38;5;0m", "\x1b]0;t\x07"} {
		if got := sanitize("a"+foreign+"b", true); got != "ab" {
			t.Errorf("kept %q: %q", foreign, got)
		}
	}
}

// Everything printed on the guarded streams is sanitised and redacted,
// even when a write splits an escape sequence or a secret, and even when
// an escape sequence was put inside the secret to get it past a mask.
func TestGuardedStreams(t *testing.T) {
	ios, _, out, errOut := Guarded()
	ios.Redactor().Add("plain-looking-secret")
	ios.SetColorEnabled(true)
	cs := ios.ColorScheme()
	text := cs.Green("ok") + " title \x1b]0;pwned\x07 plain-\x1b[mlooking-secret\nnext"
	for i := 0; i < len(text); i++ {
		_, _ = ios.Out.Write([]byte{text[i]})
	}
	_, _ = ios.ErrOut.Write([]byte("error: plain-looking-secret\x1b[2J"))
	if strings.Contains(out.String(), "next") {
		t.Fatalf("a partial line was written before Flush: %q", out.String())
	}
	ios.Flush()
	if want := cs.Green("ok") + " title  ****\nnext"; out.String() != want {
		t.Fatalf("stdout %q, want %q", out.String(), want)
	}
	if errOut.String() != "error: ****" {
		t.Fatalf("stderr %q", errOut.String())
	}
}
