// Package repo analyses a repository's working tree offline: its languages
// by linguist's rules, its size, its stacks and the commands to build and
// test it, how to contribute to it and how it is laid out.
package repo

import (
	"github.com/oss-dev/oss-dev/internal/diag"
	"strconv"
)

// SchemaVersion is the version of the Report JSON shape. It changes only
// when a field is removed or changes meaning; new fields may appear at any
// time.
const SchemaVersion = 1

// Report is the result of analysing one repository. It is printed by
// `oss-dev analyze repo --json` as is; field names are snake_case and every
// finding carries its evidence as a Location (path relative to the
// repository root, 1-based line, 0 when the whole file is the evidence).
//
// The shape, field by field:
//
//	schema_version     int     this shape's version (1)
//	root               string  the analysed directory on disk
//	repository         string  OWNER/REPO or URL when the target was remote, else ""
//	commit             string  HEAD's SHA when the tree is a git repository
//	git                bool    whether the file list came from `git ls-files`
//	files              {total, analyzed, vendored, generated, documentation, binary, skipped}
//	primary_language   string  the language GitHub would show first
//	languages          [{name, type, bytes, share, files}] linguist's language bar: programming
//	                   and markup languages only, vendored, generated and documentation files
//	                   left out, .gitattributes overrides applied; share is a percentage
//	overrides          [{attribute, value, pattern, source, files}] the .gitattributes
//	                   linguist rules that changed at least one file
//	size               {files, code, comment, blank, by_language: [{name, type, files,
//	                   bytes, code, comment, blank}]} every file with a language, less
//	                   vendored and generated ones
//	package_managers   [{name, ecosystem, dir, evidence}]
//	frameworks         [{name, ecosystem, evidence}]
//	commands           [{kind, command, dir, ci, sources, unresolved, variants}] kind is setup, build,
//	                   test, lint, format, docs, maintenance, hooks, release or install; for each
//	                   kind the commands CI runs come first (ci: true), then the rest by how
//	                   conventional their source is; unresolved names the CI expression a
//	                   command still holds, which only CI can run, and such commands come last;
//	                   variants are the commands one CI matrix step runs under its other
//	                   combinations, folded into this one
//	test_command       {kind, command, dir, ci, sources} the test command mentor runs: the
//	                   first test command that can run outside CI, or null
//	contribution       {contributing, code_of_conduct, security, issue_templates, pr_templates,
//	                   codeowners, dco, cla, commit_convention, license}
//	structure          {top_level: [{path, role, files, bytes, reason}], entry_points:
//	                   [{kind, name, path, evidence}], tests: [{ecosystem, pattern, files,
//	                   dirs: [{path, files}]}], most_imported: [{path, kind, importers,
//	                   evidence}]}: kind is file, or package for a Go package's folder
//	warnings           [string] what could not be read or decided
type Report struct {
	SchemaVersion   int              `json:"schema_version"`
	Root            string           `json:"root"`
	Repository      string           `json:"repository,omitempty"`
	Commit          string           `json:"commit,omitempty"`
	Git             bool             `json:"git"`
	Files           FileCounts       `json:"files"`
	PrimaryLanguage string           `json:"primary_language"`
	Languages       []Language       `json:"languages"`
	Overrides       []Override       `json:"overrides"`
	Size            Size             `json:"size"`
	PackageManagers []PackageManager `json:"package_managers"`
	Frameworks      []Framework      `json:"frameworks"`
	Commands        []Command        `json:"commands"`
	// TestCommand is the test command mentor runs: the first one that can
	// run outside CI; nil when there is none.
	TestCommand  *Command     `json:"test_command"`
	Contribution Contribution `json:"contribution"`
	Structure    Structure    `json:"structure"`
	Warnings     diag.List    `json:"warnings"`
}

// Location is the evidence behind a finding: a file and, when it is one
// line of it, the line (1-based).
type Location struct {
	Path string `json:"path"`
	Line int    `json:"line,omitempty"`
}

// String renders the location as path:line.
func (l Location) String() string {
	if l.Line > 0 {
		return l.Path + ":" + strconv.Itoa(l.Line)
	}
	return l.Path
}

