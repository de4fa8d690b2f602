package toolchain

import (
	"strings"
	"testing"
)

func TestSwiftToolsVersion(t *testing.T) {
	for line, want := range map[string]string{
		"// swift-tools-version:5.9":                        "5.9",
		"// swift-tools-version: 5.10.1":                    "5.10.1",
		"//swift-tools-version:6.0; (xcode)":                "6.0",
		"// Swift-Tools-Version:5.7":                        "5.7",
		"// swift tools 5.9":                                "",
		"import PackageDescription":                         "",
		"// swift-tools-version:5.9-dev":                    "",
		"// swift-tools-version:\x1b[31m5.9":                "",
		"// swift-tools-version:" + strings.Repeat("9", 50): "",
	} {
		got, ok := toolsVersion(line)
		if got != want || ok != (want != "") {
			t.Errorf("%q: %q %v; want %q", line, got, ok, want)
		}
	}
	reqs := Detect(mapFS(map[string]string{
		"Package.swift":  "// swift-tools-version:5.9\nimport PackageDescription\n",
		".swift-version": "5.10\n",
		".github/workflows/ci.yml": `jobs:
  t:
    strategy:
      matrix:
        swift: ["5.9", "5.10", "6.0"]
    runs-on: ubuntu-latest
    steps:
      - uses: swift-actions/setup-swift@v2
        with:
          swift-version: ${{ matrix.swift }}
`,
	}))
	c := constraintFrom(t, reqs, "swift", "Package.swift")
	if c.Range != "5.9" || c.Role != Requires || c.Evidence[0].String() != "Package.swift:1" {
		t.Errorf("tools version: %+v", c)
	}
	r, _ := reqs.Tool("swift")
	if r.CI == nil || r.CI.Summary != "5.9, 5.10, 6.0" {
		t.Errorf("swift CI: %+v", r.CI)
	}
	if vd := r.Check(Version{Parts: [4]int{5, 8}, N: 2}); vd.Status != Fail {
		t.Errorf("Swift 5.8: %+v; want a failure", vd)
	}
	bad := Detect(mapFS(map[string]string{"Package.swift": "import PackageDescription\n"}))
	if !strings.Contains(warningsText(bad), "Package.swift:1: the first line names no swift-tools-version") {
		t.Errorf("no warning: %q", warningsText(bad))
	}
	for out, want := range map[string]string{
		"swift-driver version: 1.115 Apple Swift version 6.0.3 (swiftlang-6.0.3.1.10 clang-1600.0.30.1)\nTarget: arm64-apple-macosx15.0": "6.0.3",
		"Swift version 5.10.1 (swift-5.10.1-RELEASE)\nTarget: x86_64-unknown-linux-gnu":                                                  "5.10.1",
	} {
		if v, err := ParseProgramVersion("swift", out); err != nil || v.String() != want {
			t.Errorf("%q: %s %v; want %s", out, v, err, want)
		}
	}
}
