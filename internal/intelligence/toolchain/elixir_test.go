package toolchain

import (
	"strings"
	"testing"
	"time"
)

func TestElixirRequirements(t *testing.T) {
	for _, tc := range []struct {
		rng     string
		in, out []string
	}{
		{"~> 1.15", []string{"1.15.0", "1.18.4"}, []string{"1.14.5", "2.0.0"}},
		{"~> 1.15.2", []string{"1.15.7"}, []string{"1.15.1", "1.16.0"}},
		{">= 1.14.0 and < 1.17.0", []string{"1.16.3"}, []string{"1.17.0", "1.13.4"}},
		{"~> 1.14.0 or ~> 1.16.0", []string{"1.14.5", "1.16.1"}, []string{"1.15.0"}},
		{"== 1.15.7", []string{"1.15.7"}, []string{"1.15.8"}},
		{"!= 1.16.0 and >= 1.15.0", []string{"1.16.1"}, []string{"1.16.0"}},
	} {
		r, err := ParseRange(ElixirReq, tc.rng)
		if err != nil {
			t.Errorf("%q: %v", tc.rng, err)
			continue
		}
		for _, s := range tc.in {
			if v, _ := ParseVersion(s); !r.Contains(v) {
				t.Errorf("%q should contain %s", tc.rng, s)
			}
		}
		for _, s := range tc.out {
			if v, _ := ParseVersion(s); r.Contains(v) {
				t.Errorf("%q should not contain %s", tc.rng, s)
			}
		}
	}
	for _, bad := range []string{"~>", "1.15 and", "or ~> 1.15", "~> banana", "\x1b[2J~> 1.15"} {
		if _, err := ParseRange(ElixirReq, bad); err == nil {
			t.Errorf("%q read as a requirement", bad)
		}
	}
}

// TestMixExs reads elixir: as a literal or through a module attribute,
// with the line the string is on; what it cannot read is a warning.
func TestMixExs(t *testing.T) {
	attr := "defmodule App.MixProject do\n  use Mix.Project\n\n  @elixir_requirement \"~> 1.15\"\n\n  def project do\n    [\n      app: :app,\n      elixir: @elixir_requirement,\n      elixirc_paths: [\"lib\"]\n    ]\n  end\nend\n"
	c := constraintFrom(t, Detect(mapFS(map[string]string{"mix.exs": attr})), "elixir", "mix.exs elixir")
	if c.Range != "~> 1.15" || c.Dialect != ElixirReq || c.Role != Requires || c.Evidence[0].String() != "mix.exs:4" {
		t.Errorf("attribute: %+v", c)
	}
	lit := "def project do\n  [app: :x, elixir: \"~> 1.14\", deps: deps()]\nend\n"
	if c := constraintFrom(t, Detect(mapFS(map[string]string{"mix.exs": lit})), "elixir", "mix.exs elixir"); c.Range != "~> 1.14" || c.Evidence[0].String() != "mix.exs:2" {
		t.Errorf("literal: %+v", c)
	}
	for _, tc := range []struct{ name, src, warning string }{
		{"call", "[elixir: System.get_env(\"ELIXIR\")]\n", "mix.exs:1: elixir: System.get_env"},
		{"interpolation", "[elixir: \"~> #{@v}\"]\n", "is not a plain string"},
		{"unset attribute", "[elixir: @nowhere]\n", "@nowhere, which is not set"},
		{"escape", "[elixir: \"\x1b[31m~> 1.15\"]\n", "only its presence is checked"},
		{"huge", "[elixir: \"~> " + strings.Repeat("1", 300) + "\"]\n", "too long"},
	} {
		reqs := Detect(mapFS(map[string]string{"mix.exs": tc.src}))
		text := warningsText(reqs)
		if !strings.Contains(text, tc.warning) || strings.ContainsRune(text, 0x1b) {
			t.Errorf("%s: warnings %q; want %q and no escape", tc.name, text, tc.warning)
		}
		if r, ok := reqs.Tool("elixir"); !ok || !r.Required {
			t.Errorf("%s: elixir is not required", tc.name)
		}
	}
}

