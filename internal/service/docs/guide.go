// Package docs is the use case behind `oss-dev docs generate` and `docs
// serve`: it turns the repository analysis (commands with where they come
// from, toolchains, contribution rules, layout, languages, dependencies)
// into START_HERE.md and into a local page, optionally runs the setup,
// build and test commands to mark them verified, and adds what GitHub and
// a language model can add when they are there.
//
// Everything here is built from text a stranger wrote. The Markdown is
// escaped by mdText and mdCode, the page by html/template; neither ever
// carries a machine path or a date, so the same tree gives the same bytes.
package docs

import (
	"path"
	"sort"
	"strings"

	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	"github.com/oss-dev/oss-dev/internal/intelligence/toolchain"
)

// SchemaVersion is the version of the Guide JSON shape. 2: a toolchain's
// versions are split into what the project declares and what CI tests.
const SchemaVersion = 2

// Location is a file and line of the repository.
type Location = repo.Location

// Guide is what START_HERE.md and the page say, in the order they say it.
// `docs generate --json` prints it as is.
type Guide struct {
	SchemaVersion int     `json:"schema_version"`
	Name          string  `json:"name"`
	About         []About `json:"about"`
	// Notice is what the README says of the project's state (moved,
	// no longer maintained, deprecated), shown before all else.
	Notice          *About          `json:"notice,omitempty"`
	Overview        *Overview       `json:"overview,omitempty"`
	PrimaryLanguage string          `json:"primary_language"`
	Languages       []repo.Language `json:"languages"`
	Layout          []repo.Folder   `json:"layout"`
	Toolchains      []Toolchain     `json:"toolchains"`
	Commands        []Command       `json:"commands"`
	Stacks          []Stack         `json:"stacks"`
	Contribution    Contribution    `json:"contribution"`
	StartReading    []Reading       `json:"start_reading"`
	MostImported    []repo.Imported `json:"most_imported"`
	Issues          []Issue         `json:"issues"`
}

// About is a sentence or paragraph on what the project is, from its README
// or a manifest's description.
type About struct {
	Text   string   `json:"text"`
	Source Location `json:"source"`
}

// Overview is a language model's paragraph. It is shown apart and marked;
// it never changes or adds a command.
type Overview struct {
	Model string `json:"model"`
	Text  string `json:"text"`
}

// Toolchain is a tool the repository asks for: the versions its own files
// declare and, apart, the versions CI tests on.
type Toolchain struct {
	Tool     string `json:"tool"`
	Required bool   `json:"required"`
	// Declared holds each version or range the project's files ask for.
	Declared []Ask `json:"declared"`
	// CI is the versions CI's setup steps install, merged; nil when none.
	CI *toolchain.CIVersions `json:"ci,omitempty"`
	// Evidence is where the tool is asked for, the first three places.
	Evidence []Location `json:"evidence"`
	Conflict string     `json:"conflict,omitempty"`
}

// Ask is a version or range the project declares, with every place that
// declares it (a pom.xml's source and target both say 1.8).
type Ask struct {
	Range    string     `json:"range"`
	Source   string     `json:"source"`
	Evidence []Location `json:"evidence"`
}

// Command is one way to set up, build, test, lint or format the project,
// in the analysis's order: the first of each kind is the one to use.
type Command struct {
	Kind    string     `json:"kind"`
	Command string     `json:"command"`
	Dir     string     `json:"dir"`
	CI      bool       `json:"ci"`
	Sources []Location `json:"sources"`
	// Variants are the same command as CI's matrix runs it otherwise.
	Variants []string `json:"variants,omitempty"`
	// Verification is set by --verify on the commands it ran.
	Verification *Verification `json:"verification,omitempty"`
}

// Stack is the getting-started of one package manager's project: how to
// install its dependencies and its own build and test commands.
type Stack struct {
	Name      string    `json:"name"`
	Ecosystem string    `json:"ecosystem"`
	Dir       string    `json:"dir"`
	Evidence  Location  `json:"evidence"`
	Install   []Step    `json:"install"`
	Commands  []Command `json:"commands"`
	Tools     []string  `json:"tools"`
}

// Step is an install step of a stack.
type Step struct {
	Command  string     `json:"command"`
	Source   string     `json:"source"`
	Evidence []Location `json:"evidence"`
}

