package toolchain

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"
)

// --- .NET ---

// The .NET SDK is the tool: it builds every target framework up to its own
// major, and global.json chooses among the installed ones.

// maxProjectDepth bounds how deep project files are looked for: solutions
// keep them in src/NAME/ and test/NAME/.
const maxProjectDepth = 4

// maxProjectFiles bounds how many project files are read.
const maxProjectFiles = 200

func (d *detector) dotnetFiles() {
	if data, ok := d.read("global.json"); ok {
		d.globalJSON("global.json", data)
	}
	projects, solution := d.dotnetProjects()
	if solution != "" {
		d.uses("dotnet", true, solution, Location{Path: solution})
	}
	best, bestLoc, bestName := Version{}, Location{}, ""
	for _, p := range projects {
		data, ok := d.read(p)
		if !ok {
			continue
		}
		d.uses("dotnet", true, p, Location{Path: p, Line: 1})
		for _, tf := range targetFrameworks(data) {
			if v, ok := tfmSDK(tf.name); ok && v.Compare(best) > 0 {
				best, bestLoc, bestName = v, Location{Path: p, Line: tf.line}, tf.name
			}
		}
	}
	if bestName != "" {
		d.add("dotnet", true, Constraint{Range: best.String(), Dialect: Minimum, Role: Requires,
			Source: "target framework " + bestName, Evidence: []Location{bestLoc}})
	}
}

// globalJSON reads sdk.version and sdk.rollForward: the SDKs the dotnet
// command agrees to run in this repository.
func (d *detector) globalJSON(name string, data []byte) {
	ask, loc, err := globalJSONAsk(name, data)
	if err != nil {
		d.warn(CodeMalformed, name, errLine(err), errText(err))
	}
	if ask != "" {
		d.add("dotnet", true, Constraint{Range: ask, Dialect: DotnetSDK, Role: Requires, Source: name + " sdk", Evidence: []Location{loc}})
	}
}

// sdkRange is what global.json asks.
type sdkRange struct {
	version, policy string
}

// globalJSONAsk reads global.json's sdk object as a DotnetSDK range
// ("" when it names no version: the newest SDK installed runs); the
// location is the version's line.
func globalJSONAsk(name string, data []byte) (string, Location, error) {
	out, loc, err := globalJSONSDK(name, data)
	if out.version == "" {
		return "", loc, err
	}
	return strings.TrimSpace(out.version + " " + out.policy), loc, err
}

func globalJSONSDK(name string, data []byte) (sdkRange, Location, error) {
	clean := stripJSONC(data) // the dotnet command accepts comments
	ls := newLines(clean)
	fields, err := objectFields(clean, 0, ls)
	if err != nil {
		err = fmt.Errorf("line %d: not valid JSON (%s); only what comes before that point was read", errLine(err), errText(err))
	}
	var out sdkRange
	loc := Location{Path: name}
	for _, f := range fields {
		if f.Key != "sdk" {
			continue
		}
		sdk, serr := objectFields(clean, f.start, ls)
		if serr != nil {
			return out, loc, fmt.Errorf("line %d: sdk is not an object", f.Line)
		}
		for _, s := range sdk {
			switch s.Key {
			case "version":
				v, ok := s.stringValue()
				if !ok {
					return sdkRange{}, loc, fmt.Errorf("line %d: sdk.version is not a string", s.Line)
				}
				out.version, loc.Line = v, s.Line
			case "rollForward":
				p, ok := s.stringValue()
				if !ok {
					return sdkRange{}, loc, fmt.Errorf("line %d: sdk.rollForward is not a string", s.Line)
				}
				out.policy = p
			}
		}
	}
	return out, loc, err
}

// parseRollForward reads "VERSION [POLICY]".
func parseRollForward(s string) ([][]comparator, error) {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 2 {
		return nil, fmt.Errorf("an SDK ask is a version and a rollForward policy")
	}
	policy := "patch" // the dotnet command's default when a version is named
	if len(f) == 2 {
		policy = f[1]
	}
	text, err := rollForwardRange(f[0], policy)
	if err != nil {
		return nil, err
	}
	return parseSemver(text)
}