// TestSetupBeam: one setup-beam step installs Erlang/OTP and Elixir;
// matrices, OTP- prefixes, -otp- builds and version-file are read.
func TestSetupBeam(t *testing.T) {
	reqs := Detect(mapFS(map[string]string{
		".github/workflows/ci.yml": `jobs:
  test:
    strategy:
      matrix:
        include:
          - elixir: "1.15.8"
            otp: "25.3.2.21"
          - elixir: 1.18.4-otp-27
            otp: OTP-27.3
    runs-on: ubuntu-latest
    steps:
      - uses: erlef/setup-beam@v1
        with:
          elixir-version: ${{ matrix.elixir }}
          otp-version: ${{ matrix.otp }}
  pinned:
    runs-on: ubuntu-latest
    steps:
      - uses: erlef/setup-beam@v1
        with:
          version-file: .tool-versions
          version-type: strict
`,
		".tool-versions": "erlang 26.2.5.3\nelixir 1.16.3-otp-26\n",
	}))
	ex, _ := reqs.Tool("elixir")
	otp, _ := reqs.Tool("erlang")
	if ex.CI == nil || strings.Join(ex.CI.Versions, " ") != "1.15.8 1.16.3 1.18.4" {
		t.Errorf("elixir CI: %+v", ex.CI)
	}
	if otp.CI == nil || strings.Join(otp.CI.Versions, " ") != "25.3.2.21 26.2.5.3 27.3" {
		t.Errorf("erlang CI: %+v", otp.CI)
	}
	pin := constraintFrom(t, reqs, "elixir", ".tool-versions")
	if pin.Range != "1.16.3" || pin.Evidence[0].String() != ".tool-versions:2" {
		t.Errorf(".tool-versions elixir: %+v", pin)
	}
	// CI tests 27.3, but .tool-versions pins 26
	if vd := otp.Check(Version{Parts: [4]int{27, 3, 4}, N: 3}); vd.Status != Warn || !strings.Contains(vd.Reason, ".tool-versions") {
		t.Errorf("OTP 27.3.4: %+v; want a warning naming .tool-versions", vd)
	}
	if vd := otp.Check(Version{Parts: [4]int{26, 2, 5, 3}, N: 4}); vd.Status != OK {
		t.Errorf("OTP 26.2.5.3: %+v; want ok", vd)
	}
}

func TestBEAMProgramVersions(t *testing.T) {
	for _, tc := range []struct{ tool, out, want string }{
		{"elixir", "Erlang/OTP 26 [erts-14.2.5] [source] [64-bit] [smp:8:8]\n\nElixir 1.16.3 (compiled with Erlang/OTP 26)\n", "1.16.3"},
		{"elixir", "Erlang/OTP 28 [erts-16.0]\n\nElixir 1.19.0-rc.0 (compiled with Erlang/OTP 28)\n", "1.19.0rc.0"},
		{"erlang", "26.2.5.3\n", "26.2.5.3"},
		{"erlang", "27", "27"},
	} {
		v, err := ParseProgramVersion(tc.tool, tc.out)
		if err != nil || v.String() != tc.want {
			t.Errorf("%s %q: %q, %v; want %q", tc.tool, tc.out, v.String(), err, tc.want)
		}
	}
	for _, tc := range []struct{ tool, out string }{
		{"elixir", "Erlang/OTP 26 [erts-14.2.5]\n"},
		{"erlang", "{\"init terminating in do_boot\",{undef,[{x}]}}\n14.2\n"},
	} {
		if v, err := ParseProgramVersion(tc.tool, tc.out); err == nil {
			t.Errorf("%s %q read as %s", tc.tool, tc.out, v)
		}
	}
}

// TestMixExsManyKeys: a manifest of many elixir: lines naming unset
// attributes is read in linear time and gives one warning.
func TestMixExsManyKeys(t *testing.T) {
	src := strings.Repeat("[elixir: @unset]\n", 60000) + "@unset_too \"~> 1.15\"\n"
	done := make(chan Requirements, 1)
	go func() { done <- Detect(mapFS(map[string]string{"mix.exs": src})) }()
	select {
	case reqs := <-done:
		if len(reqs.Warnings) != 1 || !strings.Contains(warningsText(reqs), "mix.exs:1: elixir: is @unset, which is not set") {
			t.Errorf("%d warnings, the first %q; want one for mix.exs:1", len(reqs.Warnings), strings.SplitN(warningsText(reqs), "\n", 2)[0])
		}
	case <-time.After(20 * time.Second):
		t.Fatal("reading mix.exs took longer than 20s")
	}
}