// Contribution is what to know before sending a change.
type Contribution struct {
	Guide         *Location  `json:"guide"`
	CodeOfConduct *Location  `json:"code_of_conduct"`
	Security      *Location  `json:"security"`
	DCO           bool       `json:"dco"`
	DCOEvidence   []Location `json:"dco_evidence"`
	CLA           bool       `json:"cla"`
	CLAEvidence   []Location `json:"cla_evidence"`
	// Convention is the commit-message style: conventional, area,
	// capitalized, none or unknown.
	Convention string     `json:"commit_convention"`
	Example    string     `json:"commit_example,omitempty"`
	PRTemplate []Location `json:"pr_templates"`
	IssueForms []Location `json:"issue_templates"`
	Changelog  []string   `json:"changelog_fragments"`
	CodeOwners *Location  `json:"codeowners"`
	License    string     `json:"license"`
	LicenseAt  *Location  `json:"license_file"`
}

// Reading is a place to start reading the code.
type Reading struct {
	Kind     string   `json:"kind"`
	Name     string   `json:"name"`
	Path     string   `json:"path"`
	Evidence Location `json:"evidence"`
}

// Issue is an open issue labelled for newcomers.
type Issue struct {
	Number int      `json:"number"`
	Title  string   `json:"title"`
	URL    string   `json:"url"`
	Labels []string `json:"labels"`
}

// shownKinds are the command kinds a newcomer needs, in their order.
var shownKinds = []string{repo.KindSetup, repo.KindBuild, repo.KindTest, repo.KindLint, repo.KindFormat}

// perKind bounds the commands listed of one kind: the first is the one to
// use, the next are alternatives.
const perKind = 3

