package ghauth

import (
	"strings"
	"testing"
)

// FuzzHostsToken reads any text as gh's hosts.yml: never a panic; a token
// only for a host the file lists, trimmed, and found in the file.
func FuzzHostsToken(f *testing.F) {
	f.Add([]byte("github.com:\n    oauth_token: gho_abc\n    user: octocat\n    git_protocol: https\n"), "github.com")
	f.Add([]byte("github.com:\n    user: octocat\n"), "github.com")
	f.Add([]byte("ghe.example.com:\n    oauth_token: \"  x  \"\n"), "ghe.example.com")
	f.Add([]byte("github.com: [1, 2]\n"), "github.com")
	f.Add([]byte("github.com:\n  oauth_token: {a: b}\n"), "github.com")
	f.Add([]byte("- a\n- b\n"), "github.com")
	f.Add([]byte("a: &x\n  b: *x\n"), "a")
	f.Add([]byte("\t: :\n"), "")
	f.Fuzz(func(t *testing.T, data []byte, host string) {
		listed, token := hostsToken(data, host)
		if token == "" {
			return
		}
		if !listed {
			t.Fatalf("a token for a host the file does not list")
		}
		if token != strings.TrimSpace(token) {
			t.Fatalf("token %q is not trimmed", token)
		}
	})
}
