package toolchain

import (
	"testing"
	"testing/fstest"

	"github.com/oss-dev/oss-dev/internal/diag"
)

func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"1", "1.22.3", "v20.11.0", "1.22rc1", "3.13.0a1", "2.0.0-beta.2", "1.2.3+b", "x", "", "1..2", "99999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseVersion(s)
		if !ok {
			return
		}
		// what it prints reads back as the same version
		w, ok := ParseVersion(v.String())
		if !ok || w.Compare(v) != 0 {
			t.Fatalf("%q parsed as %q, which reads back as %q (%v)", s, v.String(), w.String(), ok)
		}
	})
}

func FuzzParseRange(f *testing.F) {
	seeds := []string{">=18", "^1.2.3", "~1.2", "1.x", "1.2 - 2.3.4", "18 || 20", ">=3.9,<4", "~=3.10", "==3.11.*", "!=3.11.*",
		"1.22", "go1.22.3", "[11,17)", "(,11]", "[1,8),[11,)", "~> 3.2", ">= 3.0, < 4", "lts/iron", "lts/*", "ruby-3.2.2", "", "||", "[", "~=",
		"^0.0.x", "> 1.2", "<=1", "= 1.2.3", "1.8.0_292", "8.0.100 latestFeature", "10.0.100 disable", "^7.2.5 || ^8.0", "~8.2|>=8.1 <9 !=8.1.3@dev", "~> 1.15 or >= 1.12.0 and < 1.13.0"}
	for _, s := range seeds {
		f.Add(s, uint8(0))
	}
	dialects := []Dialect{Semver, PEP440, GoDirective, GoToolchain, Java, Gem, Exact, Minimum, DotnetSDK, Composer, ElixirReq}
	probes := []string{"0.0.1", "1.2.3", "3.11.7", "8.0.292", "17.0.9", "20.11.1", "1.22rc1", "99.0.0"}
	f.Fuzz(func(t *testing.T, s string, d uint8) {
		dialect := dialects[int(d)%len(dialects)]
		r, err := ParseRange(dialect, s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("%s %q: an empty error", dialect, s)
			}
			return
		}
		c := Constraint{Range: s, Dialect: dialect, Role: Pins, Source: "fuzz"}
		for _, p := range probes {
			v, _ := ParseVersion(p)
			_ = r.Contains(v)
			for _, role := range []Role{Requires, Prefers, Pins, Tested} {
				c.Role = role
				if vd := c.Check("node", v); vd.Status == "" || vd.Reason == "" {
					t.Fatalf("%s %q %s: verdict %+v has no status or reason", dialect, s, role, vd)
				}
			}
		}
	})
}

func FuzzDetect(f *testing.F) {
	f.Add(`{"engines":{"node":">=18"},"packageManager":"pnpm@8.0.0"}`, "nodejs 20\npython 3.12", `{"image":"python:3.12","features":{"x/node:1":{"version":"20"}}}`,
		"jobs:\n  t:\n    strategy:\n      matrix:\n        go: [1.21]\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: ${{ matrix.go }}\n")
	f.Add("{", "\x00", "/*", "jobs: [")
	f.Fuzz(func(t *testing.T, pkg, toolVersions, devcontainer, workflow string) {
		fsys := fstest.MapFS{
			"package.json":                    {Data: []byte(pkg)},
			".tool-versions":                  {Data: []byte(toolVersions)},
			".devcontainer/devcontainer.json": {Data: []byte(devcontainer)},
			".github/workflows/ci.yml":        {Data: []byte(workflow)},
			"pyproject.toml":                  {Data: []byte("[project]\nrequires-python = \"" + toolVersions + "\"\n")},
		}
		checkDetected(t, Detect(fsys))
	})
}

// FuzzManifests feeds global.json, composer.json, mix.exs, a project file
// and Package.swift.
func FuzzManifests(f *testing.F) {
	f.Add(`{"sdk":{"version":"8.0.100","rollForward":"latestFeature"}}`, `{"require":{"php":"^7.2.5 || ^8.0"}}`,
		"@req \"~> 1.15\"\n[elixir: @req]", "<TargetFrameworks>net8.0;net48</TargetFrameworks>", "// swift-tools-version:5.9")
	f.Add("{", `{"require":[]}`, "elixir: \"", "<TargetFramework>", "//")
	f.Fuzz(func(t *testing.T, global, composer, mix, project, swift string) {
		checkDetected(t, Detect(fstest.MapFS{
			"global.json":        {Data: []byte(global)},
			"composer.json":      {Data: []byte(composer)},
			"mix.exs":            {Data: []byte(mix)},
			"src/App/App.csproj": {Data: []byte(project)},
			"Package.swift":      {Data: []byte(swift)},
		}))
	})
}

// checkDetected fails on a requirement or warning that lacks a part, or a
// range kept that does not parse.
func checkDetected(t *testing.T, r Requirements) {
	t.Helper()
	for _, tool := range r.Tools {
		if tool.Tool == "" || tool.Constraints == nil {
			t.Fatalf("a requirement without a tool or constraints: %+v", tool)
		}
		for _, c := range tool.Constraints {
			if c.Range != "" {
				if _, err := c.Parse(tool.Tool); err != nil {
					t.Fatalf("an unparseable range was kept: %s %q: %v", tool.Tool, c.Range, err)
				}
			}
		}
	}
	for _, w := range r.Warnings {
		if w.Source == nil || w.Source.File == "" || w.Summary == "" || w.Code == "" || w.Severity != diag.Warning {
			t.Fatalf("a warning without a file, summary, code or severity: %+v", w)
		}
	}
}

func FuzzGuideSetupCommands(f *testing.F) {
	f.Add("```sh\n$ npm ci\n$ pip install -r requirements.txt \\\n  --quiet\n```\n")
	f.Add("~~~\nmake deps && go mod download\n~~~")
	f.Fuzz(func(t *testing.T, guide string) {
		for _, c := range GuideSetupCommands([]byte(guide)) {
			if c.Command == "" || c.Line < 1 {
				t.Fatalf("a command without text or line: %+v", c)
			}
		}
	})
}

func FuzzShellWords(f *testing.F) {
	for _, s := range []string{"pip install -e '.[dev]'", `echo "a b" c`, "a | b", "X=1 make", "'unterminated", `"\"q\""`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, plain := shellWords(s)
		if !plain {
			return
		}
		// a plain line quoted back splits into the same words
		again, ok := shellWords(joinWords(w))
		if !ok || len(again) != len(w) {
			t.Fatalf("%q: words %q, joined %q, split again %q (%v)", s, w, joinWords(w), again, ok)
		}
		for i := range w {
			if again[i] != w[i] {
				t.Fatalf("%q: word %d %q became %q", s, i, w[i], again[i])
			}
		}
	})
}
