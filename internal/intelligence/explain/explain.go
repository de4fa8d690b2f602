// Package explain gathers what a reader needs to understand a file, a folder
// or one symbol of a repository: its outline (symbols with their doc
// comments, kinds, signatures and line ranges), what it imports, who
// references it, the tests that cover it and its recent history.
//
// Go is read with go/parser, go/ast and go/doc. Other languages are outlined
// by Universal Ctags when it is installed; when it is not, the report says
// so and the other sections still come out. References and history need
// git; outside a repository they are skipped with a note.
package explain

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/intelligence/imports"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// SchemaVersion is the version of the Report's JSON shape.
const SchemaVersion = 1

// Defaults for the caps of Options.
const (
	DefaultRefs    = 20
	DefaultHistory = 10
)

// Kinds of target.
const (
	KindFile   = "file"
	KindFolder = "folder"
	KindSymbol = "symbol"
	// KindLink is a symbolic link that leads out of the repository: it is
	// shown with its target and never read.
	KindLink = "link"
)

// CtagsMissingNote is the note a report carries when a non-Go file could
// not be outlined because Universal Ctags is not installed.
const CtagsMissingNote = "outline of non-Go files needs Universal Ctags (install universal-ctags)"

// Options says what to explain.
type Options struct {
	// Path is the file or folder, absolute or relative to WorkDir.
	Path string
	// Symbol, when set, narrows the report to one symbol of Path. A method
	// may be named as Type.Method.
	Symbol string
	// WorkDir resolves a relative Path; empty means the process's directory.
	WorkDir string
	// Refs caps the reference lines shown (0: DefaultRefs, negative: none).
	Refs int
	// History caps the commits listed (0: DefaultHistory, negative: none).
	History int
	// Ctags is the ctags program; empty means "ctags" looked up on PATH.
	Ctags string
	// OpenRepo opens the git working tree at dir; nil skips references
	// and history.
	OpenRepo func(dir string) (Repo, error)
}

// Repo is what the explanation reads of the git working tree: the tracked
// files, the lines matching a pattern, and a file's history.
type Repo interface {
	LsFiles(ctx context.Context) ([]string, error)
	Grep(ctx context.Context, pattern string, pathspecs ...string) ([]model.GrepMatch, error)
	LogFile(ctx context.Context, path string, n int) ([]model.Commit, error)
}

// Report is the structural explanation. Its JSON shape is stable within a
// SchemaVersion; slices are never null.
type Report struct {
	SchemaVersion int `json:"schema_version"`
	// Kind is file, folder, symbol or link.
	Kind string `json:"kind"`
	// Link is, for Kind link, the symbolic link that leads out of the
	// repository (the target itself or a folder on its way) and where it
	// points.
	Link *Link `json:"link,omitempty"`
	// Path is the target, slash-separated, relative to Root.
	Path string `json:"path"`
	// Root is the repository's top folder, or outside git the folder the
	// paths are relative to.
	Root string `json:"root"`
	// Git reports whether Root is a git working tree.
	Git bool `json:"git"`
	// Language is the target's language ("Go", "Python", ...), "" if unknown
	// or mixed.
	Language string `json:"language"`
	// Doc is the documentation a non-Go file or folder gives itself: a
	// Python module's docstring, Rust's //! lines (Go's is Package.Doc).
	Doc string `json:"doc,omitempty"`
	// Package describes the Go package of the target, when it is Go.
	Package *Package `json:"package,omitempty"`
	// Symbol is the symbol asked for; Source its lines, doc comment
	// included, starting at line SourceLine.
	Symbol     *Symbol `json:"symbol,omitempty"`
	Source     string  `json:"source,omitempty"`
	SourceLine int     `json:"source_line,omitempty"`
	// FileSource is the text of a file target (not sent in JSON: it can be
	// large, and the file is on disk); the LLM context uses it.
	FileSource string `json:"-"`
	// Outline lists the symbols of the file, or of a folder its exported API
	// (Go) or the symbols of the files directly in it, in source order.
	Outline    []Symbol   `json:"outline"`
	Imports    []Import   `json:"imports"`
	References References `json:"references"`
	Tests      []TestFile `json:"tests"`
	History    History    `json:"history"`
	// Notes say what could not be done and why.
	Notes []string `json:"notes"`
}

