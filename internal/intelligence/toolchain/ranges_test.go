package toolchain

import (
	"strings"
	"testing"
)

func TestParseVersion(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"1", "1", true},
		{"1.22", "1.22", true},
		{"v20.11.0", "20.11.0", true},
		{"1.22rc1", "1.22rc1", true},
		{"3.13.0a1", "3.13.0a1", true},
		{"2.0.0-beta.2", "2.0.0beta.2", true},
		{"1.2.3+build.5", "1.2.3", true},
		{"1.2.3.4", "1.2.3.4", true},
		{"", "", false},
		{"x", "", false},
		{"1.", "", false},
		{"1..2", "", false},
		{"12345678901", "", false},
		{"1.2 3", "", false},
	} {
		v, ok := ParseVersion(tc.in)
		if ok != tc.ok || ok && v.String() != tc.want {
			t.Errorf("ParseVersion(%q) = %q, %v; want %q, %v", tc.in, v.String(), ok, tc.want, tc.ok)
		}
	}
}

func TestVersionOrder(t *testing.T) {
	ordered := []string{"1.21rc1", "1.21", "1.21.1", "1.22rc1", "1.22rc2", "1.22.0", "1.22.3", "2"}
	for i := 0; i+1 < len(ordered); i++ {
		a, _ := ParseVersion(ordered[i])
		b, _ := ParseVersion(ordered[i+1])
		if a.Compare(b) >= 0 || b.Compare(a) <= 0 {
			t.Errorf("%s should sort before %s", ordered[i], ordered[i+1])
		}
	}
}

// rangeCase lists versions a range must contain and must not.
type rangeCase struct {
	dialect Dialect
	rng     string
	in, out string // space-separated versions
}

