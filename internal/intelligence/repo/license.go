package repo

import (
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/google/licensecheck"

	"github.com/oss-dev/oss-dev/internal/intelligence/license"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// startLicense looks for the project's license among the root files of
// paths while the caller goes on (the scan of every file); the returned
// function waits for the verdict. dir must stay open until it returns.
func startLicense(dir *safefile.Root, paths []string) func() License {
	done := make(chan License, 1)
	go func() { done <- detectLicense(readLicenseFiles(dir, paths)) }()
	return sync.OnceValue(func() License { return <-done })
}

// licenseFile is one candidate license file and its text.
type licenseFile struct {
	path string
	text []byte
}

// readLicenseFiles reads the regular files at the root whose names say
// license (LICENSE, COPYING, UNLICENSE, LICENSE-MIT, MIT-LICENSE,
// COPYING.LESSER, ...), sorted. Links and files too big to be one license
// text are left out.
func readLicenseFiles(dir *safefile.Root, paths []string) []licenseFile {
	var out []licenseFile
	for _, p := range paths {
		if strings.Contains(p, "/") || !isLicenseName(p) {
			continue
		}
		if st, err := dir.Lstat(p); err != nil || !st.Mode().IsRegular() {
			continue
		}
		if text, err := dir.ReadFile(p, license.MaxSize); err == nil {
			out = append(out, licenseFile{p, text})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// isLicenseName tells a license file by its name, in any case: not a
// source file such as license.go.
func isLicenseName(name string) bool {
	lower := strings.ToLower(name)
	switch path.Ext(lower) {
	case ".md", ".txt", ".rst", ".adoc", ".markdown":
		lower = strings.TrimSuffix(lower, path.Ext(lower))
	case ".go", ".py", ".js", ".ts", ".rs", ".c", ".h", ".java", ".rb", ".sh", ".json", ".yml", ".yaml", ".toml", ".html", ".css", ".tmpl":
		return false
	}
	for _, stem := range []string{"license", "licence", "copying", "unlicense"} {
		if lower == stem || strings.HasPrefix(lower, stem+"-") || strings.HasPrefix(lower, stem+".") ||
			strings.HasPrefix(lower, stem+"_") || strings.HasSuffix(lower, "-"+stem) {
			return true
		}
	}
	return false
}

// detectLicense names the license of the best covered file: by the exact
// tests of package license when one of the files passes them, else by
// licensecheck, whose matcher costs about a second of CPU to build and is
// built only then.
func detectLicense(files []licenseFile) License {
	best := License{}
	for _, f := range files {
		if m, ok := license.Identify(f.text); ok && round2(m.Coverage) > best.Coverage {
			best = License{SPDX: m.ID, Coverage: round2(m.Coverage), Evidence: Location{Path: f.path, Line: 1}}
		}
	}
	if best.SPDX != "" {
		return best
	}
	for _, f := range files {
		if l, ok := checkLicense(f.text); ok && l.Coverage > best.Coverage {
			l.Evidence = Location{Path: f.path, Line: 1}
			best = l
		}
	}
	return best
}

// checkLicense matches text with licensecheck: the licenses it reports
// over at least half of the text.
func checkLicense(text []byte) (License, bool) {
	cov := scanLicense(text)
	ids := make([]string, 0, len(cov.Match))
	seen := map[string]bool{}
	for _, m := range cov.Match {
		if !m.IsURL && !seen[m.ID] {
			seen[m.ID] = true
			ids = append(ids, m.ID)
		}
	}
	if len(ids) == 0 || cov.Percent < 50 {
		return License{}, false
	}
	return License{SPDX: strings.Join(ids, " AND "), Coverage: round2(cov.Percent)}, true
}

// commonLicenses are the licenses most repositories carry. Matching
// against them first keeps licensecheck's matcher small: its full set
// takes about a second of CPU and 250 MB to build.
var commonLicenses = [...]string{
	"MIT", "Apache-2.0", "BSD-3-Clause", "BSD-2-Clause", "GPL-2.0", "GPL-3.0", "LGPL-2.1", "LGPL-3.0",
	"AGPL-3.0", "MPL-2.0", "ISC", "Unlicense", "0BSD", "CC0-1.0", "EPL-2.0", "EPL-1.0", "BSL-1.0", "Zlib",
	"Artistic-2.0", "CC-BY-4.0", "CC-BY-SA-4.0", "WTFPL", "PostgreSQL", "Python-2.0", "OFL-1.1", "BSD-3-Clause-Clear",
	"EUPL-1.2", "MIT-0", "UPL-1.0", "NCSA", "BlueOak-1.0.0",
}

// commonScanner is licensecheck's matcher for the common licenses, built
// once, on the first text the exact tests do not recognise.
var commonScanner = sync.OnceValue(func() *licensecheck.Scanner {
	var subset []licensecheck.License
	for _, l := range licensecheck.BuiltinLicenses() {
		for _, id := range commonLicenses {
			if l.ID == id || strings.HasPrefix(l.ID, id+"-") {
				subset = append(subset, l)
				break
			}
		}
	}
	sc, err := licensecheck.NewScanner(subset)
	if err != nil {
		return nil
	}
	return sc
})

// scanLicense matches text against the common licenses, then against
// every license licensecheck knows when none of those covers it.
func scanLicense(text []byte) licensecheck.Coverage {
	if sc := commonScanner(); sc != nil {
		if cov := sc.Scan(text); cov.Percent >= 50 {
			return cov
		}
	}
	return licensecheck.Scan(text)
}
