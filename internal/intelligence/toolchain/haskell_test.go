package toolchain

import (
	"reflect"
	"strings"
	"testing"
)

func TestTestedWithGHC(t *testing.T) {
	for in, want := range map[string][]string{
		"GHC == 9.6.7, GHC == 9.8.4":               {"9.6.7", "9.8.4"},
		"GHC ==9.4.8 || ==9.6.6, GHCJS == 8.10":    {"9.4.8", "9.6.6"},
		"ghc == { 9.6.6, 9.8.2 }, GHC == 9.10.*":   {"9.6.6", "9.8.2", "9.10"},
		"GHC >= 8.10 && < 9.8":                     nil,
		"GHC == 9.6.\x1b[31m1":                     nil,
		"GHC == " + strings.Repeat("9.", 40) + "1": nil,
	} {
		got, ok := testedWithGHC(in)
		if !reflect.DeepEqual(got, want) || ok != (want != nil) {
			t.Errorf("%q: %q %v; want %q", in, got, ok, want)
		}
	}
}

// TestHaskellFiles: tested-with across continuation lines, cabal-version,
// cabal.project's with-compiler and haskell-actions/setup; Stack is
// optional beside a cabal.project and the one tool asked for without it.
func TestHaskellFiles(t *testing.T) {
	reqs := Detect(mapFS(map[string]string{
		"pkg.cabal":     "cabal-version:   3.0\nname: pkg\nTested-With:\n  GHC == 9.6.6\n  -- the next one in CI only\n  , GHC == 9.8.4\nsynopsis: x\n",
		"cabal.project": "packages: .\nwith-compiler: ghc-9.6.6\n",
		"stack.yaml":    "resolver: lts-22.7\n",
		".github/workflows/ci.yml": `jobs:
  t:
    runs-on: ubuntu-latest
    steps:
      - uses: haskell-actions/setup@v2
        with:
          ghc-version: '9.8'
          cabal-version: '3.10.3.0'
`,
	}))
	if c := constraintFrom(t, reqs, "ghc", "pkg.cabal"); c.Range != "9.6.6 || 9.8.4" || c.Role != Tested || c.Evidence[0].String() != "pkg.cabal:3" {
		t.Errorf("tested-with: %+v", c)
	}
	if c := constraintFrom(t, reqs, "ghc", "cabal.project"); c.Range != "9.6.6" || c.Role != Pins || c.Evidence[0].String() != "cabal.project:2" {
		t.Errorf("with-compiler: %+v", c)
	}
	if c := constraintFrom(t, reqs, "cabal", "pkg.cabal"); c.Range != "3.0" || c.Dialect != Minimum {
		t.Errorf("cabal-version: %+v", c)
	}
	if c := constraintFrom(t, reqs, "cabal", "haskell-actions/setup"); c.Range != "3.10.3.0" || c.Role != Tested {
		t.Errorf("setup cabal-version: %+v", c)
	}
	if r, _ := reqs.Tool("stack"); r.Required {
		t.Errorf("stack required beside a cabal.project: %+v", r)
	}
	stackOnly := Detect(mapFS(map[string]string{"pkg.cabal": "name: pkg\ntested-with: GHC == 9.6.6\n", "stack.yaml": "snapshot: lts-22.7\n"}))
	for tool, want := range map[string]bool{"stack": true, "ghc": false, "cabal": false} {
		if r, _ := stackOnly.Tool(tool); r.Required != want {
			t.Errorf("Stack project: %s required %v, want %v", tool, r.Required, want)
		}
	}
	bad := Detect(mapFS(map[string]string{"a/a.cabal": "name: a\ntested-with: GHC >= 9.2\n", "cabal.project": "with-compiler: /opt/ghc/bin/ghc\n"}))
	for _, want := range []string{"a/a.cabal:2: tested-with uses ranges", "cabal.project:1: with-compiler names no GHC version"} {
		if !strings.Contains(warningsText(bad), want) {
			t.Errorf("no warning %q in %q", want, warningsText(bad))
		}
	}
	for out, want := range map[string]string{"9.6.6\n": "9.6.6", "The Glorious Glasgow Haskell Compilation System, version 9.8.4\n": "9.8.4", "3.10.3.0\n": "3.10.3.0"} {
		if v, err := ParseProgramVersion("cabal", out); err != nil || v.String() != want {
			t.Errorf("%q: %s %v; want %s", out, v, err, want)
		}
	}
}
