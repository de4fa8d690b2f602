package git

import (
	"strings"
	"testing"
)

// FuzzParseSymref: a remote (possibly hostile) answers ls-remote --symref;
// whatever it says, the branch found is a non-empty single line without a
// tab, taken from a "ref: refs/heads/X\tHEAD" line.
func FuzzParseSymref(f *testing.F) {
	f.Add([]byte("ref: refs/heads/main\tHEAD\n4b825dc642cb6eb9a060e54bf8d69288fbee4904\tHEAD\n"))
	f.Add([]byte("ref: refs/heads/\tHEAD\n"))
	f.Add([]byte("ref: refs/tags/v1\tHEAD\nref: refs/heads/dev\tHEAD \r\n"))
	f.Add([]byte("ref: refs/heads/a\x1b]0;t\x07\tHEAD"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, out []byte) {
		b, ok := ParseSymref(out)
		if !ok {
			if b != "" {
				t.Fatalf("no branch but %q", b)
			}
			return
		}
		if b == "" || strings.ContainsAny(b, "\n\t") {
			t.Fatalf("branch %q", b)
		}
		if !strings.Contains(string(out), "ref: refs/heads/"+b+"\t") {
			t.Fatalf("branch %q is not in the answer", b)
		}
	})
}

// FuzzParsePushRejections: one reason per rejected ("!") line of the
// porcelain output, none empty, none spanning lines.
func FuzzParsePushRejections(f *testing.F) {
	f.Add([]byte("To /tmp/up.git\n!\trefs/heads/b:refs/heads/b\t[rejected] (fetch first)\nDone\n"))
	f.Add([]byte("!\trefs/heads/b:refs/heads/b\t[remote rejected] (pre-receive hook declined)\n"))
	f.Add([]byte("!\tx\n!\ta\t(\n!\ta\t[]\n=\trefs/heads/a:refs/heads/a\t[up to date]\n"))
	f.Fuzz(func(t *testing.T, out []byte) {
		reasons := ParsePushRejections(out)
		want := 0
		for _, l := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(l, "!\t") {
				want++
			}
		}
		if len(reasons) != want {
			t.Fatalf("%d reasons for %d rejected lines", len(reasons), want)
		}
		for _, r := range reasons {
			if strings.Contains(r, "\n") {
				t.Fatalf("reason spans lines: %q", r)
			}
		}
	})
}

// FuzzRemoteNames: git remote's listing gives one name a line; no name is
// empty or keeps a line ending, and every name is a line of the output.
func FuzzRemoteNames(f *testing.F) {
	f.Add([]byte("origin\nupstream\n"))
	f.Add([]byte("origin\r\n\r\n\nfork"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, out []byte) {
		for _, n := range lines(out) {
			if n == "" || strings.ContainsAny(n, "\n") || strings.HasSuffix(n, "\r") {
				t.Fatalf("name %q", n)
			}
			if !strings.Contains(string(out), n) {
				t.Fatalf("name %q is not in the output", n)
			}
		}
	})
}
