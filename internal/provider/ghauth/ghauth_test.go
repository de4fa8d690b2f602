package ghauth

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// isolate clears every variable the resolver reads and points gh's config
// folder at an empty temporary one.
func isolate(t *testing.T) string {
	t.Helper()
	for _, v := range []string{"GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "GH_PATH"} {
		t.Setenv(v, "")
	}
	dir := t.TempDir()
	t.Setenv("GH_CONFIG_DIR", dir)
	t.Setenv("PATH", t.TempDir()) // no real gh
	return dir
}

func writeHosts(t *testing.T, dir, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "hosts.yml"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// fakeGh writes an executable gh script; skipped where sh scripts cannot run.
func fakeGh(t *testing.T, script string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake gh is a shell script")
	}
	path := filepath.Join(t.TempDir(), "gh")
	if err := os.WriteFile(path, []byte("#!/bin/sh\nPATH=/usr/bin:/bin\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

const hostsWithToken = `github.com:
    users:
        octocat:
            oauth_token: gho_hostsfiletokenAAAAAAAAAAAAAAAAAAAAAAAA
    git_protocol: https
    oauth_token: gho_hostsfiletokenAAAAAAAAAAAAAAAAAAAAAAAA
    user: octocat
ghe.example.com:
    oauth_token: gho_enterprisehostsfileBBBBBBBBBBBBBBBBBBBBBB
    user: monalisa
`

// hostsKeyring is what gh writes when the token lives in the keyring.
const hostsKeyring = `github.com:
    users:
        octocat:
    git_protocol: https
    user: octocat
`

func TestResolveOrder(t *testing.T) {
	tests := []struct {
		name       string
		host       string
		env        map[string]string
		hosts      string
		wantSource string
		wantValue  string
	}{
		{name: "GH_TOKEN first", host: "github.com",
			env:        map[string]string{"GH_TOKEN": "gh-env", "GITHUB_TOKEN": "github-env"},
			hosts:      hostsWithToken,
			wantSource: SourceGHToken, wantValue: "gh-env"},
		{name: "GITHUB_TOKEN second", host: "github.com",
			env:        map[string]string{"GITHUB_TOKEN": "github-env"},
			hosts:      hostsWithToken,
			wantSource: SourceGitHubToken, wantValue: "github-env"},
		{name: "hosts.yml third", host: "github.com",
			hosts:      hostsWithToken,
			wantSource: SourceHostsFile, wantValue: "gho_hostsfiletokenAAAAAAAAAAAAAAAAAAAAAAAA"},
		{name: "empty host means github.com", host: "",
			hosts:      hostsWithToken,
			wantSource: SourceHostsFile, wantValue: "gho_hostsfiletokenAAAAAAAAAAAAAAAAAAAAAAAA"},
		{name: "api subdomain normalised", host: "api.github.com",
			env:        map[string]string{"GH_TOKEN": "gh-env"},
			wantSource: SourceGHToken, wantValue: "gh-env"},
		{name: "nothing", host: "github.com",
			wantSource: SourceNone},
		{name: "whitespace-only variable skipped", host: "github.com",
			env:        map[string]string{"GH_TOKEN": "  ", "GITHUB_TOKEN": "github-env"},
			wantSource: SourceGitHubToken, wantValue: "github-env"},
		{name: "enterprise variables first", host: "ghe.example.com",
			env:        map[string]string{"GH_TOKEN": "gh-env", "GH_ENTERPRISE_TOKEN": "ent", "GITHUB_ENTERPRISE_TOKEN": "ent2"},
			hosts:      hostsWithToken,
			wantSource: SourceGHEnterpriseToken, wantValue: "ent"},
		{name: "GITHUB_ENTERPRISE_TOKEN second", host: "ghe.example.com",
			env:        map[string]string{"GITHUB_ENTERPRISE_TOKEN": "ent2"},
			wantSource: SourceGitHubEnterpriseToken, wantValue: "ent2"},
		{name: "GH_TOKEN never goes to an enterprise host", host: "ghe.example.com",
			env:        map[string]string{"GH_TOKEN": "gh-env", "GITHUB_TOKEN": "github-env"},
			hosts:      hostsWithToken,
			wantSource: SourceHostsFile, wantValue: "gho_enterprisehostsfileBBBBBBBBBBBBBBBBBBBBBB"},
		{name: "enterprise without any", host: "ghe.example.com",
			env:        map[string]string{"GH_TOKEN": "gh-env"},
			wantSource: SourceNone},
		{name: "tenancy host takes GH_TOKEN", host: "acme.ghe.com",
			env:        map[string]string{"GH_TOKEN": "gh-env", "GH_ENTERPRISE_TOKEN": "ent"},
			wantSource: SourceGHToken, wantValue: "gh-env"},
		{name: "malformed hosts.yml is no token", host: "github.com",
			hosts:      "github.com: [unclosed\n\t:::",
			wantSource: SourceNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := isolate(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			if tt.hosts != "" {
				writeHosts(t, dir, tt.hosts)
			}
			got := Resolve(context.Background(), tt.host)
			if got.Source != tt.wantSource || got.Value != tt.wantValue {
				t.Fatalf("Resolve(%q) = source %q value %q; want %q %q", tt.host, got.Source, got.Value, tt.wantSource, tt.wantValue)
			}
		})
	}
}

func TestResolveKeyringThroughGh(t *testing.T) {
	dir := isolate(t)
	writeHosts(t, dir, hostsKeyring)
	args := filepath.Join(t.TempDir(), "args")
	gh := fakeGh(t, `echo "$@" > `+args+`
echo gho_keyringtokenCCCCCCCCCCCCCCCCCCCCCCCCCC`)
	t.Setenv("GH_PATH", gh)

	got := Resolve(context.Background(), "github.com")
	if got.Source != SourceKeyring || got.Value != "gho_keyringtokenCCCCCCCCCCCCCCCCCCCCCCCCCC" {
		t.Fatalf("got %q %q", got.Source, got.Value)
	}
	data, err := os.ReadFile(args)
	if err != nil {
		t.Fatal(err)
	}
	if want := "auth token --secure-storage --hostname github.com"; strings.TrimSpace(string(data)) != want {
		t.Fatalf("gh ran with %q, want %q", data, want)
	}
}

func TestResolveSkipsGhForHostsItNeverLoggedInTo(t *testing.T) {
	isolate(t)
	marker := filepath.Join(t.TempDir(), "ran")
	gh := fakeGh(t, "touch "+marker+"\necho gho_shouldnotbeusedDDDDDDDDDDDDDDDDDDDDD")
	got := Resolver{GhPath: gh}.Resolve(context.Background(), "github.com")
	if got.Source != SourceNone {
		t.Fatalf("got source %q, want none", got.Source)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("gh was run although hosts.yml does not list the host")
	}
}

func TestResolveGhFailuresAreNoToken(t *testing.T) {
	tests := []struct{ name, script string }{
		{"exit status", "echo 'no oauth token found' >&2; exit 1"},
		{"empty output", "exit 0"},
		{"garbage output", "echo 'two words'"},
		{"hangs (locked keyring)", "sleep 30"},
		{"child keeps stdout open", "sleep 30 & echo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := isolate(t)
			writeHosts(t, dir, hostsKeyring)
			r := Resolver{GhPath: fakeGh(t, tt.script), GhTimeout: 300 * time.Millisecond}
			got := r.Resolve(context.Background(), "github.com")
			if got.Source != SourceNone || got.Value != "" {
				t.Fatalf("got %q %q, want none", got.Source, got.Value)
			}
		})
	}
}

func TestResolveWithoutGhInstalled(t *testing.T) {
	dir := isolate(t)
	writeHosts(t, dir, hostsKeyring)
	if got := Resolve(context.Background(), "github.com"); got.Source != SourceNone {
		t.Fatalf("got %q, want none", got.Source)
	}
}

func TestResolveHonoursCanceledContext(t *testing.T) {
	dir := isolate(t)
	writeHosts(t, dir, hostsKeyring)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := Resolver{GhPath: fakeGh(t, "sleep 30"), GhTimeout: time.Hour}
	if got := r.Resolve(ctx, "github.com"); got.Source != SourceNone {
		t.Fatalf("got %q, want none", got.Source)
	}
}

func TestTokenNeverPrints(t *testing.T) {
	const secret = "ghp_0123456789abcdefghijABCDEFGHIJ012345"
	tok := Token{Value: secret, Source: SourceGHToken, Host: "github.com"}
	var logs strings.Builder
	slog.New(slog.NewTextHandler(&logs, nil)).Info("resolved", "token", tok)
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("resolved", "token", tok)
	for _, s := range []string{fmt.Sprint(tok), fmt.Sprintf("%v %+v %#v %s", tok, tok, tok, tok), logs.String()} {
		if strings.Contains(s, secret) {
			t.Fatalf("token printed: %s", s)
		}
	}
	if !strings.Contains(tok.String(), SourceGHToken) {
		t.Fatalf("String() = %q does not name the source", tok.String())
	}
}