func TestRangeContains(t *testing.T) {
	for _, tc := range []rangeCase{
		// npm
		{Semver, ">=18", "18.0.0 20.11.1 22.0.0", "16.20.2 17.9.9"},
		{Semver, "^18.2.0", "18.2.0 18.19.1", "18.1.9 19.0.0"},
		{Semver, "^0.2.3", "0.2.3 0.2.9", "0.3.0 0.2.2"},
		{Semver, "^0.0.3", "0.0.3", "0.0.4"},
		{Semver, "~1.2.3", "1.2.3 1.2.9", "1.3.0 1.2.2"},
		{Semver, "~1.2", "1.2.0 1.2.9", "1.3.0"},
		{Semver, "~1", "1.0.0 1.9.9", "2.0.0"},
		{Semver, "1.x", "1.0.0 1.99.1", "2.0.0 0.9.0"},
		{Semver, "1.2.*", "1.2.0 1.2.7", "1.3.0"},
		{Semver, "*", "0.0.1 99.0.0", ""},
		{Semver, "18 || 20", "18.1.0 20.11.0", "19.0.0 22.0.0"},
		{Semver, "^16.14.0 || >=18.0.0", "16.14.0 18.0.0 22.1.0", "16.13.9 17.0.0"},
		{Semver, "1.2.3 - 2.3.4", "1.2.3 2.3.4", "1.2.2 2.3.5"},
		{Semver, "1.2 - 2.3", "1.2.0 2.3.9", "2.4.0 1.1.9"},
		{Semver, ">= 1.2.0 < 2", "1.2.0 1.9.0", "2.0.0"},
		{Semver, ">1.2", "1.3.0", "1.2.9"},
		{Semver, "<=1.2", "1.2.9", "1.3.0"},
		{Semver, "<1.2", "1.1.9", "1.2.0"},
		{Semver, "=1.2.3", "1.2.3", "1.2.4"},
		{Semver, "v20.11.0", "20.11.0", "20.11.1"},
		{Semver, "20", "20.0.0 20.11.1", "21.0.0"},
		{Semver, "lts/iron", "20.11.1", "18.0.0"},
		{Semver, ">=3.9,<4", "3.9.0 3.12.1", "4.0.0 3.8.9"}, // Poetry's commas
		// PEP 440
		{PEP440, ">=3.9,<4", "3.9.0 3.12.1", "3.8.18 4.0.0"},
		{PEP440, "~=3.10", "3.10.0 3.13.1", "3.9.9 4.0.0"},
		{PEP440, "~=3.10.2", "3.10.2 3.10.9", "3.10.1 3.11.0"},
		{PEP440, "==3.11.*", "3.11.0 3.11.7", "3.12.0 3.10.0"},
		{PEP440, "==3.11", "3.11.0", "3.11.7"},
		{PEP440, "!=3.11.*", "3.10.9 3.12.0", "3.11.2"},
		{PEP440, ">=3.8, !=3.9.0", "3.8.0 3.9.1", "3.9.0"},
		{PEP440, ">3.9", "3.9.1 3.10.0", "3.9.0"},
		// Go
		{GoDirective, "1.22", "1.22.0 1.22.3 1.26.8", "1.21.9 1.22rc1"},
		{GoDirective, "1.21.0", "1.21.0", "1.20.14"},
		{GoToolchain, "go1.22.3", "1.22.3 1.23.0", "1.22.2"},
		// Java: majors mean "at least"; Maven ranges
		{Java, "17", "17.0.9 21.0.1", "11.0.2"},
		{Java, "1.8", "8.0.292 17.0.1", "7.0.0"},
		{Java, "[11,17)", "11.0.0 16.0.2", "17.0.0 10.0.1"},
		{Java, "[1.8,)", "8.0.0 21.0.0", "7.0.1"},
		{Java, "(,11]", "8.0.0 11.0.20", "12.0.0"},
		{Java, "[17]", "17.0.9", "21.0.0"},
		{Java, "[1,8),[11,)", "7.0.0 11.0.0", "8.0.0"},
		// RubyGems
		{Gem, "~> 3.2", "3.2.0 3.9.1", "4.0.0 3.1.9"},
		{Gem, "~> 3.2.1", "3.2.1 3.2.9", "3.3.0"},
		{Gem, ">= 3.0, < 4", "3.0.0 3.3.0", "4.0.0 2.7.8"},
		// version files
		{Exact, "20", "20.0.0 20.11.1", "21.0.0 18.0.0"},
		{Exact, "3.12.1", "3.12.1", "3.12.2"},
		{Exact, "ruby-3.2.2", "3.2.2", "3.2.3"},
		{Exact, "lts/hydrogen", "18.19.0", "20.0.0"},
		{Minimum, "1.70", "1.70.0 1.95.0", "1.69.9"},
	} {
		r, err := ParseRange(tc.dialect, tc.rng)
		if err != nil {
			t.Errorf("%s %q: %v", tc.dialect, tc.rng, err)
			continue
		}
		for _, s := range strings.Fields(tc.in) {
			v, _ := ParseVersion(s)
			if tc.dialect == Java {
				v, _ = javaVersion(s)
			}
			if !r.Contains(v) {
				t.Errorf("%s %q should contain %s", tc.dialect, tc.rng, s)
			}
		}
		for _, s := range strings.Fields(tc.out) {
			v, _ := ParseVersion(s)
			if r.Contains(v) {
				t.Errorf("%s %q should not contain %s", tc.dialect, tc.rng, s)
			}
		}
	}
}

func TestRangeAliases(t *testing.T) {
	for _, s := range []string{"lts/*", "stable", "latest", "node", "nightly", "system"} {
		r, err := ParseRange(Semver, s)
		if err != nil || r.Alias == "" || !r.Any() {
			t.Errorf("%q: alias %q, err %v; want an alias that accepts any version", s, r.Alias, err)
		}
	}
}

func TestRangeErrors(t *testing.T) {
	for _, tc := range []struct {
		d Dialect
		s string
	}{
		{Semver, ">=banana"},
		{Semver, "1.2.3 ||"},
		{Semver, ""},
		{PEP440, "3.9"},
		{PEP440, ">=3.9,"},
		{PEP440, "~=3"},
		{PEP440, "==1!2.0"},
		{GoDirective, "one.two"},
		{GoToolchain, "1.22.3"},
		{Java, "[11,17"},
		{Java, "seventeen"},
		{Java, "(17)"},
		{Gem, "~> banana"},
		{Exact, "3.12/envs/foo"},
		{Semver, strings.Repeat("1", 300)},
	} {
		if _, err := ParseRange(tc.d, tc.s); err == nil {
			t.Errorf("%s %q: want an error", tc.d, tc.s)
		} else if tc.s != "" && !strings.Contains(err.Error(), "range") && !strings.Contains(err.Error(), "version") {
			t.Errorf("%s %q: error %q does not say what is wrong", tc.d, tc.s, err)
		}
	}
}

