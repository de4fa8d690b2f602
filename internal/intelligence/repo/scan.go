package repo

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/oss-dev/oss-dev/internal/intelligence/imports"
	"github.com/oss-dev/oss-dev/internal/intelligence/linguist"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// detectLimit is how much of a file language detection reads: linguist
// loads at most 128 KiB of a blob, so detection sees the same bytes.
const detectLimit = 128 * 1024

// fileInfo is everything one read of a file tells.
type fileInfo struct {
	path          string
	size          int64
	lang          string   // detected or overridden language, "" when none
	candidates    []string // languages linguist could not choose between, when more than one
	statsName     string   // the language bar's name (the language's group)
	vendored      bool
	generated     bool
	documentation bool
	binary        bool
	skipped       bool
	inStats       bool
	lines         LineCounts
	counted       bool          // lines were counted
	test          string        // the test ecosystem, "" for a non-test file
	mainLine      int           // line of a program's entry (package main, static void main)
	content       []byte        // kept only for the files detectors read
	overrides     []overrideKey // the override rules that changed this file
	leaves        string        // why a symbolic link that leaves the tree was not read
	imports       []imports.Import
	pkg           string // the package a JVM source file declares
	module        string // the module a go.mod or Cargo.toml names
}

// leavesTree says, for a symbolic link at rel, where it leads when that is
// outside the tree; "" when the link stays inside.
func leavesTree(dir *safefile.Root, rel string) string {
	link, target, ok := dir.Outside(rel)
	if !ok {
		return ""
	}
	return (&safefile.Error{Path: rel, Link: link, Target: target, Err: safefile.ErrOutside}).Error() + ": not read"
}

// scanFiles reads every file once with a bounded pool of workers and
// returns what each read told, in the order of paths. With signalsOnly,
// only the files detectors read are read and classified; the others are
// only looked up, to tell a regular file from a link or a folder.
func scanFiles(ctx context.Context, dir *safefile.Root, paths []string, attrs *Attributes, workers int, signalsOnly bool) ([]fileInfo, error) {
	if workers <= 0 {
		workers = 2 * runtime.GOMAXPROCS(0)
	}
	out := make([]fileInfo, len(paths))
	// Workers take the next run of files from a shared counter: one
	// atomic add is far cheaper than reading a file, and keeps the load
	// even.
	runs := folderRuns(paths, runLength)
	var next atomic.Int64
	take := func() int { return int(next.Add(1) - 1) }
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			folders := &folderCache{top: dir}
			defer folders.close()
			for {
				if ctx.Err() != nil {
					return
				}
				r := take()
				if r >= len(runs)-1 {
					return
				}
				for i := runs[r]; i < runs[r+1]; i++ {
					out[i], buf = scanOne(folders, paths[i], attrs, buf, signalsOnly)
				}
			}
		}()
	}
	wg.Wait()
	return out, ctx.Err()
}

// runLength bounds a run of files one worker takes at once.
const runLength = 32

// folderRuns cuts paths into runs of files of one folder, at most most
// long, and returns where each run starts, then len(paths). A worker
// takes a whole run, so a folder is opened about once, not once by each
// worker that happens to take one of its files.
func folderRuns(paths []string, most int) []int {
	starts := make([]int, 0, len(paths)/most+1)
	for i, p := range paths {
		if i == 0 || i-starts[len(starts)-1] >= most || !sameFolder(p, paths[i-1]) {
			starts = append(starts, i)
		}
	}
	return append(starts, len(paths))
}

func sameFolder(a, b string) bool {
	return a[:strings.LastIndexByte(a, '/')+1] == b[:strings.LastIndexByte(b, '/')+1]
}

// folderCache keeps open the folder of a worker's last file and the
// folders above it: files come in path order, so the next one is most
// often in the same folder or a near one, and opening it costs one system
// call per folder below the nearest open one, instead of one per folder
// of its path.
type folderCache struct {
	top   *safefile.Root
	names []string         // the open folders, each inside the one before
	open  []*safefile.Root // names[i] opened
}

// get returns the folder to open rel in and the name to open there.
func (c *folderCache) get(rel string) (*safefile.Root, string) {
	d, name := path.Split(rel)
	d = strings.TrimSuffix(d, "/")
	if d == "" {
		return c.top, rel
	}
	for n := len(c.names); n > 0 && !isWithin(d, c.names[n-1]); n-- {
		c.pop()
	}
	for len(c.names) == 0 || c.names[len(c.names)-1] != d {
		if !c.push(d) {
			// the whole path through the top folder gives the same refusal
			return c.top, rel
		}
	}
	return c.open[len(c.open)-1], name
}

