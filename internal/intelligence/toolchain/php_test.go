package toolchain

import (
	"strings"
	"testing"
)

func TestComposerConstraints(t *testing.T) {
	for _, tc := range []struct {
		rng     string
		in, out []string
	}{
		{"^7.2.5 || ^8.0", []string{"7.2.5", "7.4.33", "8.3.1"}, []string{"7.2.4", "9.0.0", "7.1.0"}},
		{"^7.4|^8.0", []string{"7.4.0", "8.1.0"}, []string{"7.3.9", "9.0"}},
		{">=8.1", []string{"8.1.0", "9.0.0"}, []string{"8.0.30"}},
		{"~8.2", []string{"8.2.0", "8.9.1"}, []string{"8.1.9", "9.0.0"}},
		{"~8.2.3", []string{"8.2.3", "8.2.9"}, []string{"8.3.0"}},
		{"~8", []string{"8.0.0", "8.4.1"}, []string{"9.0.0"}},
		{">=7.2, <8.3", []string{"8.2.9"}, []string{"8.3.0"}},
		{">=7.2 <8.3 !=8.0.0", []string{"8.0.1"}, []string{"8.0.0"}},
		{"8.1.*", []string{"8.1.20"}, []string{"8.2.0"}},
		{"7.4 - 8.2", []string{"8.2.5"}, []string{"8.3.0"}},
		{"^8.1@dev", []string{"8.1.0"}, []string{"8.0.0"}},
		{"*", []string{"5.6.0"}, nil},
	} {
		r, err := ParseRange(Composer, tc.rng)
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
	for _, bad := range []string{"dev-master", "|", "^8.1 ||", "!=", "~banana", strings.Repeat("^8|", 100), "\x1b[31m8.1"} {
		if _, err := ParseRange(Composer, bad); err == nil {
			t.Errorf("%q read as a constraint", bad)
		}
	}
}

// TestComposerJSON reads require.php with its line; wrong types and
// broken JSON are warnings, and composer and php are still needed.
func TestComposerJSON(t *testing.T) {
	reqs := Detect(mapFS(map[string]string{
		"composer.json": "{\n  \"name\": \"a/b\",\n  \"require\": {\n    \"php\": \"^7.2.5 || ^8.0\",\n    \"ext-json\": \"*\"\n  }\n}\n",
		".php-version":  "8.3\n",
	}))
	c := constraintFrom(t, reqs, "php", "composer.json require.php")
	if c.Range != "^7.2.5 || ^8.0" || c.Dialect != Composer || c.Role != Requires || c.Evidence[0].String() != "composer.json:4" {
		t.Errorf("require.php: %+v", c)
	}
	if p := constraintFrom(t, reqs, "php", ".php-version"); p.Range != "8.3" || p.Role != Pins {
		t.Errorf(".php-version: %+v", p)
	}
	if _, ok := reqs.Tool("composer"); !ok {
		t.Error("composer is not required")
	}
	for _, tc := range []struct{ name, doc, warning string }{
		{"number", "{\"require\": {\n\"php\": 8}}", "composer.json:2: require.php is not a string"},
		{"list", "{\"require\": [\"php\"]}", "require is not an object"},
		{"broken", "{\"require\": {\"php\": \">=8.1\"", "composer.json:1"},
		{"huge", "{\"require\": {\"php\": \">=" + strings.Repeat("9", 400) + "\"}}", "too long"},
		{"escape", "{\"require\": {\"php\": \"\\u001b]0;x\\u0007>=8\"}}", "only its presence is checked"},
	} {
		reqs := Detect(mapFS(map[string]string{"composer.json": tc.doc}))
		text := warningsText(reqs)
		if !strings.Contains(text, tc.warning) || strings.ContainsAny(text, "\x1b\x07") {
			t.Errorf("%s: warnings %q; want %q and no control characters", tc.name, text, tc.warning)
		}
		if r, ok := reqs.Tool("php"); !ok || !r.Required {
			t.Errorf("%s: php is not required", tc.name)
		}
	}
}

func TestSetupPHP(t *testing.T) {
	reqs := Detect(mapFS(map[string]string{
		".github/workflows/ci.yml": `jobs:
  test:
    strategy:
      matrix:
        php: ['7.4', '8.0', '8.3']
    runs-on: ubuntu-latest
    steps:
      - uses: shivammathur/setup-php@v2
        with:
          php-version: ${{ matrix.php }}
      - uses: shivammathur/setup-php@v2
        with:
          php-version-file: .php-version
`,
		".php-version": "8.2\n",
	}))
	r, _ := reqs.Tool("php")
	if r.CI == nil || r.CI.Summary != "7.4, 8.0, 8.2, 8.3" {
		t.Errorf("php CI: %+v", r.CI)
	}
	f := constraintFrom(t, reqs, "php", "shivammathur/setup-php php-version-file")
	if f.Range != "8.2" || len(f.Evidence) != 2 || f.Evidence[1].String() != ".php-version:1" {
		t.Errorf("php-version-file: %+v", f)
	}
}
