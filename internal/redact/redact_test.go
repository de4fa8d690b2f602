package redact

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// An attacker's server quotes what it was sent in every form it might: the
// value itself, inside a Basic header at each byte offset, URL-encoded and
// JSON-escaped. None of them may survive.
func TestRedactorMasksEncodedForms(t *testing.T) {
	secret := `Zq7-plain/looking+secret="42"`
	r := New(secret)
	quoted := []string{
		secret,
		url.QueryEscape(secret),
		url.PathEscape(secret),
		base64.StdEncoding.EncodeToString([]byte("x-access-token:" + secret)),
		base64.StdEncoding.EncodeToString([]byte("u:" + secret + "!")),
		base64.StdEncoding.EncodeToString([]byte("us:" + secret)),
		base64.URLEncoding.EncodeToString([]byte("user:" + secret)),
		base64.StdEncoding.EncodeToString([]byte(secret)),
	}
	j, _ := json.Marshal(secret)
	quoted = append(quoted, string(j))
	for _, q := range quoted {
		got := r.Redact("the server said: " + q + " (end)")
		if !strings.Contains(got, Mask) {
			t.Errorf("nothing masked in the form %q: %q", q, got)
		}
		// What is left of a base64 form is at most the few characters that
		// also carry bits of the surrounding bytes.
		for _, probe := range []string{"Zq7-plain", "looking", "WnE3LXBsYWlu", "bG9va2luZyt"} {
			if strings.Contains(got, probe) {
				t.Errorf("form %q: %q survived in %q", q, probe, got)
			}
		}
	}
}

func TestRedactorSkipsShortValues(t *testing.T) {
	r := New("true", "", "  12345 ")
	if got := r.Redact(`{"draft": true, "n": 12345}`); got != `{"draft": true, "n": 12345}` {
		t.Fatalf("short values masked: %q", got)
	}
}

func TestRedactorAddURL(t *testing.T) {
	r := New()
	r.AddURL("https://alice:hunter2-long@ghe.example.com/api/v3")
	r.AddURL("https://" + strings.Repeat("t", 30) + "@example.com/")
	r.AddURL("not a url")
	got := r.Redact("password hunter2-long and token " + strings.Repeat("t", 30))
	if strings.Contains(got, "hunter2") || strings.Contains(got, "tttt") {
		t.Fatalf("URL secrets survived: %q", got)
	}
}

func TestShapesMaskURLUserinfo(t *testing.T) {
	tests := []struct{ in, want string }{
		{"api_url = \"https://alice:pw@ghe.example.com/api/v3\"", "api_url = \"https://alice:****@ghe.example.com/api/v3\""},
		{"GET https://u:p@h/x?y=https://v:q@i", "GET https://u:****@h/x?y=https://v:****@i"},
		{"https://" + strings.Repeat("a", 40) + "@github.com/o/r", "https://****@github.com/o/r"},
		{"ssh://git@github.com/o/r.git", "ssh://git@github.com/o/r.git"},
		{"see https://example.com/a@b", "see https://example.com/a@b"},
		{"mail me: a@b.example", "mail me: a@b.example"},
	}
	for _, tt := range tests {
		if got := Shapes(tt.in); got != tt.want {
			t.Errorf("Shapes(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestFilterWriterRedactsAfterTheFilter(t *testing.T) {
	secret := "plain-secret-value"
	var out strings.Builder
	w := New(secret).FilterWriter(&out, func(s string) string { return strings.ReplaceAll(s, "\x1b", "") })
	_, _ = w.Write([]byte("split plain-\x1bsecret-value\n"))
	if got := out.String(); got != "split ****\n" {
		t.Fatalf("got %q", got)
	}
}