// push opens the next folder of d's path below the deepest open one.
func (c *folderCache) push(d string) bool {
	parent, prefix := c.top, ""
	if n := len(c.names); n > 0 {
		parent, prefix = c.open[n-1], c.names[n-1]+"/"
	}
	next, _, _ := strings.Cut(d[len(prefix):], "/")
	sub, err := parent.Sub(next)
	if err != nil {
		return false
	}
	c.names = append(c.names, prefix+next)
	c.open = append(c.open, sub)
	return true
}

func (c *folderCache) pop() {
	n := len(c.open) - 1
	c.open[n].Close()
	c.open, c.names = c.open[:n], c.names[:n]
}

func (c *folderCache) close() {
	for len(c.open) > 0 {
		c.pop()
	}
}

// isWithin tells whether folder d is dir or inside it.
func isWithin(d, dir string) bool {
	return d == dir || (strings.HasPrefix(d, dir) && d[len(dir)] == '/')
}

// scanOne reads one file and classifies it. buf is the worker's reusable
// read buffer; it is returned, maybe grown. With signalsOnly, a file no
// detector reads is only looked up.
func scanOne(folders *folderCache, rel string, attrs *Attributes, buf []byte, signalsOnly bool) (fileInfo, []byte) {
	fi := fileInfo{path: rel}
	dir, name := folders.get(rel)
	st, err := dir.Lstat(name)
	if err != nil || !st.Mode().IsRegular() {
		// Deleted but still tracked, a symlink or a submodule: linguist
		// skips symlinks and submodules too.
		fi.skipped = true
		if err == nil && st.Mode()&fs.ModeSymlink != 0 {
			fi.leaves = leavesTree(folders.top, rel)
		}
		return fi, buf
	}
	fi.size = st.Size()
	keep := isSignalFile(rel)
	if signalsOnly && !keep {
		return fi, buf
	}
	over := attrs.Lookup(rel)
	fi.vendored = linguist.IsVendor(rel)
	if v, ok, src := boolAttr(over, "linguist-vendored"); ok {
		fi.noteOverride(fi.vendored != v, "linguist-vendored", src)
		fi.vendored = v
	}
	if fi.vendored && !keep {
		// Vendored code is out of the language bar and of the size, and
		// its language needs no content: the file need not be read, nor
		// its path run through the documentation patterns.
		fi.lang, _ = linguist.LanguageByExtension(rel)
		return fi, buf
	}
	fi.documentation = linguist.IsDocumentation(rel)
	if v, ok, src := boolAttr(over, "linguist-documentation"); ok {
		fi.noteOverride(fi.documentation != v, "linguist-documentation", src)
		fi.documentation = v
	}
	data, buf, err := readFile(dir, name, fi.size, buf)
	if err != nil {
		fi.skipped = true
		return fi, buf
	}
	fi.classify(rel, data, over)
	if keep {
		fi.content = append([]byte(nil), data...)
	}
	return fi, buf
}

// classify fills language, generated, stats membership, line counts and
// the signals of one file's content.
func (fi *fileInfo) classify(rel string, data []byte, over map[string]attrWithSource) {
	head := data
	if len(head) > detectLimit {
		head = head[:detectLimit]
	}
	fi.binary = linguist.IsBinary(head)
	fi.generated = !fi.binary && linguist.IsGenerated(rel, head)
	if v, ok, src := boolAttr(over, "linguist-generated"); ok {
		fi.noteOverride(fi.generated != v, "linguist-generated", src)
		fi.generated = v
	}
	if st, ok := over["linguist-language"]; ok && st.set && st.value != "true" && st.value != "false" {
		if l, found := linguist.LanguageByAlias(strings.ReplaceAll(st.value, "-", " ")); found {
			fi.lang = l
			fi.noteOverride(true, "linguist-language", st.src)
		} else if l, found := linguist.LanguageByAlias(st.value); found {
			fi.lang = l
			fi.noteOverride(true, "linguist-language", st.src)
		}
	}
	if fi.lang == "" && !fi.binary && len(data) > 0 {
		switch langs := linguist.Languages(path.Base(rel), head); len(langs) {
		case 0:
			fi.lang, _ = linguist.LanguageByExtension(rel)
		case 1:
			fi.lang = langs[0]
		default:
			// Provisional: resolveAmbiguous decides once every file's
			// language is known.
			fi.candidates = langs
			fi.lang = linguist.TieBreak(rel, langs, nil)
		}
	}
	fi.settle(data, over)
	fi.test = testEcosystem(rel)
	fi.mainLine = mainLine(rel, head)
	fi.readImports(rel, data)
}