// Link is a symbolic link of the repository and its target as written.
type Link struct {
	Path   string `json:"path"`
	Target string `json:"target"`
}

// Package is a Go package: its name, import path and package comment.
type Package struct {
	Name       string   `json:"name"`
	ImportPath string   `json:"import_path,omitempty"`
	Doc        string   `json:"doc"`
	Files      []string `json:"files"`
}

// Symbol is one declaration.
type Symbol struct {
	Name string `json:"name"`
	// Kind is func, method, type, const or var for Go; ctags' kind name
	// (function, class, member, ...) for other languages.
	Kind string `json:"kind"`
	// Parent is a Go method's receiver type, or the enclosing scope ctags
	// reports (a class, a module).
	Parent    string `json:"parent,omitempty"`
	Signature string `json:"signature"`
	Doc       string `json:"doc"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	EndLine   int    `json:"end_line"`
	Exported  bool   `json:"exported"`
	// docLine is where the doc comment starts (0: no comment above).
	docLine int
}

// QualifiedName is Parent.Name, or Name alone.
func (s Symbol) QualifiedName() string {
	if s.Parent != "" {
		return s.Parent + "." + s.Name
	}
	return s.Name
}

// Import is one imported package or module.
type Import = imports.Import

// References is what git grep found for the target outside the target.
type References struct {
	// Query says what was searched for, and where.
	Query string `json:"query"`
	// Total is the number of matching lines, Files of files.
	Total int `json:"total"`
	Files int `json:"files"`
	// Shown are the first matches, grouped by file, up to the cap.
	Shown []RefFile `json:"shown"`
	// MoreLines and MoreFiles count what the cap left out.
	MoreLines int `json:"more_lines"`
	MoreFiles int `json:"more_files"`
	// Skipped says why nothing was searched (outside git, for instance).
	Skipped string `json:"skipped,omitempty"`
	// all keeps every matching path, for the test search.
	all []string
}

// RefFile groups the matches of one file.
type RefFile struct {
	Path  string    `json:"path"`
	Count int       `json:"count"`
	Lines []RefLine `json:"lines"`
}

// RefLine is one matching line.
type RefLine struct {
	Line int    `json:"line"`
	Text string `json:"text"`
}

// TestFile is a test file that covers the target.
type TestFile struct {
	Path string `json:"path"`
	// Reason is why it was chosen: "name" (named after the target),
	// "package" (a Go test of the same package) or "reference" (it mentions
	// the target).
	Reason string `json:"reason"`
	// Functions are the test functions that mention the target (all of them
	// for a folder or a test file named after the target).
	Functions []string `json:"functions"`
	// MoreFunctions counts the functions left out of Functions.
	MoreFunctions int `json:"more_functions"`
}

// History is the latest commits that changed the target.
type History struct {
	// Scope is "file", "folder", or "lines A-B of FILE" for a symbol.
	Scope   string   `json:"scope"`
	Changes []Change `json:"changes"`
	Skipped string   `json:"skipped,omitempty"`
}

// Change is one commit.
type Change struct {
	SHA     string    `json:"sha"`
	Author  string    `json:"author"`
	Date    time.Time `json:"date"`
	Subject string    `json:"subject"`
}

// target is the resolved request.
type target struct {
	abs   string // absolute path
	rel   string // slash path relative to root
	root  string
	isDir bool
	repo  Repo
	// dir reads the repository's files without leaving it.
	dir *safefile.Root
	// outside is why the target itself was not read: it is a symbolic
	// link that leads out of the repository.
	outside error
	ctags   string
	refs    int
	hist    int
	symbol  string
}

// Analyze builds the report for opts.
func Analyze(ctx context.Context, opts Options) (*Report, error) {
	t, notes, err := resolve(opts)
	if err != nil {
		return nil, err
	}
	defer t.dir.Close()
	rep := &Report{
		SchemaVersion: SchemaVersion,
		Kind:          KindFile,
		Path:          t.rel,
		Root:          t.root,
		Git:           t.repo != nil,
		Outline:       []Symbol{},
		Imports:       []Import{},
		Tests:         []TestFile{},
		References:    References{Shown: []RefFile{}},
		History:       History{Changes: []Change{}},
		Notes:         nonNil(notes),
	}
	if t.outside != nil {
		return linkReport(rep, t.outside), nil
	}
	if t.isDir {
		rep.Kind = KindFolder
	}
	var u *unit
	if t.isDir {
		u, err = loadFolder(ctx, t)
	} else {
		u, err = loadFile(ctx, t)
	}
	if err != nil {
		return nil, err
	}
	rep.Language = u.language
	rep.Package = u.pkg
	rep.Doc = u.doc
	rep.Outline = u.outline
	rep.Imports = u.imports
	rep.FileSource = u.source
	rep.Notes = append(rep.Notes, u.notes...)
	var sym *Symbol
	if t.symbol != "" {
		s, err := findSymbol(u.all, t.symbol, t.rel)
		if err != nil {
			return nil, err
		}
		sym = &s
		rep.Kind = KindSymbol
		rep.Symbol = sym
		rep.Source, rep.SourceLine = symbolSource(t.dir, s)
		if others := sameName(u.all, s); len(others) > 0 {
			rep.Notes = append(rep.Notes, "other symbols share the name "+s.Name+": "+strings.Join(others, ", ")+" (name one as TYPE.NAME)")
		}
	}
	rep.References = findReferences(ctx, t, u, sym)
	rep.Tests = findTests(ctx, t, u, sym, rep.References.all)
	rep.History = findHistory(ctx, t, sym)
	return rep, nil
}

// linkReport describes a target that is a symbolic link leading out of
// the repository: the link and its target, and nothing read through it.
func linkReport(rep *Report, why error) *Report {
	rep.Kind = KindLink
	var e *safefile.Error
	if errors.As(why, &e) {
		rep.Link = &Link{Path: e.Link, Target: e.Target}
	}
	rep.Notes = append(rep.Notes, why.Error()+": not read")
	rep.References.Skipped = "the target is a symbolic link out of the repository"
	rep.History.Skipped = rep.References.Skipped
	return rep
}

// resolve checks the path and finds the repository around it. Every read
// that follows goes through t.dir, rooted at the repository, so that a
// symbolic link of the repository cannot lead a read out of it.
func resolve(opts Options) (*target, []string, error) {
	if strings.TrimSpace(opts.Path) == "" {
		return nil, nil, errcode.New(errcode.InvalidInput, "no path given", "name a file or folder: oss-dev explain PATH [SYMBOL]")
	}
	wd := opts.WorkDir
	if wd == "" {
		wd, _ = os.Getwd()
	}
	abs := opts.Path
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(wd, abs)
	}
	abs = filepath.Clean(abs)
	fi, err := os.Stat(abs)
	if err != nil && !isLink(abs) {
		return nil, nil, missingPath(opts.Path, abs, err)
	}
	t := &target{symbol: strings.TrimSpace(opts.Symbol),
		ctags: opts.Ctags, refs: capOf(opts.Refs, DefaultRefs), hist: capOf(opts.History, DefaultHistory)}
	if t.ctags == "" {
		t.ctags = "ctags"
	}
	top, inGit := repositoryTop(abs, filepath.Clean(wd))
	if !inGit {
		// Outside a repository the folder named, or the file's folder,
		// is the top: the links in it are still not followed out.
		top = filepath.Dir(abs)
		if fi != nil && fi.IsDir() && !isLink(abs) {
			top = abs
		}
	}
	var notes []string
	if inGit && opts.OpenRepo == nil {
		notes = append(notes, "git is not available here: references and history are skipped")
	} else if inGit {
		repo, err := opts.OpenRepo(top)
		switch {
		case err == nil:
			t.repo = repo
		case errcode.HasCode(err, errcode.GitNotFound):
			notes = append(notes, "git is not installed: references and history are skipped (install git)")
		default:
			notes = append(notes, "not inside a git repository: references and history are skipped")
		}
	} else {
		notes = append(notes, "not inside a git repository: references and history are skipped")
	}
	rel, err := filepath.Rel(top, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		rel = filepath.Base(abs)
	}
	t.rel = filepath.ToSlash(rel)
	t.root = top
	if r, err := filepath.EvalSymlinks(top); err == nil {
		t.root = r
	}
	if t.dir, err = safefile.OpenRoot(t.root); err != nil {
		return nil, nil, missingPath(opts.Path, abs, err)
	}
	info, err := t.dir.Stat(t.rel)
	if errors.Is(err, safefile.ErrOutside) {
		t.outside = err
		return t, notes, nil
	}
	if err != nil {
		t.dir.Close()
		return nil, nil, missingPath(opts.Path, abs, err)
	}
	t.isDir = info.IsDir()
	return t, notes, nil
}

// isLink reports whether p itself is a symbolic link.
func isLink(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && fi.Mode()&os.ModeSymlink != 0
}

// repositoryTop finds the top of the git work tree that holds abs, looking
// for .git in abs and its folders, nearest first. A folder that is a
// symbolic link is not a top, even when it holds a .git: the link belongs
// to the repository above it, whose reads it must not lead out of. Links
// at or above wd are the user's own way to the repository and are taken
// as they are.
func repositoryTop(abs, wd string) (string, bool) {
	trusted := func(d string) bool {
		if !within(abs, wd) {
			return false
		}
		return !within(d, wd) || d == wd
	}
	linked := ""
	for d := abs; ; {
		link := !trusted(d) && isLink(d)
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			if !link {
				return d, true
			}
			if linked == "" {
				linked = d
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	// Only a linked repository with no repository around it: the user
	// named it, so it is the top.
	return linked, linked != ""
}

// within reports whether p is dir or lies under it.
func within(p, dir string) bool {
	if dir == "" {
		return false
	}
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func capOf(v, def int) int {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// missingPath is the NOT_FOUND error for a path that does not exist; it
// names the nearest entries of the parent folder when there are any.
func missingPath(given, abs string, cause error) error {
	fix := "check the path; it is read relative to the current folder"
	if file, sym, ok := strings.Cut(given, ":"); ok && file != "" && sym != "" && (sym[0] < '0' || sym[0] > '9') {
		// FILE:SYMBOL reads like a reference elsewhere; here the symbol is
		// the second argument. (FILE:LINE keeps the did-you-mean below.)
		if st, err := os.Stat(strings.TrimSuffix(abs, given[len(file):])); err == nil && !st.IsDir() {
			return errcode.Wrap(errcode.NotFound, cause, "no file or folder "+given,
				"pass the symbol as a second argument: oss-dev explain "+file+" "+sym)
		}
	}
	if entries, err := os.ReadDir(filepath.Dir(abs)); err == nil {
		names := make([]string, 0, len(entries))
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if near := nearest(filepath.Base(abs), names, 3); len(near) > 0 {
			fix = "did you mean " + strings.Join(near, ", ") + "?"
		}
	}
	return errcode.Wrap(errcode.NotFound, cause, "no file or folder "+given, fix)
}

// sameName lists the other symbols called like s, qualified.
func sameName(all []Symbol, s Symbol) []string {
	var out []string
	for _, o := range all {
		if o.Name == s.Name && (o.Parent != s.Parent || o.File != s.File || o.Line != s.Line) {
			out = append(out, o.QualifiedName())
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