func TestJavaVersionSpellings(t *testing.T) {
	for in, want := range map[string]string{
		"1.8": "8", "1.8.0_292": "8.0.292", "17.0.9+9": "17.0.9", "temurin-17.0.9+9": "17.0.9", "21": "21", "11.0.2": "11.0.2",
	} {
		v, ok := javaVersion(in)
		if !ok || v.String() != want {
			t.Errorf("javaVersion(%q) = %q, %v; want %q", in, v.String(), ok, want)
		}
	}
}

func TestConstraintVerdicts(t *testing.T) {
	ev := []Location{{Path: "f", Line: 1}}
	for _, tc := range []struct {
		tool   string
		c      Constraint
		have   string
		status Status
		says   string
	}{
		{"go", Constraint{Range: "1.22", Dialect: GoDirective, Role: Requires, Source: "go.mod go line", Evidence: ev}, "1.26.8", OK, "meets"},
		{"go", Constraint{Range: "1.22", Dialect: GoDirective, Role: Requires, Source: "go.mod go line", Evidence: ev}, "1.21.5", Fail, "does not meet"},
		{"go", Constraint{Range: "go1.22.3", Dialect: GoToolchain, Role: Prefers, Source: "go.mod toolchain line", Evidence: ev}, "1.22.1", Warn, "GOTOOLCHAIN"},
		{"node", Constraint{Range: "20", Dialect: Exact, Role: Pins, Source: ".nvmrc", Evidence: ev}, "20.11.1", OK, "matches"},
		{"node", Constraint{Range: "20.11", Dialect: Exact, Role: Pins, Source: ".nvmrc", Evidence: ev}, "20.9.0", Warn, "older minor"},
		{"node", Constraint{Range: "20", Dialect: Exact, Role: Pins, Source: ".nvmrc", Evidence: ev}, "22.1.0", Warn, "newer major"},
		{"node", Constraint{Range: "20", Dialect: Exact, Role: Pins, Source: ".nvmrc", Evidence: ev}, "18.19.0", Fail, "older major"},
		{"python", Constraint{Range: "3.9 || 3.10 || 3.11 || 3.12", Dialect: Semver, Role: Tested, Source: "setup-python", Evidence: ev}, "3.11.7", OK, "matches"},
		{"python", Constraint{Range: "3.9 || 3.10", Dialect: Semver, Role: Tested, Source: "setup-python", Evidence: ev}, "3.8.10", Warn, "older minor"},
		{"node", Constraint{Range: "18 || 20", Dialect: Semver, Role: Tested, Source: "setup-node", Evidence: ev}, "22.0.0", Warn, "untested"},
		{"python", Constraint{Range: ">=3.9,<3.12", Dialect: PEP440, Role: Requires, Source: "requires-python", Evidence: ev}, "3.12.1", Fail, "does not meet"},
		{"python", Constraint{Range: ">=3.9,<4", Dialect: PEP440, Role: Requires, Source: "requires-python", Evidence: ev}, "4.0.0", Warn, "newer major"},
		{"java", Constraint{Range: "1.8", Dialect: Exact, Role: Pins, Source: ".java-version", Evidence: ev}, "8.0.292", OK, "matches"},
		{"java", Constraint{Range: "17", Dialect: Java, Role: Requires, Source: "maven.compiler.release", Evidence: ev}, "11.0.2", Fail, "does not meet"},
		{"node", Constraint{Range: "lts/*", Dialect: Exact, Role: Pins, Source: ".nvmrc", Evidence: ev}, "16.0.0", OK, "any installed version"},
		{"make", Constraint{Role: Uses, Source: "Makefile", Evidence: ev}, "4.3", OK, "found"},
	} {
		v, _ := ParseVersion(tc.have)
		got := tc.c.Check(tc.tool, v)
		if got.Status != tc.status || !strings.Contains(got.Reason, tc.says) {
			t.Errorf("%s %s %q with %s: %s %q; want %s saying %q", tc.tool, tc.c.Role, tc.c.Range, tc.have, got.Status, got.Reason, tc.status, tc.says)
		}
	}
}