// importHead bounds how much of a file is read for its imports, which sit
// at its top; an import deep in a long file is missed.
const importHead = 32 << 10

// readImports keeps what a source file imports, or the module a manifest
// names, for the most-imported files. Tests, vendored, generated and
// documentation files import nothing that counts.
func (fi *fileInfo) readImports(rel string, data []byte) {
	if base := path.Base(rel); base == "go.mod" || base == "Cargo.toml" {
		fi.module = imports.ModuleName(base, data)
		return
	}
	if !fi.inStats || fi.test != "" || fi.binary {
		return
	}
	if len(data) == 0 {
		return
	}
	// A view of the worker's read buffer, not a copy: what is kept of it
	// is cloned below, before the buffer is reused for the next file.
	head := unsafe.String(unsafe.SliceData(data), min(len(data), importHead))
	fi.imports = imports.Parse(fi.lang, head, "")
	for i := range fi.imports {
		imp := &fi.imports[i]
		imp.Path, imp.Alias = strings.Clone(imp.Path), strings.Clone(imp.Alias)
		for j := range imp.Names {
			imp.Names[j] = strings.Clone(imp.Names[j])
		}
	}
	fi.pkg = strings.Clone(imports.PackageOf(fi.lang, head))
}

// settle fills what follows from the language: the language bar's name,
// membership of the bar, and the line counts.
func (fi *fileInfo) settle(data []byte, over map[string]attrWithSource) {
	fi.statsName, fi.inStats, fi.lines, fi.counted = "", false, LineCounts{}, false
	if fi.lang == "" {
		return
	}
	fi.statsName = linguist.LanguageGroup(fi.lang)
	if fi.statsName == "" {
		fi.statsName = fi.lang
	}
	t := linguist.LanguageType(fi.lang)
	detectable := t == linguist.Programming || t == linguist.Markup
	if v, ok, src := boolAttr(over, "linguist-detectable"); ok {
		fi.noteOverride(detectable != v, "linguist-detectable", src)
		detectable = v
	}
	fi.inStats = !fi.vendored && !fi.documentation && !fi.generated && detectable
	if !fi.generated && !fi.binary {
		syn, known := commentSyntaxFor(fi.lang)
		fi.lines = countLines(data, syn, known)
		fi.counted = true
	}
}

// resolveAmbiguous chooses the language of each file that linguist's rules
// left ambiguous (a .h file with no C++ or Objective-C marks, a .s file),
// where linguist would run its Bayesian classifier: the candidate with the
// most bytes among the repository's unambiguous files wins, through
// linguist.TieBreak. A file whose language changes is read again to count
// its lines with the right comment syntax.
func resolveAmbiguous(dir *safefile.Root, files []fileInfo, attrs *Attributes) {
	weights := map[string]int64{}
	ambiguous := 0
	for i := range files {
		f := &files[i]
		switch {
		case f.candidates != nil:
			ambiguous++
		case f.lang != "" && !f.skipped && !f.vendored:
			weights[f.lang] += f.size
		}
	}
	if ambiguous == 0 {
		return
	}
	weight := func(lang string) int64 { return weights[lang] }
	var buf []byte
	for i := range files {
		f := &files[i]
		if f.candidates == nil {
			continue
		}
		pick := linguist.TieBreak(f.path, f.candidates, weight)
		if pick == f.lang {
			continue
		}
		f.lang = pick
		var data []byte
		var err error
		data, buf, err = readFile(dir, f.path, f.size, buf)
		if err != nil {
			// The file went away since the scan: keep the language,
			// count no lines.
			f.settle(nil, nil)
			continue
		}
		f.dropOverride("linguist-detectable")
		f.settle(data, attrs.Lookup(f.path))
	}
}

// dropOverride forgets the notes of one attribute, before settle notes it
// again.
func (fi *fileInfo) dropOverride(attr string) {
	kept := fi.overrides[:0]
	for _, o := range fi.overrides {
		if o.attr != attr {
			kept = append(kept, o)
		}
	}
	fi.overrides = kept
}

func (fi *fileInfo) noteOverride(changed bool, attr string, src AttrSource) {
	if changed {
		fi.overrides = append(fi.overrides, overrideKey{file: src.File, line: src.Line, attr: attr})
	}
}

// overrideKey names one attribute of one .gitattributes line.
type overrideKey struct {
	file string
	line int
	attr string
}

