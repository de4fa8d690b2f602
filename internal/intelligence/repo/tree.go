package repo

import (
	"path"
	"sort"
	"strings"

	"github.com/oss-dev/oss-dev/internal/safefile"
)

// tree is the scanned file list with the contents detectors read.
type tree struct {
	files   []fileInfo
	index   map[string]int // path -> position in files
	content map[string][]byte
}

func newTree(files []fileInfo) *tree {
	t := &tree{files: files, index: make(map[string]int, len(files)), content: map[string][]byte{}}
	for i := range files {
		f := &files[i]
		if f.skipped {
			continue
		}
		t.index[f.path] = i
		if f.content != nil {
			t.content[f.path] = f.content
		}
	}
	return t
}

// has reports whether the file is tracked.
func (t *tree) has(p string) bool { _, ok := t.index[p]; return ok }

// dirs lists every folder that holds a file of the tree.
func (t *tree) dirs() map[string]bool {
	out := map[string]bool{}
	for p := range t.index {
		for d := path.Dir(p); d != "." && !out[d]; d = path.Dir(d) {
			out[d] = true
		}
	}
	return out
}

// read returns the content of a signal file.
func (t *tree) read(p string) ([]byte, bool) { b, ok := t.content[p]; return b, ok }

// signal lists the kept files whose base name satisfies match, sorted,
// shallowest first, and outside vendored code.
func (t *tree) signal(match func(base string) bool) []string {
	var out []string
	for p := range t.content {
		if match(path.Base(p)) && !t.files[t.index[p]].vendored {
			out = append(out, p)
		}
	}
	sortPaths(out)
	return out
}

// kept lists every file whose content the scan kept, sorted.
func (t *tree) kept() []string {
	out := make([]string, 0, len(t.content))
	for p := range t.content {
		out = append(out, p)
	}
	sortPaths(out)
	return out
}

// firstOf returns the first of names that is tracked, with an ok flag.
func (t *tree) firstOf(names ...string) (string, bool) {
	for _, n := range names {
		if t.has(n) {
			return n, true
		}
	}
	return "", false
}

// sortPaths orders paths shallowest first, then by name, so root files
// lead.
func sortPaths(ps []string) {
	sort.Slice(ps, func(i, j int) bool {
		di, dj := strings.Count(ps[i], "/"), strings.Count(ps[j], "/")
		if di != dj {
			return di < dj
		}
		return ps[i] < ps[j]
	})
}

// dirOf is the folder of p, "" at the root.
func dirOf(p string) string {
	d := path.Dir(p)
	if d == "." {
		return ""
	}
	return d
}

// join puts a file name under dir.
func join(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// readSmall reads a file of configuration size inside the analysed tree.
func readSmall(dir *safefile.Root, rel string) ([]byte, error) {
	return dir.ReadFile(rel, safefile.ConfigMax)
}

// lineOf returns the 1-based line of the first occurrence of needle in
// data, or 0.
func lineOf(data []byte, needle string) int {
	i := strings.Index(string(data), needle)
	if i < 0 {
		return 0
	}
	return strings.Count(string(data[:i]), "\n") + 1
}