// FromReport builds the offline part of the guide from the analysis, the
// toolchain requirements and the setup plan. It reads no file itself.
func FromReport(name string, rep *repo.Report, req *toolchain.Requirements, plan []toolchain.Step) *Guide {
	g := &Guide{
		SchemaVersion:   SchemaVersion,
		Name:            name,
		About:           []About{},
		PrimaryLanguage: rep.PrimaryLanguage,
		Languages:       nonNil(rep.Languages),
		Layout:          nonNil(rep.Structure.TopLevel),
		Toolchains:      toolchains(req),
		Commands:        commands(rep),
		Contribution:    contribution(rep),
		StartReading:    reading(rep),
		MostImported:    nonNil(rep.Structure.MostImported),
		Issues:          []Issue{},
	}
	g.Stacks = stacks(rep, g.Commands, g.Toolchains, plan)
	return g
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// commands keeps the runnable commands of the shown kinds, the test
// command mentor runs first among the tests.
func commands(rep *repo.Report) []Command {
	out := []Command{}
	for _, kind := range shownKinds {
		n := 0
		for _, c := range rep.Commands {
			if c.Kind != kind || !c.Runnable() || strings.Contains(c.Command, "${{") {
				continue
			}
			if n == perKind {
				break
			}
			out = append(out, Command{Kind: c.Kind, Command: c.Command, Dir: c.Dir, CI: c.CI, Sources: nonNil(c.Sources), Variants: c.Variants})
			n++
		}
	}
	return out
}

// First returns the first command of kind, or nil.
func (g *Guide) First(kind string) *Command {
	for i := range g.Commands {
		if g.Commands[i].Kind == kind {
			return &g.Commands[i]
		}
	}
	return nil
}

// Kind returns the commands of one kind.
func (g *Guide) Kind(kind string) []Command {
	var out []Command
	for _, c := range g.Commands {
		if c.Kind == kind {
			out = append(out, c)
		}
	}
	return out
}

func toolchains(req *toolchain.Requirements) []Toolchain {
	out := []Toolchain{}
	if req == nil {
		return out
	}
	for _, r := range req.Tools {
		t := Toolchain{Tool: r.Tool, Required: r.Required, Declared: declared(r), CI: r.CI, Evidence: []Location{}, Conflict: r.Conflict}
		for _, c := range r.Constraints {
			t.Evidence = append(t.Evidence, c.Evidence...)
		}
		if len(t.Evidence) > 3 {
			t.Evidence = t.Evidence[:3]
		}
		out = append(out, t)
	}
	return out
}

// declared gathers what the project's files ask of the tool, each range
// once with every place that asks it.
func declared(r toolchain.Requirement) []Ask {
	out := []Ask{}
	at := map[string]int{}
	for _, c := range r.Declared() {
		i, ok := at[c.Range]
		if !ok {
			i = len(out)
			at[c.Range] = i
			out = append(out, Ask{Range: c.Range, Source: c.Source, Evidence: []Location{}})
		}
		out[i].Evidence = append(out[i].Evidence, c.Evidence...)
	}
	return out
}

// stackTools are the toolchains each ecosystem's package managers need.
var stackTools = map[string][]string{
	"go": {"go"}, "npm": {"node"}, "javascript": {"node"}, "python": {"python"}, "rust": {"rust", "cargo"},
	"cargo": {"rust", "cargo"}, "java": {"java"}, "maven": {"java", "maven"}, "gradle": {"java", "gradle"},
	"ruby": {"ruby", "bundler"}, "php": {"php", "composer"}, "dotnet": {"dotnet"},
}

// stacks gives one getting-started per package manager: the toolchains it
// needs, the install steps the setup plan runs in its folder, and the
// commands found for that folder.
func stacks(rep *repo.Report, cmds []Command, tools []Toolchain, plan []toolchain.Step) []Stack {
	out := []Stack{}
	have := map[string]bool{}
	for _, t := range tools {
		have[t.Tool] = true
	}
	seen := map[string]bool{}
	for _, pm := range rep.PackageManagers {
		key := pm.Name + "\x00" + pm.Dir
		if seen[key] {
			continue
		}
		seen[key] = true
		s := Stack{Name: pm.Name, Ecosystem: pm.Ecosystem, Dir: pm.Dir, Evidence: pm.Evidence, Install: []Step{}, Commands: []Command{}, Tools: []string{}}
		for _, t := range stackTools[strings.ToLower(pm.Ecosystem)] {
			if have[t] {
				s.Tools = append(s.Tools, t)
			}
		}
		for _, st := range plan {
			if st.Dir == pm.Dir && !strings.Contains(st.Command, "${{") && stepFits(st, pm) {
				s.Install = append(s.Install, Step{Command: st.Command, Source: st.Source, Evidence: nonNil(st.Evidence)})
			}
		}
		// the first build and test command of its folder; the rest are
		// in the commands section
		took := map[string]bool{}
		for _, c := range cmds {
			if c.Dir == pm.Dir && (c.Kind == repo.KindBuild || c.Kind == repo.KindTest) && !took[c.Kind] {
				took[c.Kind] = true
				s.Commands = append(s.Commands, c)
			}
		}
		out = append(out, s)
	}
	return out
}

// stepFits says whether a setup step belongs to a package manager's stack:
// a step found by convention names its manifest as evidence; one from CI
// or a guide belongs to the stack of its folder.
func stepFits(st toolchain.Step, pm repo.PackageManager) bool {
	if st.Source != "convention" || len(st.Evidence) == 0 {
		return true
	}
	return path.Dir(st.Evidence[0].Path) == path.Dir(pm.Evidence.Path)
}

func contribution(rep *repo.Report) Contribution {
	c := rep.Contribution
	out := Contribution{
		Guide: c.Contributing, CodeOfConduct: c.CodeOfConduct, Security: c.Security,
		DCO: c.DCO.Required, DCOEvidence: nonNil(c.DCO.Evidence),
		CLA: c.CLA.Required, CLAEvidence: nonNil(c.CLA.Evidence),
		Convention: c.CommitConvention.Style,
		PRTemplate: nonNil(c.PRTemplates), IssueForms: nonNil(c.IssueTemplates),
		Changelog: []string{}, CodeOwners: c.CodeOwners, License: c.License.SPDX,
	}
	if len(c.CommitConvention.Examples) > 0 {
		out.Example = c.CommitConvention.Examples[0]
	}
	if c.License.Evidence.Path != "" {
		l := c.License.Evidence
		out.LicenseAt = &l
	}
	return out
}

// maxReading bounds the entry points listed.
const maxReading = 10

func reading(rep *repo.Report) []Reading {
	out := []Reading{}
	eps := append([]repo.EntryPoint(nil), rep.Structure.EntryPoints...)
	// The shallowest entry points first: the project's own main before
	// the test helpers deep in its tree.
	sort.SliceStable(eps, func(i, j int) bool {
		return strings.Count(eps[i].Evidence.Path, "/") < strings.Count(eps[j].Evidence.Path, "/")
	})
	for i, e := range eps {
		if i == maxReading {
			break
		}
		out = append(out, Reading{Kind: e.Kind, Name: e.Name, Path: e.Path, Evidence: e.Evidence})
	}
	return out
}
