// Package deps finds the dependency manifests and lock files of a repository,
// reads the packages they declare or pin, tells direct from transitive
// dependencies, and builds the dependency graph where a lock file records it.
//
// The readers are our own, on top of the Go team's go.mod parser
// (golang.org/x/mod) and standard JSON, TOML, YAML and XML decoders. The
// extractors of osv-scalibr were measured and left out: they flatten each
// lock file into a list (no parent -> child edges, which the graph needs),
// and sixteen of them add about 22 MB and some 500 packages to a binary.
//
// Scan never fails because one file is malformed: that file becomes a
// Warning and the rest of the repository is still reported.
package deps

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// SchemaVersion is the version of the JSON shape written by WriteJSON. It
// changes only when a field changes meaning or disappears.
const SchemaVersion = 2

// maxFileSize bounds what one manifest may weigh; larger files are reported
// as warnings instead of being read into memory.
const maxFileSize = 64 << 20

// Ecosystem names a package registry, spelled as OSV spells it.
type Ecosystem string

// The ecosystems Scan understands.
const (
	Go        Ecosystem = "Go"
	NPM       Ecosystem = "npm"
	PyPI      Ecosystem = "PyPI"
	CratesIO  Ecosystem = "crates.io"
	Maven     Ecosystem = "Maven"
	RubyGems  Ecosystem = "RubyGems"
	Packagist Ecosystem = "Packagist"
)

// Scope says when a dependency is needed.
type Scope string

// The scopes, from the most to the least significant: when one package is
// reached in several scopes, the most significant one is kept.
const (
	Runtime  Scope = "runtime"
	Optional Scope = "optional"
	Build    Scope = "build"
	Test     Scope = "test"
	// Docs is what building the documentation needs (docs/requirements.txt,
	// a docs extra or group).
	Docs Scope = "docs"
	Dev  Scope = "dev"
)

// scopeRank orders scopes for merging; the unknown scope ranks last so that
// any real scope replaces it.
func scopeRank(s Scope) int {
	switch s {
	case Runtime:
		return 0
	case Optional:
		return 1
	case Build:
		return 2
	case Test:
		return 3
	case Docs:
		return 4
	case Dev:
		return 5
	}
	return 6
}

// strongerScope returns the more significant of a and b.
func strongerScope(a, b Scope) Scope {
	if scopeRank(b) < scopeRank(a) {
		return b
	}
	return a
}

// Kind tells a manifest (what the project asks for) from a lock file (what
// was resolved).
type Kind string

// The file kinds.
const (
	KindManifest Kind = "manifest"
	KindLockfile Kind = "lockfile"
)

// Manifest is one dependency file that Scan read.
type Manifest struct {
	Path      string    `json:"path"`
	Ecosystem Ecosystem `json:"ecosystem"`
	Kind      Kind      `json:"kind"`
	// Format names the file format and its version where it has one,
	// e.g. "package-lock.json v3" or "yarn.lock v1".
	Format string `json:"format"`
	// Packages counts the packages the file itself declares or pins.
	Packages int `json:"packages"`
	// RecordsEdges is true when the file says which package needs which.
	RecordsEdges bool `json:"records_edges"`
	// Role is "" for the project's own files, else whose they are:
	// "example" (examples/, samples/, demo/) or "docs" (docs/, website/).
	Role string `json:"role,omitempty"`
	// Workspaces lists the workspace members a manifest declares.
	Workspaces []string `json:"workspaces,omitempty"`
	// WorkspaceRoot is, for a member of a workspace, the manifest of the
	// workspace that lists it.
	WorkspaceRoot string `json:"workspace_root,omitempty"`
	// LocalDependencies are the repository's own packages this manifest
	// needs: Cargo path dependencies, npm workspace: and file: specifiers.
	LocalDependencies []LocalDependency `json:"local_dependencies,omitempty"`
	// Notes explain what the file cannot tell, such as go.sum's lack of edges.
	Notes []string `json:"notes,omitempty"`
}

// LocalDependency is a dependency on a package of the repository itself.
type LocalDependency struct {
	Name string `json:"name"`
	// Spec is where it is: a Cargo path, or the npm specifier as written.
	Spec  string `json:"spec"`
	Scope Scope  `json:"scope"`
	Line  int    `json:"line"`
}

