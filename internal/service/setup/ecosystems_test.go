package setup

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/intelligence/toolchain"
)

// checkWith runs the checker on a repository with only bin (and the
// system's sh) on PATH.
func checkWith(t *testing.T, bin string, files map[string]string) Report {
	t.Helper()
	c := &Checker{Prober: Prober{Env: isolated(t, bin, true), Timeout: 5 * time.Second, GOOS: "linux"}, Managers: &toolchain.Managers{}}
	r, err := c.Check(context.Background(), writeTree(t, files))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDotnetPicksTheFittingSDK: dotnet lists every SDK it has; the check
// takes the one global.json accepts, not merely the newest.
func TestDotnetPicksTheFittingSDK(t *testing.T) {
	bin := t.TempDir()
	fakeProgram(t, bin, "dotnet", `[ "$1" = --list-sdks ] || { echo "unexpected $*" >&2; exit 2; }
echo "8.0.404 [/usr/share/dotnet/sdk]"
echo "9.0.100 [/usr/share/dotnet/sdk]"`)
	for _, tc := range []struct {
		name, policy string
		status       Status
		found        string
	}{
		{"in the band", "latestPatch", OK, "8.0.404"},
		{"any newer", "latestMajor", OK, "9.0.100"},
		{"exact and absent", "disable", Fail, "9.0.100"},
	} {
		r := checkWith(t, bin, map[string]string{
			"global.json": `{"sdk": {"version": "8.0.400", "rollForward": "` + tc.policy + `"}}`,
			"App.csproj":  "<TargetFramework>net8.0</TargetFramework>\n",
		})
		got := toolCheck(t, r, "dotnet")
		if got.Status != tc.status || got.Found != tc.found {
			t.Errorf("%s: %s found %q (%s); want %s with %s", tc.name, got.Status, got.Found, got.Message, tc.status, tc.found)
		}
		if tc.status == Fail && !strings.Contains(got.Message, "global.json:1") {
			t.Errorf("%s: the failure does not name global.json:1: %q", tc.name, got.Message)
		}
	}
}

// TestDotnetMissing: a .NET project on a machine without dotnet fails
// with a fix naming the SDK it needs.
func TestDotnetMissing(t *testing.T) {
	r := checkWith(t, t.TempDir(), map[string]string{"src/App/App.csproj": "<TargetFramework>net8.0</TargetFramework>\n"})
	got := toolCheck(t, r, "dotnet")
	if got.Status != Fail || !strings.Contains(got.Message, "not installed") || !strings.Contains(got.Fix, "8.0") {
		t.Errorf("dotnet: %s %q fix %q; want a failure with a fix for SDK 8.0", got.Status, got.Message, got.Fix)
	}
}

// TestPHPVersions: php is asked with -n (no php.ini is read) and judged
// against composer.json's require.php.
func TestPHPVersions(t *testing.T) {
	for _, tc := range []struct {
		printed string
		status  Status
		found   string
	}{
		{"PHP 8.1.2-1ubuntu2.19 (cli) (built: Sep 30 2024 16:25:25) (NTS)\nZend Engine v4.1.2", OK, "8.1.2"},
		{"PHP 7.1.33 (cli)\nZend Engine v3.1.0", Fail, "7.1.33"},
	} {
		bin := t.TempDir()
		fakeProgram(t, bin, "php", `[ "$*" = "-n --version" ] || { echo "unexpected $*" >&2; exit 2; }
echo "`+tc.printed+`"`)
		fakeProgram(t, bin, "composer", `echo "Composer version 2.7.1 2024-02-09 15:26:28"`)
		r := checkWith(t, bin, map[string]string{"composer.json": `{"require": {"php": "^7.2.5 || ^8.0"}}`})
		got := toolCheck(t, r, "php")
		if got.Status != tc.status || got.Found != tc.found {
			t.Errorf("%q: %s found %q (%s); want %s with %s", tc.printed, got.Status, got.Found, got.Message, tc.status, tc.found)
		}
		if c := toolCheck(t, r, "composer"); c.Status != OK || c.Found != "2.7.1" {
			t.Errorf("composer: %+v", c)
		}
	}
	r := checkWith(t, t.TempDir(), map[string]string{"composer.json": `{"require": {"php": ">=8.1"}}`})
	if got := toolCheck(t, r, "php"); got.Status != Fail || !strings.Contains(got.Message, "not installed") || got.Fix == "" {
		t.Errorf("no php: %+v", got)
	}
}

// TestBEAMProbes: elixir and erl are asked from an empty folder, since
// Erlang loads modules from the folder it starts in, and judged against
// mix.exs and CI's OTP versions.
func TestBEAMProbes(t *testing.T) {
	bin, seen := t.TempDir(), t.TempDir()
	fakeProgram(t, bin, "elixir", `pwd > `+seen+`/elixir.dir
[ "$1" = --version ] || exit 2
printf 'Erlang/OTP 26 [erts-14.2.5] [source]\n\nElixir 1.14.5 (compiled with Erlang/OTP 25)\n'`)
	fakeProgram(t, bin, "erl", `pwd > `+seen+`/erl.dir
[ "$1 $2" = "-noshell -eval" ] || exit 2
case "$3" in *otp_release*OTP_VERSION*) printf '26.2.5\n' ;; *) exit 3 ;; esac`)
	files := map[string]string{
		"mix.exs":                  "def project do\n  [elixir: \"~> 1.15\"]\nend\n",
		".github/workflows/ci.yml": "jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: erlef/setup-beam@v1\n        with:\n          otp-version: '26'\n          elixir-version: '1.16'\n",
	}
	c := &Checker{Prober: Prober{Env: isolated(t, bin, true), Timeout: 5 * time.Second, GOOS: "linux"}, Managers: &toolchain.Managers{}}
	root := writeTree(t, files)
	r, err := c.Check(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	if got := toolCheck(t, r, "elixir"); got.Status != Fail || got.Found != "1.14.5" || !strings.Contains(got.Message, "mix.exs:2") {
		t.Errorf("elixir: %s found %q: %s; want a failure against mix.exs:2", got.Status, got.Found, got.Message)
	}
	if got := toolCheck(t, r, "erlang"); got.Status != OK || got.Found != "26.2.5" {
		t.Errorf("erlang: %s found %q: %s", got.Status, got.Found, got.Message)
	}
	for _, prog := range []string{"elixir", "erl"} {
		dir, err := os.ReadFile(filepath.Join(seen, prog+".dir"))
		if err != nil {
			t.Fatalf("%s did not run: %v", prog, err)
		}
		if d := strings.TrimSpace(string(dir)); d == root || strings.HasPrefix(d, root+"/") {
			t.Errorf("%s ran in the repository (%s)", prog, d)
		}
	}
}

// TestSwiftProbe: swift --version as Xcode prints it, judged against
// Package.swift's tools version.
func TestSwiftProbe(t *testing.T) {
	bin := t.TempDir()
	fakeProgram(t, bin, "swift", `[ "$1" = --version ] || exit 2
echo "swift-driver version: 1.90.11.1 Apple Swift version 5.9.2 (swiftlang-5.9.2.2.56 clang-1500.1.0.2.5)"`)
	for _, tc := range []struct {
		tools  string
		status Status
	}{{"5.9", OK}, {"5.10", Fail}} {
		r := checkWith(t, bin, map[string]string{"Package.swift": "// swift-tools-version:" + tc.tools + "\n"})
		if got := toolCheck(t, r, "swift"); got.Status != tc.status || got.Found != "5.9.2" {
			t.Errorf("tools version %s: %s found %q: %s; want %s", tc.tools, got.Status, got.Found, got.Message, tc.status)
		}
	}
}

// TestHaskellProbe: ghc and cabal answer --numeric-version; GHC is judged
// against tested-with and cabal.project's with-compiler.
func TestHaskellProbe(t *testing.T) {
	bin := t.TempDir()
	fakeProgram(t, bin, "ghc", `[ "$1" = --numeric-version ] || exit 2
echo 9.6.6`)
	fakeProgram(t, bin, "cabal", `[ "$1" = --numeric-version ] || exit 2
echo 3.10.3.0`)
	for _, tc := range []struct {
		pin    string
		status Status
	}{{"ghc-9.6.6", OK}, {"ghc-9.8.4", Warn}} {
		r := checkWith(t, bin, map[string]string{
			"pkg.cabal":     "cabal-version: 3.0\nname: pkg\ntested-with: GHC == 9.6.6\n",
			"cabal.project": "packages: .\nwith-compiler: " + tc.pin + "\n",
		})
		if got := toolCheck(t, r, "ghc"); got.Status != tc.status || got.Found != "9.6.6" {
			t.Errorf("with-compiler %s: %s found %q: %s; want %s", tc.pin, got.Status, got.Found, got.Message, tc.status)
		}
		if got := toolCheck(t, r, "cabal"); got.Status != OK || got.Found != "3.10.3.0" {
			t.Errorf("cabal: %s found %q: %s", got.Status, got.Found, got.Message)
		}
	}
}
