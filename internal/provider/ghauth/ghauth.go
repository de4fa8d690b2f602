// Package ghauth finds the GitHub token OSS-Dev uses for a host, the way the
// gh CLI does, and keeps token values out of text that users or logs see.
//
// Resolution order for a host (see Resolve):
//
//   - github.com, *.ghe.com and github.localhost: GH_TOKEN, then GITHUB_TOKEN;
//   - any other host (GitHub Enterprise Server): GH_ENTERPRISE_TOKEN, then
//     GITHUB_ENTERPRISE_TOKEN. As in gh, GH_TOKEN is never sent to an
//     Enterprise host, so a github.com token cannot leak to another server;
//   - the gh CLI's stored login: the oauth_token of the host in gh's
//     hosts.yml (GH_CONFIG_DIR, else the XDG or platform config folder);
//   - when hosts.yml names the host but holds no token (gh keeps it in the
//     system keyring), `gh auth token --secure-storage --hostname HOST`, run
//     with a time bound so a locked keyring or a hung gh cannot hang us;
//   - else no token: requests go out unauthenticated.
package ghauth

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/cli/go-gh/v2/pkg/auth"
	"github.com/cli/go-gh/v2/pkg/config"
)

// Source names where a token came from. doctor shows these; the token value
// itself is never shown.
const (
	SourceGHToken               = "GH_TOKEN"
	SourceGitHubToken           = "GITHUB_TOKEN"
	SourceGHEnterpriseToken     = "GH_ENTERPRISE_TOKEN"
	SourceGitHubEnterpriseToken = "GITHUB_ENTERPRISE_TOKEN"
	SourceHostsFile             = "gh auth (hosts.yml)"
	SourceKeyring               = "gh auth (keyring)"
	SourceNone                  = "none"
)

// DefaultHost is the host of public GitHub.
const DefaultHost = "github.com"

// DefaultGhTimeout bounds the `gh auth token` call.
const DefaultGhTimeout = 5 * time.Second

// Token is a resolved credential. Its String, GoString and LogValue methods
// show the source only, so printing or logging a Token never leaks Value.
type Token struct {
	// Value is the secret; empty when Source is SourceNone.
	Value string
	// Source is one of the Source* names.
	Source string
	// Host is the normalised host the token is for.
	Host string
}

// IsSet reports whether a token was found.
func (t Token) IsSet() bool { return t.Value != "" }

// String returns a description without the secret.
func (t Token) String() string {
	if !t.IsSet() {
		return "no token for " + t.Host
	}
	return "token for " + t.Host + " from " + t.Source
}

// GoString keeps %#v from printing the secret.
func (t Token) GoString() string { return "ghauth.Token{" + t.String() + "}" }

// LogValue keeps slog from printing the secret.
func (t Token) LogValue() slog.Value {
	return slog.GroupValue(slog.String("host", t.Host), slog.String("source", t.Source))
}

// Resolver finds tokens. The zero value is ready to use; the fields exist so
// tests and callers can point it at a particular gh.
type Resolver struct {
	// GhPath is the gh executable. Empty means $GH_PATH, else gh on PATH.
	GhPath string
	// GhTimeout bounds `gh auth token`; zero means DefaultGhTimeout.
	GhTimeout time.Duration
}

// Resolve returns the token for host (a hostname such as "github.com" or
// "ghe.example.com"; "" means github.com) and where it came from. It never
// fails: a source that cannot be read is skipped, and the result may be
// SourceNone.
func Resolve(ctx context.Context, host string) Token {
	return Resolver{}.Resolve(ctx, host)
}

// Resolve is the package-level Resolve with r's settings.
func (r Resolver) Resolve(ctx context.Context, host string) Token {
	if host == "" {
		host = DefaultHost
	}
	host = auth.NormalizeHostname(host)
	for _, name := range envNames(host) {
		if v := strings.TrimSpace(os.Getenv(name)); v != "" {
			return Token{Value: v, Source: name, Host: host}
		}
	}
	listed, token := hostsFileToken(host)
	if token != "" {
		return Token{Value: token, Source: SourceHostsFile, Host: host}
	}
	// Only a host that gh has logged in to can have a keyring entry; asking
	// gh otherwise would cost a process start (and maybe a keyring prompt)
	// for nothing.
	if listed {
		if v := r.ghAuthToken(ctx, host); v != "" {
			return Token{Value: v, Source: SourceKeyring, Host: host}
		}
	}
	return Token{Source: SourceNone, Host: host}
}

// envNames lists the variables consulted for host, in order, as gh does.
func envNames(host string) []string {
	if auth.IsEnterprise(host) {
		return []string{SourceGHEnterpriseToken, SourceGitHubEnterpriseToken}
	}
	return []string{SourceGHToken, SourceGitHubToken}
}

// hostsFileToken reads gh's hosts.yml. listed reports whether the host has an
// entry at all; token is its oauth_token when stored in the file.
func hostsFileToken(host string) (listed bool, token string) {
	data, err := os.ReadFile(filepath.Join(config.ConfigDir(), "hosts.yml"))
	if err != nil {
		return false, ""
	}
	return hostsToken(data, host)
}

// hostsToken reads host's entry in the text of a hosts.yml, which may be
// anything: gh wrote it, but any program of the user's could have.
func hostsToken(data []byte, host string) (listed bool, token string) {
	cfg := config.ReadFromString(string(data))
	if _, err := cfg.Keys([]string{host}); err != nil {
		return false, ""
	}
	token, err := cfg.Get([]string{host, "oauth_token"})
	if err != nil {
		return true, ""
	}
	return true, strings.TrimSpace(token)
}

// ghAuthToken asks gh for the token it keeps in the system keyring. Any
// failure (no gh, an old gh without --secure-storage, a locked keyring, the
// time bound) yields "".
func (r Resolver) ghAuthToken(ctx context.Context, host string) string {
	path := r.GhPath
	if path == "" {
		path = os.Getenv("GH_PATH")
	}
	if path == "" {
		p, err := exec.LookPath("gh")
		if err != nil {
			return ""
		}
		path = p
	}
	timeout := r.GhTimeout
	if timeout <= 0 {
		timeout = DefaultGhTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "auth", "token", "--secure-storage", "--hostname", host)
	cmd.Env = append(os.Environ(), "GH_PROMPT_DISABLED=1", "GH_NO_UPDATE_NOTIFIER=1")
	// A child that keeps our pipes open after gh is killed must not keep us
	// waiting either.
	cmd.WaitDelay = time.Second
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return ""
	}
	token := strings.TrimSpace(out.String())
	if token == "" || strings.ContainsAny(token, " \t\r\n") {
		return ""
	}
	return token
}