// Evidence points at the line of a file that declares or pins a package.
type Evidence struct {
	File string `json:"file"`
	Line int    `json:"line"`
	// Section is where in the file the package appears, e.g.
	// "devDependencies", "dependency-groups.test" or "testImplementation".
	Section string `json:"section,omitempty"`
	// Constraint is the version requirement written at that place, if any.
	Constraint string `json:"constraint,omitempty"`
}

// Package is one dependency of the repository.
type Package struct {
	// ID is unique within a Result: "ECOSYSTEM:NAME@VERSION".
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Version   string    `json:"version"`
	Ecosystem Ecosystem `json:"ecosystem"`
	Scope     Scope     `json:"scope"`
	Direct    bool      `json:"direct"`
	// Role is "" when a file of the project itself declares or pins the
	// package, else the role of the files that do ("example", "docs"):
	// an example app's dependencies are not the project's.
	Role string `json:"role,omitempty"`
	// Resolved is true when Version comes from a lock file (or go.mod, which
	// Go resolves by minimal version selection), false when it is the
	// constraint a manifest wrote.
	Resolved bool `json:"resolved"`
	// Constraint is the requirement a manifest wrote for a direct dependency.
	Constraint string `json:"constraint,omitempty"`
	// OtherVersions are further versions a lock file resolves for this
	// direct dependency (per Python version, platform or major version).
	OtherVersions []string `json:"other_versions,omitempty"`
	// Replaced names what a Go replace directive substitutes for the module.
	Replaced string     `json:"replaced,omitempty"`
	Evidence []Evidence `json:"evidence"`
}

// Edge says that package From needs package To; both are Package IDs.
type Edge struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// The codes of the warnings a scan gives.
const (
	// CodeUnreadable: a manifest or an included file was not read.
	CodeUnreadable diag.Code = "MANIFEST_UNREADABLE"
	// CodeMalformed: a manifest could not be parsed.
	CodeMalformed diag.Code = "MANIFEST_MALFORMED"
	// CodeUnresolved: a dependency's version could not be resolved.
	CodeUnresolved diag.Code = "VERSION_UNRESOLVED"
)

// warning is a warning about file, at line (0 when unknown).
func warning(code diag.Code, file string, line int, msg string) diag.Diagnostic {
	return diag.NewWarning(code, msg).At(file, line)
}

// Result is everything Scan found, in a stable order: manifests by path,
// packages by ecosystem, name and version, edges by their ends.
type Result struct {
	SchemaVersion int        `json:"schema_version"`
	Manifests     []Manifest `json:"manifests"`
	Packages      []Package  `json:"packages"`
	Edges         []Edge     `json:"edges"`
	Summary       Summary    `json:"summary"`
	Warnings      diag.List  `json:"warnings"`
}

// skipDirs are folders whose manifests are not the repository's own: other
// projects' code, build output, virtual environments and test fixtures.
var skipDirs = map[string]bool{
	".git": true, "node_modules": true, "vendor": true, "target": true,
	".venv": true, "venv": true, "bower_components": true, "testdata": true,
	"__fixtures__": true, "fixtures": true, ".yarn": true, ".pnpm-store": true,
}

// roleOf says whose a dependency file is from the folders it lies in: ""
// for the project's own, "example" or "docs" for the manifests of example
// apps and documentation sites kept beside it.
func roleOf(rel string) string {
	for _, part := range strings.Split(path.Dir(rel), "/") {
		switch strings.ToLower(part) {
		case "examples", "example", "samples", "sample", "demo", "demos":
			return "example"
		case "docs", "doc", "website", "site":
			return "docs"
		}
	}
	return ""
}

// skipped reports whether rel (slash-separated) lies in a skipped folder.
func skipped(rel string) bool {
	for _, part := range strings.Split(path.Dir(rel), "/") {
		if skipDirs[part] {
			return true
		}
	}
	return false
}

