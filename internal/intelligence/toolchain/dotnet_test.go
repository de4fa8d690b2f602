package toolchain

import (
	"strings"
	"testing"
	"testing/fstest"
)

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return fsys
}

// constraintFrom returns the tool's constraint whose source starts with
// prefix, failing the test when there is none.
func constraintFrom(t *testing.T, reqs Requirements, tool, prefix string) Constraint {
	t.Helper()
	r, ok := reqs.Tool(tool)
	if !ok {
		t.Fatalf("no %s requirement in %+v", tool, reqs.Tools)
	}
	for _, c := range r.Constraints {
		if strings.HasPrefix(c.Source, prefix) {
			return c
		}
	}
	t.Fatalf("no %s constraint from %q in %+v", tool, prefix, r.Constraints)
	return Constraint{}
}

func warningsText(reqs Requirements) string {
	var all []string
	for _, w := range reqs.Warnings {
		all = append(all, w.String())
	}
	return strings.Join(all, "\n")
}

// TestGlobalJSONRollForward reads each rollForward policy as the SDKs the
// dotnet command would accept.
func TestGlobalJSONRollForward(t *testing.T) {
	for _, tc := range []struct {
		policy  string
		in, out []string
	}{
		{"", []string{"8.0.100", "8.0.199"}, []string{"8.0.200", "8.0.99", "9.0.100"}},
		{"latestPatch", []string{"8.0.150"}, []string{"8.0.200"}},
		{"latestFeature", []string{"8.0.404"}, []string{"8.1.100", "9.0.100", "8.0.100-rc.1"}},
		{"feature", []string{"8.0.300"}, []string{"9.0.100"}},
		{"latestMinor", []string{"8.2.100"}, []string{"9.0.100"}},
		{"LatestMajor", []string{"10.0.100"}, []string{"7.0.400"}},
		{"disable", []string{"8.0.100"}, []string{"8.0.101"}},
	} {
		doc := `{"sdk": {"version": "8.0.100"` + map[bool]string{true: `, "rollForward": "` + tc.policy + `"`, false: ""}[tc.policy != ""] + "}}\n"
		c := constraintFrom(t, Detect(mapFS(map[string]string{"global.json": doc})), "dotnet", "global.json")
		want := strings.TrimSpace("8.0.100 " + tc.policy)
		if c.Range != want || c.Dialect != DotnetSDK || c.Role != Requires || c.Evidence[0].String() != "global.json:1" {
			t.Errorf("%s: %+v; want %q required at global.json:1", tc.policy, c, want)
			continue
		}
		r, err := c.Parse("dotnet")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range tc.in {
			if v, _ := ParseVersion(s); !r.Contains(v) {
				t.Errorf("%s: %s should be accepted by %s", tc.policy, s, c.Range)
			}
		}
		for _, s := range tc.out {
			if v, _ := ParseVersion(s); r.Contains(v) {
				t.Errorf("%s: %s should not be accepted by %s", tc.policy, s, c.Range)
			}
		}
	}
}

// TestGlobalJSONHostile: wrong types, huge or escaped values and broken
// JSON are warnings at their line; nothing of them reaches a range.
func TestGlobalJSONHostile(t *testing.T) {
	for _, tc := range []struct {
		name, doc, warning string
	}{
		{"number", "{\n  \"sdk\": {\n    \"version\": 8\n  }\n}\n", "global.json:3: sdk.version is not a string"},
		{"sdk list", "{\"sdk\": [\"8.0.100\"]}", "global.json:1: sdk is not an object"},
		{"policy object", "{\"sdk\": {\"version\": \"8.0.100\", \"rollForward\": {}}}", "sdk.rollForward is not a string"},
		{"unknown policy", "{\"sdk\": {\"version\": \"8.0.100\", \"rollForward\": \"sideways\"}}", `sdk.rollForward "sideways" is not a policy`},
		{"huge", "{\"sdk\": {\"version\": \"99999999999999999999.0.100\"}}", "is not an SDK version"},
		{"long", "{\"sdk\": {\"version\": \"" + strings.Repeat("8", 5000) + "\"}}", "too long"},
		{"escape", "{\"sdk\": {\"version\": \"\\u001b[31m8.0.100\"}}", "is not an SDK version"},
		{"two numbers", "{\"sdk\": {\"version\": \"8.0\"}}", `sdk.version "8.0" is not an SDK version`},
		{"broken", "{\n\"sdk\": {\"version\": \"8.0.100\"\n", "global.json:"},
	} {
		reqs := Detect(mapFS(map[string]string{"global.json": tc.doc}))
		text := warningsText(reqs)
		if !strings.Contains(text, tc.warning) {
			t.Errorf("%s: warnings %q; want %q", tc.name, text, tc.warning)
		}
		if strings.ContainsRune(text, 0x1b) {
			t.Errorf("%s: an escape sequence reached a warning: %q", tc.name, text)
		}
		if r, ok := reqs.Tool("dotnet"); ok {
			for _, c := range r.Constraints {
				if c.Range != "" {
					t.Errorf("%s: a range was read: %+v", tc.name, c)
				}
			}
		}
	}
}

