package toolchain

import (
	"strings"
	"testing"
)

// TestDartFiles: a Dart package's SDK range and setup-dart's versions, a
// Flutter package's Flutter range, its Dart left to Flutter, and channel
// names passed over without a warning.
func TestDartFiles(t *testing.T) {
	reqs := Detect(mapFS(map[string]string{
		"pubspec.yaml": "name: args\nenvironment:\n  sdk: ^3.3.0\ndev_dependencies:\n  test: ^1.24.0\n",
		".github/workflows/ci.yml": `jobs:
  t:
    strategy:
      matrix:
        sdk: ["3.3", dev]
    runs-on: ubuntu-latest
    steps:
      - uses: dart-lang/setup-dart@v1
        with:
          sdk: ${{ matrix.sdk }}
`,
	}))
	c := constraintFrom(t, reqs, "dart", "pubspec.yaml")
	if c.Range != "^3.3.0" || c.Role != Requires || c.Evidence[0].String() != "pubspec.yaml:3" {
		t.Errorf("sdk: %+v", c)
	}
	if r, _ := reqs.Tool("dart"); r.CI == nil || r.CI.Summary != "3.3" {
		t.Errorf("dart CI: %+v", r.CI)
	}
	if w := warningsText(reqs); w != "" {
		t.Errorf("warnings %q; a channel name is no version to warn of", w)
	}
	if vd := mustTool(t, reqs, "dart").Check(Version{Parts: [4]int{3, 2, 6}, N: 3}); vd.Status != Fail {
		t.Errorf("Dart 3.2.6: %+v; want a failure", vd)
	}
	fl := Detect(mapFS(map[string]string{
		"pubspec.yaml": "name: app\nenvironment:\n  sdk: '>=3.4.0 <4.0.0'\n  flutter: '>=3.22.0'\ndependencies:\n  flutter:\n    sdk: flutter\n",
	}))
	if c := constraintFrom(t, fl, "flutter", "pubspec.yaml"); c.Range != ">=3.22.0" || c.Evidence[0].String() != "pubspec.yaml:4" {
		t.Errorf("flutter: %+v", c)
	}
	if r, _ := fl.Tool("dart"); r.Required {
		t.Errorf("a Flutter package's Dart is required on its own: %+v", r)
	}
	bad := Detect(mapFS(map[string]string{"pubspec.yaml": "- not\n- a mapping\n"}))
	if !strings.Contains(warningsText(bad), "pubspec.yaml") {
		t.Errorf("no warning for a pubspec that is no mapping: %q", warningsText(bad))
	}
}

func mustTool(t *testing.T, reqs Requirements, tool string) Requirement {
	t.Helper()
	r, ok := reqs.Tool(tool)
	if !ok {
		t.Fatalf("no %s in %+v", tool, reqs)
	}
	return r
}