// Scan reads the dependency files of the repository at root. files is the
// repository's file list relative to root (as `git ls-files` prints it); when
// nil, Scan walks the tree itself. Files are parsed in parallel.
func Scan(ctx context.Context, root string, files []string) (*Result, error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, errcode.Wrap(errcode.NotFound, err, "cannot read the folder "+root, "Check the path and that you may read it.")
	}
	if !info.IsDir() {
		return nil, errcode.New(errcode.InvalidInput, root+" is not a folder", "Pass the root folder of a repository.")
	}
	if files == nil {
		if files, err = walk(ctx, root); err != nil {
			return nil, err
		}
	}
	var jobs []job
	for _, f := range files {
		f = filepath.ToSlash(f)
		if skipped(f) {
			continue
		}
		if p := parserFor(f); p != nil {
			jobs = append(jobs, job{rel: f, parse: p})
		}
	}
	sort.Slice(jobs, func(i, j int) bool { return jobs[i].rel < jobs[j].rel })
	dir, err := safefile.OpenRoot(root)
	if err != nil {
		return nil, errcode.Wrap(errcode.NotFound, err, "cannot read the folder "+root, "Check the path and that you may read it.")
	}
	defer dir.Close()
	results, err := runJobs(ctx, dir, jobs)
	if err != nil {
		return nil, err
	}
	return assemble(results), nil
}

// walk lists the files under root, skipping the folders in skipDirs.
func walk(ctx context.Context, root string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			return nil // an unreadable subfolder is left out, not fatal
		}
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if d.IsDir() {
			if p != root && skipDirs[d.Name()] {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if rel = filepath.ToSlash(rel); parserFor(rel) != nil {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, errcode.Wrap(errcode.Canceled, ctx.Err(), "the dependency scan was canceled", "Run the command again.")
		}
		return nil, errcode.Wrap(errcode.AnalysisFailed, err, "cannot list the files of "+root, "Check that the folder is readable.")
	}
	return files, nil
}

// job is one file to parse with the parser chosen for its name.
type job struct {
	rel   string
	parse parseFunc
}

// parseFunc reads one dependency file. rel is its slash-separated path from
// the root, used for evidence.
type parseFunc func(rel string, data []byte) (*fileResult, error)

// runJobs parses the files on all cores and returns the results in job order.
func runJobs(ctx context.Context, dir *safefile.Root, jobs []job) ([]*fileResult, error) {
	results := make([]*fileResult, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), max(len(jobs), 1))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = runJob(dir, jobs[i])
			}
		}()
	}
	var err error
feed:
	for i := range jobs {
		select {
		case next <- i:
		case <-ctx.Done():
			err = errcode.Wrap(errcode.Canceled, ctx.Err(), "the dependency scan was canceled", "Run the command again.")
			break feed
		}
	}
	close(next)
	wg.Wait()
	return results, err
}

// runJob reads and parses one file, turning any failure into a warning.
func runJob(dir *safefile.Root, j job) *fileResult {
	fail := func(msg string) *fileResult {
		return &fileResult{warnings: []diag.Diagnostic{warning(CodeUnreadable, j.rel, 0, msg)}}
	}
	// Through the Root: a symbolic link that leaves the repository is
	// named in a warning and never followed, and a named pipe or device
	// put in a manifest's place is refused without blocking.
	data, err := dir.ReadFile(j.rel, maxFileSize)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil // listed by git but deleted in the work tree
	case errors.Is(err, safefile.ErrTooLarge):
		return fail("the file is larger than 64 MiB and was not read")
	case errors.Is(err, safefile.ErrOutside), errors.Is(err, safefile.ErrNotRegular):
		return fail(err.Error() + ": not read")
	case err != nil:
		return fail("cannot read the file: " + err.Error())
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	fr, err := j.parse(j.rel, data)
	if err != nil {
		w := warning(CodeMalformed, j.rel, 0, err.Error())
		if pe, ok := err.(*parseError); ok {
			w = warning(CodeMalformed, j.rel, pe.line, pe.msg)
		}
		return &fileResult{warnings: []diag.Diagnostic{w}}
	}
	if fr != nil {
		fr.rel = j.rel
		expandIncludes(dir, fr, map[string]bool{j.rel: true})
	}
	return fr
}

