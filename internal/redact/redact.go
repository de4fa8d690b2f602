// Package redact keeps secrets out of what the program shows or stores.
//
// A Redactor is told the secret values the process knows (tokens, API keys,
// passwords in configured URLs) and masks each of them wherever it appears,
// whatever its shape, together with the forms a server or a log is likely
// to quote it in: base64 (as in a Basic Authorization header, at any byte
// offset), URL-encoded and JSON-escaped. Text shaped like a secret (GitHub
// token prefixes, the credential of an Authorization header, the password of
// a URL's userinfo) is masked even when its value was never told.
//
// The composition root makes one Redactor at start-up and puts it where
// output leaves the program: the terminal writers, the error renderer's
// streams, the request log, the HTTP cache and the audit log.
package redact

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// MinSecretLen is the shortest value masked by value. Shorter values are
// masked only where their shape shows them (a URL's userinfo, an
// Authorization header): masking every "true" or "1234" of the output would
// corrupt it and hide nothing an attacker could not guess.
const MinSecretLen = 6

// Redactor masks known secret values, their encoded forms and secret-shaped
// text. A nil *Redactor masks by shape only. It is safe for concurrent use.
type Redactor struct {
	mu    sync.RWMutex
	known map[string]bool
	forms []string // every masked form, longest first
}

// New returns a Redactor for the given secret values.
func New(secrets ...string) *Redactor {
	r := &Redactor{known: map[string]bool{}}
	r.Add(secrets...)
	return r
}

// Add tells r more secret values; empty, blank and short ones are ignored.
func (r *Redactor) Add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	changed := false
	for _, s := range secrets {
		s = strings.TrimSpace(s)
		if len(s) < MinSecretLen || r.known[s] {
			continue
		}
		r.known[s] = true
		r.forms = append(r.forms, formsOf(s)...)
		changed = true
	}
	if changed {
		r.forms = dedupeLongestFirst(r.forms)
	}
}

// AddURL tells r the password (and the user name, when it stands alone as a
// token does in https://TOKEN@host) of a URL's userinfo. A string that is
// not a URL adds nothing.
func (r *Redactor) AddURL(raw string) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.User == nil {
		return
	}
	if p, ok := u.User.Password(); ok {
		r.Add(p)
		return
	}
	r.Add(u.User.Username())
}

// secretEnvSuffixes mark environment variables that hold credentials:
// GH_TOKEN, GITHUB_TOKEN, GH_ENTERPRISE_TOKEN, OPENAI_API_KEY,
// GEMINI_API_KEY, OSS_DEV_MODEL__API_KEY and their kin in other tools.
var secretEnvSuffixes = [...]string{"TOKEN", "API_KEY", "APIKEY", "SECRET", "PASSWORD", "PASSWD", "CREDENTIALS"}

// AddEnv tells r every credential an environment ("NAME=value" entries)
// holds: the value of each variable named like one, and the password of
// any URL a variable holds (OSS_DEV_GITHUB__API_URL, a proxy). It reads no
// file and runs nothing, so it is cheap enough for every start.
func (r *Redactor) AddEnv(environ []string) {
	for _, kv := range environ {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || value == "" {
			continue
		}
		if IsSecretEnvName(name) {
			r.Add(value)
		}
		if strings.Contains(value, "://") {
			r.AddURL(value)
		}
	}
}

// IsSecretEnvName reports whether an environment variable's name says it
// holds a credential.
func IsSecretEnvName(name string) bool {
	name = strings.ToUpper(name)
	for _, s := range secretEnvSuffixes {
		if name == s || strings.HasSuffix(name, "_"+s) {
			return true
		}
	}
	return false
}

// Redact returns s with every known secret form and secret-shaped text
// replaced by Mask.
func (r *Redactor) Redact(s string) string {
	if r != nil {
		r.mu.RLock()
		for _, f := range r.forms {
			if strings.Contains(s, f) {
				s = strings.ReplaceAll(s, f, Mask)
			}
		}
		r.mu.RUnlock()
	}
	return Shapes(s)
}

// RedactBytes is Redact for a byte slice; it returns b itself when nothing
// was masked.
func (r *Redactor) RedactBytes(b []byte) []byte {
	s := string(b)
	if out := r.Redact(s); out != s {
		return []byte(out)
	}
	return b
}

// formsOf lists how s may be quoted: as it is, URL-encoded (query and path
// escaping), JSON-escaped, and base64 in both alphabets at each of the three
// byte offsets it can start at inside a longer encoded text.
func formsOf(s string) []string {
	forms := []string{s, url.QueryEscape(s), url.PathEscape(s)}
	if j, err := json.Marshal(s); err == nil {
		forms = append(forms, string(j[1:len(j)-1]))
	}
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		for off := 0; off < 3; off++ {
			if f := base64Core(enc, s, off); len(f) >= MinSecretLen {
				forms = append(forms, f)
			}
		}
	}
	return forms
}

// base64Core is the part of the base64 encoding of s, preceded by off other
// bytes, that depends on s alone: the characters that also take bits of the
// bytes before or after s are left out, so the form matches whatever
// surrounds s.
func base64Core(enc *base64.Encoding, s string, off int) string {
	full := enc.EncodeToString(append(make([]byte, off), s...))
	from := (8*off + 5) / 6
	to := 8 * (off + len(s)) / 6
	if to <= from {
		return ""
	}
	return full[from:to]
}

func dedupeLongestFirst(forms []string) []string {
	seen := map[string]bool{}
	out := forms[:0]
	for _, f := range forms {
		if f != "" && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}
