package repo

import (
	"github.com/oss-dev/oss-dev/internal/diag"

	"context"
	"fmt"
	"math"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/intelligence/linguist"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// historyDepth is how many commits the convention and DCO checks read.
const historyDepth = 200

// Options configure one analysis.
type Options struct {
	// Root is the directory to analyse.
	Root string
	// Git lists tracked files and reads history; nil means ExecGit.
	Git Git
	// Workers bounds the parallel reads; 0 means twice the CPUs.
	Workers int
}

// Analyze reads the tree at opts.Root once and reports what it is made of.
// It never writes to the tree.
func Analyze(ctx context.Context, opts Options) (*Report, error) {
	r, g, paths, dir, err := begin(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer dir.Close()
	history := startHistory(ctx, g, r.Root, r.Git)
	license := startLicense(dir, paths)
	defer license() // before dir closes, whatever happens
	attrs := loadAttributes(dir, paths)
	files, err := scanFiles(ctx, dir, paths, attrs, opts.Workers, false)
	if err != nil {
		return nil, errcode.Wrap(errcode.Canceled, err, "the analysis was cancelled", "")
	}
	commits, warning := history()
	if warning != nil {
		r.Warnings = append(r.Warnings, *warning)
	}
	resolveAmbiguous(dir, files, attrs)
	if attrs.Exhausted() {
		r.Warnings = append(r.Warnings, diag.NewWarning(CodeAttributesTooCostly,
			"the .gitattributes patterns are too costly to match against every file: the linguist attributes were applied to part of the tree only"))
	}
	if len(commits) > 0 {
		r.Commit = commits[0].SHA
	}
	t := newTree(files)
	// Resolving every import is the costliest step left; it reads the
	// files as the steps below do, and runs beside them.
	imported := make(chan []Imported, 1)
	go func() { imported <- mostImported(t) }()
	r.Files = countFiles(files)
	r.Warnings = append(r.Warnings, linksOut(files)...)
	r.Languages, r.PrimaryLanguage = languageBar(files)
	r.Overrides = overrides(files, attrs)
	r.Size = sizeOf(files)
	r.PackageManagers = packageManagers(t)
	r.Frameworks = frameworks(t)
	r.Commands = commands(t)
	r.TestCommand = FirstRunnable(r.Commands, KindTest)
	r.Contribution = contribution(t, commits, license())
	r.Structure = structure(t)
	r.Structure.MostImported = <-imported
	if r.Warnings == nil {
		r.Warnings = diag.List{}
	}
	return r, nil
}

// Commands finds the commands the repository at opts.Root defines, the
// same rows Analyze reports, and its contributing guide, reading only the
// files that can define commands: every other file is only looked up, and
// no language is detected and no history read. The Report holds Root,
// Git, Commands, TestCommand and Contribution.Contributing; its other
// fields are empty. The approval rules call it for every command they
// judge, so it must cost little more than listing the files.
func Commands(ctx context.Context, opts Options) (*Report, error) {
	r, _, paths, dir, err := begin(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer dir.Close()
	files, err := scanFiles(ctx, dir, paths, loadAttributes(dir, paths), opts.Workers, true)
	if err != nil {
		return nil, errcode.Wrap(errcode.Canceled, err, "the analysis was cancelled", "")
	}
	t := newTree(files)
	r.Commands = commands(t)
	r.TestCommand = FirstRunnable(r.Commands, KindTest)
	r.Contribution.Contributing = t.communityFile("contributing")
	if r.Warnings == nil {
		r.Warnings = diag.List{}
	}
	return r, nil
}

// begin is the start Analyze and Commands share: the absolute root, the
// git to ask, the files to read and the opened folder, which the caller
// closes.
func begin(ctx context.Context, opts Options) (*Report, Git, []string, *safefile.Root, error) {
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return nil, nil, nil, nil, errcode.Wrap(errcode.InvalidInput, err, "cannot resolve "+opts.Root, "pass an existing directory")
	}
	g := opts.Git
	if g == nil {
		g = ExecGit{}
	}
	r := &Report{SchemaVersion: SchemaVersion, Root: root}
	paths, err := listTree(ctx, g, root, r)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	dir, err := safefile.OpenRoot(root)
	if err != nil {
		return nil, nil, nil, nil, errcode.Wrap(errcode.AnalysisFailed, err, "cannot open "+root, "check that the folder exists and is readable")
	}
	return r, g, paths, dir, nil
}

// listTree lists the files to analyse: git's tracked files inside a work
// tree (r.Git is then set), every file otherwise.
func listTree(ctx context.Context, g Git, root string, r *Report) ([]string, error) {
	if isGitWorkTree(root) {
		paths, err := g.LsFiles(ctx, root)
		if err == nil {
			r.Git = true
			return paths, nil
		}
		if errcode.HasCode(err, errcode.GitNotFound) {
			r.Warnings = append(r.Warnings, diag.NewWarning(CodeNoGit, "git is not installed: every file under the folder was analysed, ignored ones included"))
		} else {
			return nil, err
		}
	}
	paths, err := walkFiles(root)
	if err != nil {
		return nil, errcode.Wrap(errcode.AnalysisFailed, err, "cannot list the files under "+root, "check that the folder exists and is readable")
	}
	return paths, nil
}

// startHistory reads the recent history of a git work tree while the
// caller scans the files; the returned function waits for the commits,
// and a warning when there is no history to read.
func startHistory(ctx context.Context, g Git, root string, isGit bool) func() ([]model.Commit, *diag.Diagnostic) {
	if !isGit {
		return func() ([]model.Commit, *diag.Diagnostic) { return nil, nil }
	}
	type result struct {
		commits []model.Commit
		err     error
	}
	done := make(chan result, 1)
	go func() {
		commits, err := g.Log(ctx, root, historyDepth)
		done <- result{commits, err}
	}()
	return func() ([]model.Commit, *diag.Diagnostic) {
		res := <-done
		if res.err != nil {
			// A repository with no commit yet has no history to read.
			w := diag.NewWarning(CodeNoHistory, "could not read the history: "+res.err.Error())
			return nil, &w
		}
		return res.commits, nil
	}
}

// loadAttributes parses every tracked .gitattributes file, shallowest first,
// so that deeper files override shallower ones as in git.
func loadAttributes(dir *safefile.Root, paths []string) *Attributes {
	var found []string
	for _, p := range paths {
		if path.Base(p) == ".gitattributes" {
			found = append(found, p)
		}
	}
	sort.SliceStable(found, func(i, j int) bool {
		return strings.Count(found[i], "/") < strings.Count(found[j], "/")
	})
	a := &Attributes{}
	for _, p := range found {
		data, err := readSmall(dir, p)
		if err == nil {
			a.parse(p, data)
		}
	}
	// The repository's own .git/info/attributes wins over every file.
	if data, err := readSmall(dir, ".git/info/attributes"); err == nil {
		a.parse(".git/info/attributes", data)
		for i := range a.rules {
			if a.rules[i].file == ".git/info/attributes" {
				a.rules[i].dir = ""
			}
		}
	}
	return a
}

// maxLinkWarnings bounds the warnings about links that leave the tree, so
// that a repository of a thousand such links cannot flood the report.
const maxLinkWarnings = 10

// The codes of the report's warnings.
const (
	// CodeLinkOutside: a symbolic link leads out of the repository and was not read.
	CodeLinkOutside diag.Code = "LINK_OUTSIDE_REPOSITORY"
	// CodeNoHistory: git's history could not be read.
	CodeNoHistory diag.Code = "HISTORY_UNREADABLE"
	// CodeNoGit: git is missing, so ignored files were analysed too.
	CodeNoGit diag.Code = "GIT_NOT_INSTALLED"
	// CodeAttributesTooCostly: matching .gitattributes stopped early.
	CodeAttributesTooCostly diag.Code = "ATTRIBUTES_TOO_COSTLY"
)

// linksOut warns of the symbolic links that lead out of the tree.
func linksOut(files []fileInfo) []diag.Diagnostic {
	var out []diag.Diagnostic
	n := 0
	for i := range files {
		if files[i].leaves == "" {
			continue
		}
		if n++; n <= maxLinkWarnings {
			// The summary names the link, quoted when its name holds
			// control characters; a source would carry the raw name.
			out = append(out, diag.NewWarning(CodeLinkOutside, files[i].leaves))
		}
	}
	if n > maxLinkWarnings {
		out = append(out, diag.NewWarning(CodeLinkOutside, fmt.Sprintf("%d more symbolic links lead outside the repository and were not read", n-maxLinkWarnings)))
	}
	return out
}

func countFiles(files []fileInfo) FileCounts {
	var c FileCounts
	c.Total = len(files)
	for i := range files {
		f := &files[i]
		switch {
		case f.skipped:
			c.Skipped++
			continue
		case f.vendored:
			c.Vendored++
		case f.generated:
			c.Generated++
		case f.documentation:
			c.Documentation++
		case f.binary:
			c.Binary++
		}
		c.Analyzed++
	}
	return c
}

// languageBar sums the bytes of the files linguist counts, by language
// group, and returns them largest first with their share.
func languageBar(files []fileInfo) ([]Language, string) {
	byName := map[string]*Language{}
	var total int64
	for i := range files {
		f := &files[i]
		if !f.inStats {
			continue
		}
		l := byName[f.statsName]
		if l == nil {
			l = &Language{Name: f.statsName, Type: linguist.LanguageType(f.statsName).String()}
			byName[f.statsName] = l
		}
		l.Bytes += f.size
		l.Files++
		total += f.size
	}
	out := make([]Language, 0, len(byName))
	for _, l := range byName {
		if total > 0 {
			l.Share = round2(100 * float64(l.Bytes) / float64(total))
		}
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Bytes != out[j].Bytes {
			return out[i].Bytes > out[j].Bytes
		}
		return out[i].Name < out[j].Name
	})
	primary := ""
	if len(out) > 0 {
		primary = out[0].Name
	}
	return out, primary
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// overrides lists the .gitattributes rules that changed how at least one
// file is counted.
func overrides(files []fileInfo, attrs *Attributes) []Override {
	counts := map[overrideKey]int{}
	for i := range files {
		for _, k := range files[i].overrides {
			counts[k]++
		}
	}
	out := []Override{}
	for k, n := range counts {
		o := Override{Attribute: k.attr, Source: Location{Path: k.file, Line: k.line}, Files: n}
		for _, r := range attrs.rules {
			if r.file == k.file && r.line == k.line {
				o.Pattern = r.raw
				o.Value = r.attrs[k.attr].value
			}
		}
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Source.Path != out[j].Source.Path {
			return out[i].Source.Path < out[j].Source.Path
		}
		if out[i].Source.Line != out[j].Source.Line {
			return out[i].Source.Line < out[j].Source.Line
		}
		return out[i].Attribute < out[j].Attribute
	})
	return out
}

// sizeOf counts lines per language over the project's own files: every
// file with a language except vendored and generated ones.
func sizeOf(files []fileInfo) Size {
	byName := map[string]*LanguageSize{}
	var s Size
	for i := range files {
		f := &files[i]
		if !f.counted || f.vendored || f.generated {
			continue
		}
		l := byName[f.lang]
		if l == nil {
			l = &LanguageSize{Name: f.lang, Type: linguist.LanguageType(f.lang).String()}
			byName[f.lang] = l
		}
		l.Files++
		l.Bytes += f.size
		l.Code += f.lines.Code
		l.Comment += f.lines.Comment
		l.Blank += f.lines.Blank
		s.Files++
		s.Code += f.lines.Code
		s.Comment += f.lines.Comment
		s.Blank += f.lines.Blank
	}
	s.ByLanguage = make([]LanguageSize, 0, len(byName))
	for _, l := range byName {
		s.ByLanguage = append(s.ByLanguage, *l)
	}
	sort.Slice(s.ByLanguage, func(i, j int) bool {
		a, b := s.ByLanguage[i], s.ByLanguage[j]
		if a.Code != b.Code {
			return a.Code > b.Code
		}
		return a.Name < b.Name
	})
	return s
}

// DropVendored returns paths without the vendored ones, by linguist's
// vendor rules and the repository's linguist-vendored attributes: the
// dependency scan then reads the project's own manifests and not, say, the
// Cargo.toml of a syntax-test fixture the project marked vendored.
func DropVendored(root string, paths []string) []string {
	attrs := &Attributes{}
	if dir, err := safefile.OpenRoot(root); err == nil {
		attrs = loadAttributes(dir, paths)
		dir.Close()
	}
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		vendored := linguist.IsVendor(p)
		if v, ok, _ := boolAttr(attrs.Lookup(p), "linguist-vendored"); ok {
			vendored = v
		}
		if !vendored {
			out = append(out, p)
		}
	}
	return out
}
