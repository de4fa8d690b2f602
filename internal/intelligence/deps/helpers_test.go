package deps

import (
	"testing"
)

func TestParsePEP508(t *testing.T) {
	tests := []struct {
		in                         string
		name, extras, spec, marker string
		ok                         bool
	}{
		{"requests", "requests", "", "", "", true},
		{"Flask[async]>=2.3,<3.0 ; python_version >= \"3.8\"", "Flask", "[async]", ">=2.3,<3.0", `python_version >= "3.8"`, true},
		{"psycopg[binary] == 3.1.18", "psycopg", "[binary]", "==3.1.18", "", true},
		{"name (>=1.0)", "name", "", ">=1.0", "", true},
		{"pkg @ https://example.org/pkg-1.0.whl ; os_name == 'nt'", "pkg", "", "@ https://example.org/pkg-1.0.whl", "os_name == 'nt'", true},
		{"./local/path", "", "", "", "", false},
		{"zope.interface~=6.0", "zope.interface", "", "~=6.0", "", true},
	}
	for _, tt := range tests {
		r, ok := parsePEP508(tt.in)
		if ok != tt.ok || ok && (r.name != tt.name || r.extras != tt.extras || r.spec != tt.spec || r.marker != tt.marker) {
			t.Errorf("parsePEP508(%q) = %+v, %v", tt.in, r, ok)
		}
	}
}

func TestExactPin(t *testing.T) {
	for in, want := range map[string]string{"==1.2.3": "1.2.3", "===1.0": "1.0", "==1.*": "", ">=1": "", "==1,<2": ""} {
		if got, _ := exactPin(in); got != want {
			t.Errorf("exactPin(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormName(t *testing.T) {
	if got := normName(PyPI, "Zope.Interface__x"); got != "zope-interface-x" {
		t.Errorf("PyPI normalisation = %q", got)
	}
	if got := normName(Packagist, "Monolog/Monolog"); got != "monolog/monolog" {
		t.Errorf("Packagist normalisation = %q", got)
	}
	if got := normName(NPM, "React"); got != "React" {
		t.Errorf("npm names are case-sensitive, got %q", got)
	}
}

func TestDescriptorName(t *testing.T) {
	tests := map[string][2]string{
		"lodash@^4.17.21":                {"lodash", "^4.17.21"},
		"@babel/core@npm:7.0.0":          {"@babel/core", "npm:7.0.0"},
		"resolve@patch:resolve@npm:1":    {"resolve", "patch:resolve@npm:1"},
		"@scope/only":                    {"@scope/only", ""},
		"plain":                          {"plain", ""},
		"react-dom@18.2.0(react@18.2.0)": {"react-dom", "18.2.0(react@18.2.0)"},
	}
	for in, want := range tests {
		if n, r := descriptorName(in); n != want[0] || r != want[1] {
			t.Errorf("descriptorName(%q) = %q, %q", in, n, r)
		}
	}
}

func TestPnpmKey(t *testing.T) {
	for in, want := range map[string]string{"/react@18.2.0": "react@18.2.0", "react-dom@18.2.0(react@18.2.0)": "react-dom@18.2.0", "@a/b@1.0.0": "@a/b@1.0.0"} {
		if got := pnpmKey(in); got != want {
			t.Errorf("pnpmKey(%q) = %q", in, got)
		}
	}
}

func TestScopeFromName(t *testing.T) {
	for in, want := range map[string]Scope{
		"requirements.txt": "", "requirements-dev.txt": Dev, "test-requirements.txt": Test, "docs": Docs, "requirements-docs.txt": Docs,
		"build.txt": Build, "ci": Dev, "specification.txt": "", "dev-and-test": Test,
	} {
		if got := scopeFromName(in); got != want {
			t.Errorf("scopeFromName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInterpolate(t *testing.T) {
	props := map[string]string{"a": "${b}-x", "b": "1.0", "project.version": "2.0", "loop": "${loop}"}
	for in, want := range map[string]string{"${a}": "1.0-x", "${project.version}": "2.0", "${missing}": "${missing}", "v${b}": "v1.0"} {
		if got := interpolate(in, props); got != want {
			t.Errorf("interpolate(%q) = %q, want %q", in, got, want)
		}
	}
	if got := interpolate("${loop}", props); got != "${loop}" {
		t.Errorf("a self-referring property must stop, got %q", got)
	}
}

func TestResolveNpm(t *testing.T) {
	byKey := map[string]int{"node_modules/a": 0, "node_modules/a/node_modules/b": 1, "node_modules/b": 2, "node_modules/@s/c": 3}
	tests := []struct {
		from, dep string
		want      int
	}{
		{"node_modules/a", "b", 1},
		{"node_modules/a/node_modules/b", "b", 1},
		{"node_modules/@s/c", "b", 2},
		{"", "@s/c", 3},
		{"packages/x", "a", 0},
		{"node_modules/a", "missing", -1},
	}
	for _, tt := range tests {
		if got := resolveNpm(byKey, tt.from, tt.dep); got != tt.want {
			t.Errorf("resolveNpm(%q, %q) = %d, want %d", tt.from, tt.dep, got, tt.want)
		}
	}
}

func TestGradleScope(t *testing.T) {
	for in, want := range map[string]Scope{
		"implementation": Runtime, "api": Runtime, "runtimeOnly": Runtime, "testImplementation": Test,
		"androidTestImplementation": Test, "compileOnly": Build, "kapt": Build, "annotationProcessor": Build,
		"debugImplementation": Dev, "alias": "", "application": "", "println": "",
	} {
		if got := gradleScope(in); got != want {
			t.Errorf("gradleScope(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParserFor(t *testing.T) {
	for path, want := range map[string]bool{
		"requirements.txt": true, "requirements-dev.txt": true, "dev-requirements.txt": true, "requirements/test.txt": true,
		"requirements.in": true, "notes.txt": false, "gradle/libs.versions.toml": true, "libs.versions.toml": false,
		"a/b/Cargo.lock": true, "README.md": false, "npm-shrinkwrap.json": true, "gems.locked": true,
	} {
		if got := parserFor(path) != nil; got != want {
			t.Errorf("parserFor(%q) found = %v, want %v", path, got, want)
		}
	}
}

func TestGradleTestSourceSets(t *testing.T) {
	src := `kotlin {
  sourceSets {
    commonMain {
      dependencies {
        api("com.squareup.okio:okio:3.9.0")
      }
    }
    val jvmTest by getting {
      dependencies {
        implementation("junit:junit:4.13.2")
      }
    }
  }
}
dependencies {
  implementation("org.slf4j:slf4j-api:2.0.12") {
    because("logging")
  }
  runtimeOnly("ch.qos.logback:logback-classic:1.5.3")
}
`
	fr, err := parseGradleBuild("build.gradle.kts", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Scope{"com.squareup.okio:okio": Runtime, "junit:junit": Test, "org.slf4j:slf4j-api": Runtime, "ch.qos.logback:logback-classic": Runtime}
	if len(fr.pkgs) != len(want) {
		t.Fatalf("got %d packages, want %d", len(fr.pkgs), len(want))
	}
	for _, p := range fr.pkgs {
		if p.scope != want[p.name] {
			t.Errorf("%s scope = %s, want %s", p.name, p.scope, want[p.name])
		}
	}
}