// FileCounts counts the tracked files by how linguist treats them.
type FileCounts struct {
	Total         int `json:"total"`
	Analyzed      int `json:"analyzed"`
	Vendored      int `json:"vendored"`
	Generated     int `json:"generated"`
	Documentation int `json:"documentation"`
	Binary        int `json:"binary"`
	// Skipped: symlinks, submodules and files that vanished or could not be read.
	Skipped int `json:"skipped"`
}

// Language is one entry of the language bar.
type Language struct {
	Name  string  `json:"name"`
	Type  string  `json:"type"`
	Bytes int64   `json:"bytes"`
	Share float64 `json:"share"`
	Files int     `json:"files"`
}

// Override is a .gitattributes linguist rule that applied to files.
type Override struct {
	Attribute string   `json:"attribute"`
	Value     string   `json:"value"`
	Pattern   string   `json:"pattern"`
	Source    Location `json:"source"`
	Files     int      `json:"files"`
}

// Size is the line count of the project's own files.
type Size struct {
	Files      int            `json:"files"`
	Code       int            `json:"code"`
	Comment    int            `json:"comment"`
	Blank      int            `json:"blank"`
	ByLanguage []LanguageSize `json:"by_language"`
}

// LanguageSize is the line count of one language.
type LanguageSize struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	Files   int    `json:"files"`
	Bytes   int64  `json:"bytes"`
	Code    int    `json:"code"`
	Comment int    `json:"comment"`
	Blank   int    `json:"blank"`
}

// PackageManager is a package manager or build tool in use, found by its
// manifest or lock file.
type PackageManager struct {
	Name      string   `json:"name"`
	Ecosystem string   `json:"ecosystem"`
	Dir       string   `json:"dir"`
	Evidence  Location `json:"evidence"`
}

// Framework is a framework or major library the project depends on.
type Framework struct {
	Name      string   `json:"name"`
	Ecosystem string   `json:"ecosystem"`
	Evidence  Location `json:"evidence"`
}

// The command kinds. Docs, maintenance, hooks, release and install
// commands are kept apart so that none of them passes for the project's
// build or test.
const (
	KindSetup  = "setup"
	KindBuild  = "build"
	KindTest   = "test"
	KindLint   = "lint"
	KindFormat = "format"
	// KindDocs builds or checks the documentation (mkdocs, sphinx, a link check).
	KindDocs = "docs"
	// KindMaintenance updates lock files (cargo update --precise, npm update).
	KindMaintenance = "maintenance"
	// KindHooks installs git hooks (pre-commit install, husky).
	KindHooks = "hooks"
	// KindRelease packages, publishes or deploys a release.
	KindRelease = "release"
	// KindInstall installs a tool rather than the project's dependencies.
	KindInstall = "install"
)

// Kinds lists the command kinds in the order a report gives them.
var Kinds = []string{KindSetup, KindBuild, KindTest, KindLint, KindFormat, KindDocs, KindMaintenance, KindHooks, KindRelease, KindInstall}

// Command is a way to set up, build, test, lint or format the project.
type Command struct {
	Kind    string `json:"kind"`
	Command string `json:"command"`
	// Dir is where to run it, relative to the root; "" is the root.
	Dir string `json:"dir"`
	// CI is true when a CI configuration runs this command.
	CI bool `json:"ci"`
	// Sources: where it is defined, then where CI runs it.
	Sources []Location `json:"sources"`
	// Runs is what a target or script runs (its recipe or body), for the
	// approval prompt; empty for an ecosystem's own command.
	Runs []string `json:"-"`
	// Unresolved names the CI expression the command still holds
	// (${{ runner.os }}), or the folder CI makes for it to run in: only CI
	// can run it, so it is never run for you.
	Unresolved string `json:"unresolved,omitempty"`
	// Variants are the other commands the same CI matrix step runs under
	// its other combinations (cargo test --target X for each X); Command
	// is the first-ranked of them.
	Variants []string `json:"variants,omitempty"`
}

// Runnable reports whether the command can be run outside CI.
func (c Command) Runnable() bool { return c.Unresolved == "" }

// FirstRunnable returns the first command of kind that can run outside
// CI: the one to run for the contributor.
func FirstRunnable(cmds []Command, kind string) *Command {
	for i := range cmds {
		if cmds[i].Kind == kind && cmds[i].Runnable() {
			c := cmds[i]
			return &c
		}
	}
	return nil
}