func TestRequirementWorstVerdictWins(t *testing.T) {
	r := Requirement{Tool: "python", Constraints: []Constraint{
		{Range: ">=3.9", Dialect: PEP440, Role: Requires, Source: "requires-python"},
		{Range: "3.12", Dialect: Exact, Role: Pins, Source: ".python-version"},
	}}
	v, _ := ParseVersion("3.11.7")
	got := r.Check(v)
	if got.Status != Warn || !strings.Contains(got.Reason, ".python-version") {
		t.Fatalf("got %s %q; want a warning about .python-version", got.Status, got.Reason)
	}
}

func TestParseProgramVersion(t *testing.T) {
	for _, tc := range []struct {
		tool, out, want string
	}{
		{"go", "go version go1.26.8 linux/amd64\n", "1.26.8"},
		{"go", "go version go1.22rc1 darwin/arm64", "1.22rc1"},
		{"node", "v20.20.2\n", "20.20.2"},
		{"python", "Python 3.11.7\n", "3.11.7"},
		{"rust", "rustc 1.95.0 (59807616e 2026-04-14)\n", "1.95.0"},
		{"cargo", "cargo 1.95.0 (f2d3ce0bd 2026-03-21)", "1.95.0"},
		{"java", "openjdk version \"17.0.15\" 2025-04-15\nOpenJDK Runtime Environment", "17.0.15"},
		{"java", "java version \"1.8.0_292\"\n", "8.0.292"},
		{"maven", "\x1b[1mApache Maven 3.8.7\x1b[m\nMaven home: /usr/share/maven", "3.8.7"},
		{"ruby", "ruby 3.1.2p20 (2022-04-12 revision 4491bb740a) [x86_64-linux-gnu]", "3.1.2"},
		{"make", "GNU Make 4.3\nBuilt for x86_64-pc-linux-gnu", "4.3"},
		{"protoc", "libprotoc 25.1", "25.1"},
		{"docker", "Docker version 28.2.2, build e6534b4", "28.2.2"},
	} {
		v, err := ParseProgramVersion(tc.tool, tc.out)
		if err != nil || v.String() != tc.want {
			t.Errorf("%s %q: %q, %v; want %q", tc.tool, tc.out, v.String(), err, tc.want)
		}
	}
	if _, err := ParseProgramVersion("node", "\x00\x01garbage\xff"); err == nil || !strings.Contains(err.Error(), "no version") {
		t.Errorf("garbage: %v; want an error saying no version was printed", err)
	}
}

func TestFixUsesTheMachinesManager(t *testing.T) {
	for _, tc := range []struct {
		tool, want, goos string
		m                Managers
		says             string
	}{
		{"python", "3.12", "linux", Managers{Pyenv: true}, "pyenv install 3.12"},
		{"node", "20", "linux", Managers{Nvm: true}, "nvm install 20"},
		{"node", "20", "linux", Managers{Mise: true}, "mise use node@20"},
		{"go", "1.22", "linux", Managers{Asdf: true}, "asdf install golang 1.22"},
		{"rust", "1.75", "darwin", Managers{Rustup: true}, "rustup toolchain install 1.75"},
		{"java", "17", "linux", Managers{}, "openjdk-17-jdk"},
		{"java", "17", "darwin", Managers{}, "brew install openjdk@17"},
		{"java", "21", "windows", Managers{}, "winget install EclipseAdoptium.Temurin.21.JDK"},
		{"make", "", "darwin", Managers{Mise: true}, "xcode-select --install"},
		{"protoc", "", "linux", Managers{}, "protobuf-compiler"},
	} {
		if got := Fix(tc.tool, tc.want, tc.goos, tc.m); !strings.Contains(got, tc.says) {
			t.Errorf("Fix(%s, %s, %s) = %q; want it to say %q", tc.tool, tc.want, tc.goos, got, tc.says)
		}
	}
}