// readFile reads the whole file into buf, growing it as needed, at most
// the size its Lstat gave. A binary file is read only as far as the
// binary test needs. The open stays inside the tree and refuses anything
// but a regular file, whatever took the file's place since the Lstat.
func readFile(dir *safefile.Root, rel string, size int64, buf []byte) ([]byte, []byte, error) {
	f, err := dir.Open(rel)
	if err != nil {
		return nil, buf, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil {
		return nil, buf, err
	} else if st.IsDir() {
		return nil, buf, &safefile.Error{Path: rel, Kind: "folder", Err: safefile.ErrNotRegular}
	}
	n := int(size)
	if cap(buf) < n+1 {
		buf = make([]byte, n+1, n+n/4+512)
	}
	buf = buf[:cap(buf)]
	// Sniff the first 8000 bytes, as git and linguist do, before reading on.
	first := n
	if first > 8000 {
		first = 8000
	}
	got, err := io.ReadFull(f, buf[:first])
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, buf, err
	}
	if got < first || bytes.IndexByte(buf[:got], 0) >= 0 {
		return buf[:got], buf, nil
	}
	rest, err := io.ReadFull(f, buf[first:n])
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, buf, err
	}
	return buf[:first+rest], buf, nil
}

// mainLine finds the line that makes a file a program's entry point: a Go
// "package main" or a Java "static void main(".
func mainLine(rel string, head []byte) int {
	switch {
	case strings.HasSuffix(rel, ".go") && !strings.HasSuffix(rel, "_test.go"):
		// Most Go files are not a main package: one search, not a walk
		// over the lines, tells.
		if !bytes.Contains(head, []byte("package main")) {
			return 0
		}
		return lineOfPrefix(head, "package main")
	case strings.HasSuffix(rel, ".java"):
		if i := bytes.Index(head, []byte("static void main(")); i >= 0 {
			return bytes.Count(head[:i], []byte{'\n'}) + 1
		}
	}
	return 0
}

// lineOfPrefix returns the 1-based line that is exactly prefix or starts
// with prefix followed by a space or tab, or 0.
func lineOfPrefix(data []byte, prefix string) int {
	line := 1
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		l := data
		if end >= 0 {
			l = data[:end]
		}
		l = bytes.TrimRight(l, "\r \t")
		if bytes.HasPrefix(l, []byte(prefix)) && (len(l) == len(prefix) || l[len(prefix)] == ' ' || l[len(prefix)] == '\t') {
			return line
		}
		if end < 0 {
			break
		}
		data = data[end+1:]
		line++
	}
	return 0
}

// isSignalFile tells whether a detector needs the file's content: manifests,
// build files, CI configuration, community files and licenses. Only these
// are kept in memory after the scan.
func isSignalFile(rel string) bool {
	base := path.Base(rel)
	lower := strings.ToLower(base)
	depth := strings.Count(rel, "/")
	switch {
	case strings.HasPrefix(rel, ".github/workflows/") && depth == 2 && (strings.HasSuffix(lower, ".yml") || strings.HasSuffix(lower, ".yaml")):
		return true
	case rel == ".gitlab-ci.yml" || rel == ".circleci/config.yml" || rel == ".travis.yml" ||
		rel == "azure-pipelines.yml" || rel == "Jenkinsfile" || rel == ".github/dco.yml" || rel == ".clabot" || rel == ".cirrus.yml" ||
		rel == "appveyor.yml" || rel == ".appveyor.yml" || rel == "bitbucket-pipelines.yml":
		return true
	}
	if depth > 2 {
		return false
	}
	switch base {
	case "Makefile", "GNUmakefile", "makefile", "justfile", "Justfile", ".justfile",
		"package.json", "go.mod", "Cargo.toml", "pyproject.toml", "setup.cfg", "setup.py", "tox.ini", "noxfile.py",
		"pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts", "CMakeLists.txt",
		"Gemfile", "composer.json", "Pipfile", "Rakefile", "mix.exs":
		return true
	}
	if strings.HasPrefix(lower, "requirements") && strings.HasSuffix(lower, ".txt") {
		return true
	}
	if depth <= 1 && isCommunityName(lower) {
		return true
	}
	return false
}

// isCommunityName matches the names of contributing guides and licenses.
func isCommunityName(lower string) bool {
	stem := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(lower, ".md"), ".rst"), ".txt"), ".adoc")
	switch stem {
	case "contributing", "license", "licence", "copying", "license-mit", "license-apache", "unlicense":
		return true
	}
	return false
}