// expandIncludes reads the requirements files fr pulls in with -r and adds
// their packages to fr, each with its own file as evidence. A file whose
// name says nothing of its scope takes the scope of the file including it.
func expandIncludes(dir *safefile.Root, fr *fileResult, seen map[string]bool) {
	for _, inc := range fr.includes {
		if seen[inc.path] {
			continue
		}
		seen[inc.path] = true
		warn := func(msg string) {
			fr.warnings = append(fr.warnings, warning(CodeUnreadable, fr.rel, inc.line, msg))
		}
		if strings.HasPrefix(inc.path, "../") || inc.path == ".." || path.IsAbs(inc.path) {
			warn("the included file " + inc.path + " lies outside the repository and was not read")
			continue
		}
		data, err := dir.ReadFile(inc.path, maxFileSize)
		if errors.Is(err, safefile.ErrOutside) {
			warn("the included file " + err.Error() + ": not read")
			continue
		}
		if err != nil {
			warn("cannot read the included file " + inc.path)
			continue
		}
		sub, _ := parseRequirements(inc.path, data)
		if scopeFromName(path.Base(inc.path)) == "" {
			for _, p := range sub.pkgs {
				if p.scope != "" {
					p.scope = inc.scope
				}
			}
		}
		expandIncludes(dir, sub, seen)
		fr.warnings = append(fr.warnings, sub.warnings...)
		base := len(fr.pkgs)
		for _, p := range sub.pkgs {
			fr.add("", p)
		}
		for _, e := range sub.edges {
			fr.edge(base+e[0], base+e[1])
		}
	}
}

// parseError is a parser's complaint about a specific line of a file.
type parseError struct {
	line int
	msg  string
}

func (e *parseError) Error() string { return e.msg }

// parserFor picks the parser for a file from its name, or nil when the file
// is not a dependency file.
func parserFor(rel string) parseFunc {
	base := path.Base(rel)
	switch base {
	case "package.json":
		return parsePackageJSON
	case "package-lock.json", "npm-shrinkwrap.json":
		return parsePackageLock
	case "yarn.lock":
		return parseYarnLock
	case "pnpm-lock.yaml":
		return parsePnpmLock
	case "pnpm-workspace.yaml":
		return parsePnpmWorkspace
	case "go.mod":
		return parseGoMod
	case "go.sum":
		return parseGoSum
	case "pyproject.toml":
		return parsePyproject
	case "poetry.lock":
		return parsePoetryLock
	case "uv.lock":
		return parseUVLock
	case "Pipfile":
		return parsePipfile
	case "Pipfile.lock":
		return parsePipfileLock
	case "Cargo.toml":
		return parseCargoToml
	case "Cargo.lock":
		return parseCargoLock
	case "Gemfile", "gems.rb":
		return parseGemfile
	case "Gemfile.lock", "gems.locked":
		return parseGemfileLock
	case "composer.json":
		return parseComposerJSON
	case "composer.lock":
		return parseComposerLock
	case "pom.xml":
		return parsePom
	case "build.gradle", "build.gradle.kts":
		return parseGradleBuild
	case "gradle.lockfile":
		return parseGradleLock
	}
	if isRequirementsFile(rel) {
		return parseRequirements
	}
	if strings.HasSuffix(base, ".gemspec") {
		return parseGemspec
	}
	if strings.HasSuffix(base, ".versions.toml") && path.Base(path.Dir(rel)) == "gradle" {
		return parseVersionCatalog
	}
	return nil
}

// isRequirementsFile recognises pip requirement files by their usual names:
// requirements.txt, requirements-dev.txt, dev-requirements.txt,
// requirements/test.txt and the pip-compile inputs (.in).
func isRequirementsFile(rel string) bool {
	base := strings.ToLower(path.Base(rel))
	ext := path.Ext(base)
	if ext != ".txt" && ext != ".in" {
		return false
	}
	stem := strings.TrimSuffix(base, ext)
	if strings.HasPrefix(stem, "requirements") || strings.HasSuffix(stem, "requirements") {
		return true
	}
	return path.Base(path.Dir(rel)) == "requirements"
}