// rollForwardRange writes global.json's version and rollForward policy as
// a semver range: the SDKs the policy accepts. An SDK version's third
// number holds its feature band in the hundreds (8.0.100 to 8.0.199 is
// one band); patch policies stay in the band, feature policies in the
// minor, minor policies in the major.
func rollForwardRange(version, policy string) (string, error) {
	v, ok := ParseVersion(version)
	if !ok || v.N != 3 || v.Parts[2] < 100 {
		return "", fmt.Errorf("sdk.version %q is not an SDK version (8.0.100)", firstLine(version, 40))
	}
	low := ">=" + v.String()
	switch strings.ToLower(policy) {
	case "patch", "latestpatch":
		band := v.Parts[2] / 100
		return fmt.Sprintf("%s <%d.%d.%d", low, v.Parts[0], v.Parts[1], (band+1)*100), nil
	case "feature", "latestfeature":
		return fmt.Sprintf("%s <%d.%d.0", low, v.Parts[0], v.Parts[1]+1), nil
	case "minor", "latestminor":
		return fmt.Sprintf("%s <%d.0.0", low, v.Parts[0]+1), nil
	case "major", "latestmajor":
		return low, nil
	case "disable":
		return "=" + v.String(), nil
	}
	return "", fmt.Errorf("sdk.rollForward %q is not a policy the dotnet command knows", firstLine(policy, 40))
}

// dotnetProjects lists the project files below the root (not in build
// output or dependencies) and names a solution at the root.
func (d *detector) dotnetProjects() (projects []string, solution string) {
	var walk func(dir string, depth int)
	walk = func(dir string, depth int) {
		entries, err := fs.ReadDir(d.fsys, dir)
		if err != nil {
			return
		}
		for _, e := range entries {
			n, p := e.Name(), path.Join(dir, e.Name())
			switch {
			case e.IsDir():
				if depth < maxProjectDepth && !skippedDotnetDir(n) {
					walk(p, depth+1)
				}
			case isProjectFile(n) && e.Type().IsRegular() && len(projects) < maxProjectFiles:
				projects = append(projects, p)
			case dir == "." && solution == "" && (strings.HasSuffix(n, ".sln") || strings.HasSuffix(n, ".slnx")):
				solution = p
			}
		}
	}
	walk(".", 1)
	return projects, solution
}

func skippedDotnetDir(n string) bool {
	return strings.HasPrefix(n, ".") || n == "bin" || n == "obj" || n == "node_modules" || n == "vendor" || n == "packages"
}

func isProjectFile(n string) bool {
	return strings.HasSuffix(n, ".csproj") || strings.HasSuffix(n, ".fsproj") || strings.HasSuffix(n, ".vbproj") || n == "Directory.Build.props"
}

// targetFramework is one framework a project file names, with its line.
type targetFramework struct {
	name string
	line int
}

var tfmPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`<TargetFrameworks?(?:\s[^>]*)?>([^<]*)</TargetFrameworks?>`)
})

// targetFrameworks reads <TargetFramework> and <TargetFrameworks> elements;
// MSBuild properties ($(TargetFrameworks)) are left out.
func targetFrameworks(data []byte) []targetFramework {
	var out []targetFramework
	for i, l := range strings.Split(string(data), "\n") {
		for _, m := range tfmPattern().FindAllStringSubmatch(l, -1) {
			for _, tf := range strings.Split(m[1], ";") {
				tf = strings.TrimSpace(tf)
				if tf != "" && !strings.Contains(tf, "$(") {
					out = append(out, targetFramework{tf, i + 1})
				}
			}
		}
	}
	return out
}

// tfmSDK is the lowest SDK that builds a target framework: net8.0 and
// net8.0-windows need SDK 8, netcoreapp3.1 SDK 3.1. .NET Framework (net48)
// and .NET Standard build on any SDK, so they ask nothing.
func tfmSDK(tfm string) (Version, bool) {
	tfm = strings.ToLower(tfm)
	if i := strings.IndexByte(tfm, '-'); i >= 0 {
		tfm = tfm[:i] // the platform: net8.0-android
	}
	var num string
	switch {
	case strings.HasPrefix(tfm, "netcoreapp"):
		num = strings.TrimPrefix(tfm, "netcoreapp")
	case strings.HasPrefix(tfm, "net") && !strings.HasPrefix(tfm, "netstandard") && strings.Contains(tfm, "."):
		num = strings.TrimPrefix(tfm, "net")
	default:
		return Version{}, false
	}
	v, ok := ParseVersion(num)
	if !ok || v.Pre != "" || v.N != 2 {
		return Version{}, false
	}
	return v, true
}
