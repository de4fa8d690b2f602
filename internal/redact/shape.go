package redact

import (
	"regexp"
	"strings"
	"sync"
)

// Mask replaces a secret in redacted text.
const Mask = "****"

// tokenPrefixes are the prefixes of GitHub's token formats: personal access
// tokens (classic and fine-grained), OAuth, user-to-server, server-to-server
// and refresh tokens.
var tokenPrefixes = [...]string{"github_pat_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_"}

// minTokenBody is the shortest run after a prefix treated as a token; real
// ones are 36 (classic) to 82 (fine-grained) characters, and a shorter bound
// keeps prose such as "ghp_ tokens" intact.
const minTokenBody = 20

// Shapes replaces what looks like a secret in s with Mask: GitHub tokens by
// their prefixes, other vendors' API keys, the credential of any "Authorization:" header line, and
// the password (or lone user name) of a URL's userinfo. Use a Redactor to
// also remove known values that have no recognisable shape.
func Shapes(s string) string {
	return redactURLUserinfo(redactAuthHeaders(redactVendorKeys(redactPatterns(s))))
}

// vendorKeys matches the key formats of other services a contributor's
// environment or a command line may hold: OpenAI-style sk- keys, Google
// API keys and Slack tokens.
var vendorKeys = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`sk-[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{30,}|xox[abpr]-[A-Za-z0-9-]{10,}`)
})

// redactVendorKeys masks vendorKeys; the regular expression is built only
// when s holds one of their prefixes.
func redactVendorKeys(s string) string {
	if !strings.Contains(s, "sk-") && !strings.Contains(s, "AIza") && !strings.Contains(s, "xox") {
		return s
	}
	return vendorKeys().ReplaceAllString(s, Mask)
}

// redactPatterns masks prefix-shaped tokens.
func redactPatterns(s string) string {
	if strings.IndexByte(s, '_') < 0 { // every prefix has one
		return s
	}
	var b strings.Builder
	i, last := 0, 0
	for i < len(s) {
		n := tokenLenAt(s, i)
		if n == 0 {
			i++
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		b.WriteString(Mask)
		i += n
		last = i
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// tokenLenAt returns the length of the token starting at s[i], or 0.
func tokenLenAt(s string, i int) int {
	if s[i] != 'g' {
		return 0
	}
	for _, p := range tokenPrefixes {
		if !strings.HasPrefix(s[i:], p) {
			continue
		}
		j := i + len(p)
		for j < len(s) && isTokenByte(s[j]) {
			j++
		}
		if j-i-len(p) >= minTokenBody {
			return j - i
		}
		return 0
	}
	return 0
}

func isTokenByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// redactAuthHeaders masks the value of "Authorization:" header lines, as
// they appear in request dumps, keeping the scheme word.
func redactAuthHeaders(s string) string {
	const name = "authorization:"
	lower := asciiLower(s) // same length as s, unlike strings.ToLower
	if !strings.Contains(lower, name) {
		return s
	}
	var b strings.Builder
	last := 0
	for from := 0; ; {
		k := strings.Index(lower[from:], name)
		if k < 0 {
			break
		}
		start := from + k + len(name)
		end := start
		for end < len(s) && s[end] != '\n' && s[end] != '\r' {
			end++
		}
		value := strings.TrimSpace(s[start:end])
		keep := ""
		if sp := strings.IndexByte(value, ' '); sp > 0 {
			keep = value[:sp+1] // "Bearer ", "token ", "Basic "
		}
		b.WriteString(s[last:start])
		b.WriteString(" " + keep + Mask)
		last = end
		from = end
	}
	b.WriteString(s[last:])
	return b.String()
}

// asciiLower lowers A-Z only, so byte offsets in the result match s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}

// minLoneUser is the shortest user name without a password masked in a URL:
// https://TOKEN@host carries a token there, while ssh://git@host carries a
// plain name.
const minLoneUser = 16

// redactURLUserinfo masks the password of every scheme://user:password@
// in s, and a lone user name long enough to be a token.
func redactURLUserinfo(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+3])
		s = s[i+3:]
		end := strings.IndexAny(s, "/?#\\ \t\r\n'\"<>`")
		if end < 0 {
			end = len(s)
		}
		at := strings.LastIndexByte(s[:end], '@')
		if at < 0 {
			continue
		}
		user, _, hasPass := strings.Cut(s[:at], ":")
		switch {
		case hasPass:
			b.WriteString(user + ":" + Mask + "@")
		case len(user) >= minLoneUser:
			b.WriteString(Mask + "@")
		default:
			b.WriteString(s[:at+1])
		}
		s = s[at+1:]
	}
}