// Contribution gathers what a contributor must know before sending a change.
type Contribution struct {
	Contributing     *Location        `json:"contributing"`
	CodeOfConduct    *Location        `json:"code_of_conduct"`
	Security         *Location        `json:"security"`
	IssueTemplates   []Location       `json:"issue_templates"`
	PRTemplates      []Location       `json:"pr_templates"`
	CodeOwners       *Location        `json:"codeowners"`
	DCO              Requirement      `json:"dco"`
	CLA              Requirement      `json:"cla"`
	CommitConvention CommitConvention `json:"commit_convention"`
	License          License          `json:"license"`
}

// Requirement says whether a sign-off or agreement is required and why we
// think so.
type Requirement struct {
	Required bool       `json:"required"`
	Evidence []Location `json:"evidence"`
	// Share of the recent commits that carry a Signed-off-by trailer (DCO only).
	SignedOffShare float64 `json:"signed_off_share,omitempty"`
}

// The commit-message conventions.
const (
	ConventionConventional = "conventional" // feat(scope): summary
	ConventionArea         = "area"         // net/http: summary, as Go writes them
	ConventionCapitalized  = "capitalized"  // Add the thing (capitalized imperative)
	ConventionNone         = "none"         // no rule followed by most commits
	ConventionUnknown      = "unknown"      // no history to read
)

// CommitConvention is the commit-message style the history follows.
type CommitConvention struct {
	Style string `json:"style"`
	// Share of the examined subjects that follow Style, 0 to 1.
	Share    float64  `json:"share"`
	Examined int      `json:"examined"`
	Examples []string `json:"examples"`
}

// License is the project's license.
type License struct {
	SPDX string `json:"spdx"`
	// Coverage: the share of the license file the SPDX text covers, in percent.
	Coverage float64  `json:"coverage"`
	Evidence Location `json:"evidence"`
}

// Structure is how the tree is laid out.
type Structure struct {
	TopLevel    []Folder     `json:"top_level"`
	EntryPoints []EntryPoint `json:"entry_points"`
	Tests       []TestGroup  `json:"tests"`
	// MostImported are the repository's own files (Go: package folders)
	// that most of its other files import, most imported first.
	MostImported []Imported `json:"most_imported"`
}

// Imported is a file, or a Go package's folder, that many of the
// repository's own files import: where the code converges, so a good
// place to start reading.
type Imported struct {
	Path string `json:"path"`
	// Kind is "file", or "package" for a Go package's folder.
	Kind string `json:"kind"`
	// Importers counts the files that import it; tests are not counted.
	Importers int `json:"importers"`
	// Evidence is the first import of it, by importing path and line.
	Evidence Location `json:"evidence"`
}

// The folder roles.
const (
	RoleSource    = "source"
	RoleTests     = "tests"
	RoleDocs      = "docs"
	RoleExamples  = "examples"
	RoleScripts   = "scripts"
	RoleTooling   = "tooling"
	RoleCI        = "ci"
	RoleVendored  = "vendored"
	RoleGenerated = "generated"
	RoleAssets    = "assets"
	RoleConfig    = "config"
	RoleOther     = "other"
)

// RoleBenchmarks is the role of code that measures the project's speed,
// which its tests do not run.
const RoleBenchmarks = "benchmarks"

// Folder is one top-level folder and its role.
type Folder struct {
	Path   string `json:"path"`
	Role   string `json:"role"`
	Files  int    `json:"files"`
	Bytes  int64  `json:"bytes"`
	Reason string `json:"reason"`
}

// EntryPoint is a program or script the project ships.
type EntryPoint struct {
	// Kind: go-main, npm-bin, console-script, cargo-bin, java-main, python-main.
	Kind     string   `json:"kind"`
	Name     string   `json:"name"`
	Path     string   `json:"path"`
	Evidence Location `json:"evidence"`
}

// TestGroup is where one ecosystem's tests live.
type TestGroup struct {
	Ecosystem string    `json:"ecosystem"`
	Pattern   string    `json:"pattern"`
	Files     int       `json:"files"`
	Dirs      []DirStat `json:"dirs"`
}

// DirStat counts files in a folder.
type DirStat struct {
	Path  string `json:"path"`
	Files int    `json:"files"`
}
