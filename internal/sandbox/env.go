package sandbox

import (
	"strings"

	"github.com/oss-dev/oss-dev/internal/redact"
)

// secretEndings are the endings of a name's word (or of its singular)
// that say the variable holds a credential: GH_TOKEN, npm's _authToken,
// AWS_SECRET_ACCESS_KEY's SECRET, GIT_ASKPASS (a program that hands out
// passwords).
var secretEndings = [...]string{"TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "CREDENTIAL", "APIKEY", "ASKPASS"}

// secretWords say so only as whole words (or their singular): AUTH is in
// SSH_AUTH_SOCK (the SSH agent's socket) but not in GIT_AUTHOR_NAME, KEY
// in OPENAI_API_KEY but not in KEYBOARD_LAYOUT.
var secretWords = [...]string{"AUTH", "KEY", "PASS", "PAT", "CRED", "JWT", "COOKIE"}

// secretNames lead to credentials under names that do not say so: the
// sockets of the GPG agent and of an editor's git credential helper.
var secretNames = [...]string{"GPG_AGENT_INFO", "VSCODE_GIT_IPC_HANDLE"}

// WithoutSecrets returns env (KEY=VALUE entries) without the variables
// that hold a credential or lead to one, for a repository's command: its
// code could write them into the repository or send them away. A variable
// goes when its name says so (IsSecretName), or when its value looks like
// one (a token of a known format, a URL with a password, such as a proxy
// with its login). The rest stays, so that toolchains find their PATH,
// HOME, caches, locale and proxies.
func WithoutSecrets(env []string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		if IsSecretName(name) || redact.Shapes(value) != value {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// IsSecretName reports whether a variable's name says it holds a
// credential or the way to one. Every name the redactor masks is one.
func IsSecretName(name string) bool {
	if redact.IsSecretEnvName(name) {
		return true
	}
	upper := strings.ToUpper(name)
	for _, n := range secretNames {
		if upper == n {
			return true
		}
	}
	words := strings.FieldsFunc(upper, func(r rune) bool { return (r < 'A' || r > 'Z') && (r < '0' || r > '9') })
	for _, w := range words {
		if secretWord(w) || secretWord(strings.TrimSuffix(w, "S")) {
			return true
		}
	}
	return false
}

func secretWord(w string) bool {
	for _, s := range secretWords {
		if w == s {
			return true
		}
	}
	for _, s := range secretEndings {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}
