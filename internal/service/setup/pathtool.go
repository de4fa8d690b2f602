package setup

import (
	"regexp"
	"strings"

	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// CodeProbedElsewhere notes that the probes ran outside the repository.
const CodeProbedElsewhere diag.Code = "PROBED_ELSEWHERE"

// versionFiles are the files version managers read in the folder a
// program starts in, and what in them names a program by its path or
// has one built from source: rustup runs a toolchain at `path = "..."`
// (or a channel given as a path), asdf and mise a `path:` or `ref:`
// version.
var versionFiles = []struct {
	name string
	expr *regexp.Regexp
}{
	{"rust-toolchain.toml", regexp.MustCompile(`(?m)^\s*path\s*=|^\s*channel\s*=\s*["'][^"']*[/\\]`)},
	{"rust-toolchain", regexp.MustCompile(`(?m)^\s*path\s*=|^\s*channel\s*=\s*["'][^"']*[/\\]|^\s*[^\s=\[#]*[/\\]`)},
	{".tool-versions", regexp.MustCompile(`(?m)^\s*\S+\s+(?:.*\s)?(?:path|ref):`)},
	{".mise.toml", regexp.MustCompile(`["'](?:path|ref):`)},
	{"mise.toml", regexp.MustCompile(`["'](?:path|ref):`)},
	{".config/mise.toml", regexp.MustCompile(`["'](?:path|ref):`)},
}

// programByPath finds a version file in root that names a program by its
// path: probing there would run a program the repository chose. It
// returns the file and line, or "" and 0.
func programByPath(root string) (string, int) {
	dir, err := safefile.OpenRoot(root)
	if err != nil {
		return "", 0
	}
	defer dir.Close()
	for _, f := range versionFiles {
		data, err := dir.ReadFile(f.name, safefile.ConfigMax)
		if err != nil {
			continue
		}
		if loc := f.expr.FindIndex(data); loc != nil {
			return f.name, strings.Count(string(data[:loc[0]]), "\n") + 1
		}
	}
	return "", 0
}
