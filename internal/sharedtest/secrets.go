package sharedtest

import (
	"strings"
	"testing"
)

// Secret is a credential as a contributor's environment holds it. Find is
// the part that must never reach a repository's command: the value, or
// the password inside it.
type Secret struct {
	Name, Value, Find string
}

// Secrets are credentials of every kind a contributor's environment may
// hold: tokens and keys named as such, an agent socket, a credentials
// file, a proxy URL with a password and a token under a name that does
// not say so. Each value occurs nowhere else, so finding it in what a
// command saw proves it leaked.
func Secrets() []Secret {
	plain := func(name, value string) Secret { return Secret{name, value, value} }
	return []Secret{
		plain("GH_TOKEN", "ghp_"+strings.Repeat("Gh7", 12)),
		plain("GITHUB_TOKEN", "ghs_"+strings.Repeat("Gt4", 12)),
		plain("GH_ENTERPRISE_TOKEN", "ghp_"+strings.Repeat("Ge2", 12)),
		plain("OPENAI_API_KEY", "sk-"+strings.Repeat("Oa9", 10)),
		plain("OSS_DEV_MODEL__API_KEY", "model-key-Zx81Kq"),
		plain("AWS_SECRET_ACCESS_KEY", "aws-secret-Rq52Lm"),
		plain("AWS_SESSION_TOKEN", "aws-session-Vb30Nd"),
		plain("NPM_TOKEN", "npm-token-Wc77Pe"),
		plain("npm_config__authToken", "npm-auth-Hy64Tr"),
		plain("DATABASE_PASSWORD", "db-password-Kd19Sx"),
		plain("SSH_AUTH_SOCK", "/tmp/ssh-Ja55Qw/agent.4242"),
		plain("GIT_ASKPASS", "/opt/editor/askpass-Mn28Uv.sh"),
		plain("GOOGLE_APPLICATION_CREDENTIALS", "/home/ada/creds-Pf46Yb.json"),
		{"all_proxy", "socks5://ada:proxy-pass-Lt83Gh@proxy.example:1080", "proxy-pass-Lt83Gh"},
		plain("DEPLOY_BLOB", "github_pat_"+strings.Repeat("Dp6", 10)),
	}
}

// Toolchain are variables that builds need and that hold no secret; they
// must reach a repository's command.
func Toolchain() []string {
	return []string{"GOFLAGS=-mod=mod", "LANG=C.UTF-8", "ftp_proxy=http://proxy.example:3128",
		"no_proxy=.internal.example", "GIT_AUTHOR_NAME=Ada", "KEYBOARD_LAYOUT=dvorak"}
}

// SetSecrets puts Secrets and Toolchain in the process's environment for
// the rest of the test.
func SetSecrets(t *testing.T) {
	t.Helper()
	for _, s := range Secrets() {
		t.Setenv(s.Name, s.Value)
	}
	for _, kv := range Toolchain() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
}

// SecretEnv is env with Secrets and Toolchain added.
func SecretEnv(env []string) []string {
	out := append([]string(nil), env...)
	for _, s := range Secrets() {
		out = append(out, s.Name+"="+s.Value)
	}
	return append(out, Toolchain()...)
}

// RequireNoSecrets fails the test for each secret found in text, naming
// the variable and where (what) it was found, never its value.
func RequireNoSecrets(tb testing.TB, what, text string) {
	tb.Helper()
	for _, s := range Secrets() {
		if strings.Contains(text, s.Find) {
			tb.Errorf("%s holds the value of %s", what, s.Name)
		}
	}
}