// TestTargetFrameworks: the newest .NET target framework asks for an SDK
// of at least its version; .NET Framework, .NET Standard, properties and
// build output ask nothing.
func TestTargetFrameworks(t *testing.T) {
	reqs := Detect(mapFS(map[string]string{
		"Lib.sln": "",
		"src/Lib/Lib.csproj": `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFrameworks Condition=" '$(OS)' == 'Windows_NT'">net471;net462</TargetFrameworks>
    <TargetFrameworks>$(TargetFrameworks);net8.0;netstandard2.0;net6.0-windows</TargetFrameworks>
  </PropertyGroup>
</Project>
`,
		"test/Lib.Tests/Lib.Tests.fsproj": "<Project>\n<PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup>\n</Project>\n",
		"src/Lib/obj/Generated.csproj":    "<TargetFramework>net99.0</TargetFramework>\n",
		"old/Old.vbproj":                  "<TargetFramework>netcoreapp3.1</TargetFramework>\n<TargetFramework>net48</TargetFramework>\n",
	}))
	c := constraintFrom(t, reqs, "dotnet", "target framework")
	if c.Range != "9.0" || c.Dialect != Minimum || c.Role != Requires || c.Evidence[0].String() != "test/Lib.Tests/Lib.Tests.fsproj:2" {
		t.Fatalf("target framework: %+v; want at least 9.0 from Lib.Tests.fsproj:2", c)
	}
	r, _ := reqs.Tool("dotnet")
	if vd := r.Check(Version{Parts: [4]int{8, 0, 404}, N: 3}); vd.Status != Fail {
		t.Errorf("SDK 8.0.404 against net9.0: %+v; want a failure", vd)
	}
	if vd := r.Check(Version{Parts: [4]int{10, 0, 100}, N: 3}); vd.Status != OK {
		t.Errorf("SDK 10.0.100 against net9.0: %+v; want ok", vd)
	}
	for _, tfm := range []string{"net48", "netstandard2.1", "net", "net.", "netcoreapp", "net8.0.1", "net1234567890.0", "net8.0rc"} {
		if v, ok := tfmSDK(tfm); ok {
			t.Errorf("%s read as SDK %s; want nothing", tfm, v)
		}
	}
}

// TestSetupDotnet maps actions/setup-dotnet: versions, wildcards, feature
// bands, several lines, and global-json-file.
func TestSetupDotnet(t *testing.T) {
	wf := `jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-dotnet@v4
        with:
          dotnet-version: |
            8.x
            9.0.1xx
            10.0.x
      - uses: actions/setup-dotnet@v4
        with:
          global-json-file: sub/global.json
`
	reqs := Detect(mapFS(map[string]string{
		".github/workflows/ci.yml": wf,
		"sub/global.json":          `{"sdk": {"version": "9.0.200", "rollForward": "latestMinor"}}`,
	}))
	c := constraintFrom(t, reqs, "dotnet", "actions/setup-dotnet dotnet-version")
	if c.Range != "8.x || 9.0.100 - 9.0.199 || 10.0.x" || c.Role != Tested {
		t.Errorf("dotnet-version: %+v", c)
	}
	r, _ := c.Parse("dotnet")
	for s, want := range map[string]bool{"8.0.404": true, "9.0.150": true, "9.0.200": false, "10.0.100": true, "11.0.100": false} {
		if v, _ := ParseVersion(s); r.Contains(v) != want {
			t.Errorf("%s in %s: %v, want %v", s, c.Range, !want, want)
		}
	}
	f := constraintFrom(t, reqs, "dotnet", "actions/setup-dotnet global-json-file")
	if f.Range != "9.0.200 latestMinor" || f.Dialect != DotnetSDK || len(f.Evidence) != 2 || f.Evidence[1].String() != "sub/global.json:1" {
		t.Errorf("global-json-file: %+v", f)
	}
}

// TestRollForwardBoundIsFirm: an SDK newer than global.json allows is
// refused by the dotnet command, so it fails rather than warns.
func TestRollForwardBoundIsFirm(t *testing.T) {
	c := Constraint{Range: "8.0.100 latestFeature", Dialect: DotnetSDK, Role: Requires, Source: "global.json sdk"}
	if vd := c.Check("dotnet", Version{Parts: [4]int{9, 0, 100}, N: 3}); vd.Status != Fail {
		t.Errorf("9.0.100: %+v; want a failure", vd)
	}
	m := Constraint{Range: "8", Dialect: Minimum, Role: Requires, Source: "target framework net8.0"}
	if vd := m.Check("dotnet", Version{Parts: [4]int{9, 0, 100}, N: 3}); vd.Status != OK {
		t.Errorf("a minimum: %+v; want ok", vd)
	}
}

func TestListedVersions(t *testing.T) {
	dotnet, _ := LookupTool("dotnet")
	vs, err := ParseProgramVersions(dotnet, "6.0.428 [/usr/share/dotnet/sdk]\n\x1b[0m8.0.404 [/usr/share/dotnet/sdk]\r\n10.0.100-rc.2.25502.107 [/opt/dotnet/sdk]\n")
	var got []string
	for _, v := range vs {
		got = append(got, v.String())
	}
	if err != nil || strings.Join(got, " ") != "6.0.428 8.0.404 10.0.100rc.2.25502.107" {
		t.Errorf("listed %q, %v", got, err)
	}
	if _, err := ParseProgramVersions(dotnet, "No .NET SDKs were found.\n"); err == nil || !strings.Contains(err.Error(), "listed no version") {
		t.Errorf("an empty list: %v; want an error", err)
	}
}
