// Package setup checks the contributor's machine against what a
// repository asks for (toolchains, package managers, system tools) and
// prepares the repository for development on approval: the commands that
// install its dependencies, each run through the approval manager.
package setup

import (
	"github.com/oss-dev/oss-dev/internal/diag"

	"context"
	"path/filepath"
	"strings"
	"sync"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/intelligence/toolchain"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// Status is a check's outcome: ok, warn or fail.
type Status = toolchain.Status

// The statuses.
const (
	OK   = toolchain.OK
	Warn = toolchain.Warn
	Fail = toolchain.Fail
)

// Location is a file and line of evidence.
type Location = toolchain.Location

// ToolCheck is one requirement checked on this machine.
type ToolCheck struct {
	Tool     string `json:"tool"`
	Required bool   `json:"required"`
	Status   Status `json:"status"`
	// Wanted summarises the versions asked; Found is the version found.
	Wanted string `json:"wanted"`
	Found  string `json:"found,omitempty"`
	Path   string `json:"path,omitempty"`
	// Via says how the program was found: PATH, or a version manager.
	Via      string     `json:"via,omitempty"`
	Message  string     `json:"message"`
	Fix      string     `json:"fix,omitempty"`
	Conflict string     `json:"conflict,omitempty"`
	Evidence []Location `json:"evidence"`
}

// Report is a repository's requirements checked on this machine.
//
// JSON shape: {"root", "os", "tools": [{"tool", "required", "status",
// "wanted", "found", "path", "via", "message", "fix", "conflict",
// "evidence": [{"path", "line"}]}], "requirements": {see toolchain.Requirements},
// "warnings": [diagnostic], "ok", "failed", "warned"}, a diagnostic being
// {"severity", "code", "summary", "detail", "source": {"file", "line"}}.
type Report struct {
	Root         string                 `json:"root"`
	OS           string                 `json:"os"`
	Tools        []ToolCheck            `json:"tools"`
	Requirements toolchain.Requirements `json:"requirements"`
	Warnings     diag.List              `json:"warnings"`
	OK           bool                   `json:"ok"`
	Failed       int                    `json:"failed"`
	Warned       int                    `json:"warned"`
}

// Problem is a requirement this machine does not meet, so that the
// repository's tests cannot pass here.
type Problem struct {
	Tool string `json:"tool"`
	// Requirement is what is asked, with where.
	Requirement string `json:"requirement"`
	// Found is what this machine has ("not found" when nothing).
	Found    string     `json:"found"`
	Fix      string     `json:"fix"`
	Evidence []Location `json:"evidence"`
}

// String is the problem in one line.
func (p Problem) String() string {
	s := p.Tool + " " + p.Requirement + ": " + p.Found
	if p.Fix != "" {
		s += "; fix: " + p.Fix
	}
	return s
}

// Blocking lists the failed checks: a required tool that is missing or
// whose version cannot work.
func (r Report) Blocking() []Problem {
	var out []Problem
	for _, t := range r.Tools {
		if t.Status != Fail {
			continue
		}
		req := t.Wanted
		if ev := locations(t.Evidence); ev != "" {
			req += " (" + ev + ")"
		}
		found := "not found"
		if t.Found != "" {
			found = t.Found + " found at " + t.Path
		}
		if t.Message != "" {
			found += ": " + t.Message
		}
		out = append(out, Problem{Tool: t.Tool, Requirement: req, Found: found, Fix: t.Fix, Evidence: t.Evidence})
	}
	return out
}

func locations(ls []Location) string {
	var parts []string
	for i, l := range ls {
		if i == 3 {
			parts = append(parts, "...")
			break
		}
		parts = append(parts, l.String())
	}
	return strings.Join(parts, ", ")
}

// Check detects what the repository at repoRoot asks for and checks it
// against this machine's PATH and version managers.
func Check(ctx context.Context, repoRoot string) (Report, error) {
	return (&Checker{}).Check(ctx, repoRoot)
}

// Checker checks requirements with a configurable prober.
type Checker struct {
	Prober Prober
	// Managers overrides the version managers found on the machine.
	Managers *toolchain.Managers
}

// maxProbes bounds the version probes running at once.
const maxProbes = 4

// Check detects and checks. Only a root that is not a readable folder is
// an error; everything else unreadable is a warning in the report.
func (c *Checker) Check(ctx context.Context, repoRoot string) (Report, error) {
	reqs, root, err := Detect(repoRoot)
	if err != nil {
		return Report{}, err
	}
	return c.CheckRequirements(ctx, root, reqs), nil
}

// Detect reads the requirements of the repository at repoRoot without
// probing anything.
func Detect(repoRoot string) (toolchain.Requirements, string, error) {
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		return toolchain.Requirements{}, "", errcode.Wrap(errcode.InvalidInput, err, "cannot resolve "+repoRoot, "pass an existing folder")
	}
	dir, err := safefile.OpenRoot(root)
	if err != nil {
		return toolchain.Requirements{}, "", errcode.Wrap(errcode.InvalidInput, err, "cannot open the repository folder "+root, "pass an existing, readable folder")
	}
	defer dir.Close()
	return toolchain.Detect(dir.FS(safefile.ConfigMax)), root, nil
}

// CheckRequirements checks already detected requirements.
func (c *Checker) CheckRequirements(ctx context.Context, root string, reqs toolchain.Requirements) Report {
	p := c.Prober
	if p.Dir == "" {
		p.Dir = root
	}
	var notes diag.List
	if file, line := programByPath(p.Dir); file != "" {
		p.Elsewhere = true
		notes = append(notes, diag.NewNote(CodeProbedElsewhere, "versions were asked outside the repository: "+file+
			" names a program by its path, which asking inside it would run").At(file, line))
	}
	var m toolchain.Managers
	if c.Managers != nil {
		m = *c.Managers
	} else {
		m = p.Managers()
	}
	r := Report{Root: root, OS: p.goos(), Requirements: reqs, Tools: make([]ToolCheck, len(reqs.Tools)), Warnings: append(notes, reqs.Warnings...)}
	sem := make(chan struct{}, maxProbes)
	var wg sync.WaitGroup
	for i, req := range reqs.Tools {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			r.Tools[i] = checkTool(ctx, &p, m, req)
		}()
	}
	wg.Wait()
	for _, t := range r.Tools {
		switch t.Status {
		case Fail:
			r.Failed++
		case Warn:
			r.Warned++
		}
	}
	r.OK = r.Failed == 0
	return r
}

// checkTool finds one tool, probes its version and judges it.
func checkTool(ctx context.Context, p *Prober, m toolchain.Managers, req toolchain.Requirement) ToolCheck {
	t := ToolCheck{Tool: req.Tool, Required: req.Required, Wanted: req.Wanted(), Conflict: req.Conflict, Evidence: req.Evidence()}
	if t.Evidence == nil {
		t.Evidence = []Location{}
	}
	info, ok := toolchain.LookupTool(req.Tool)
	if !ok {
		t.Status, t.Message = Warn, "no way to check "+req.Tool+" is known"
		return t
	}
	want := suggestedVersion(req)
	fix := toolchain.Fix(req.Tool, want, p.goos(), m)
	program := info.ProgramFor(p.goos())
	path, via, err := p.Find(program)
	if err != nil {
		t.Status, t.Message, t.Fix = Warn, program+" is not installed (not on PATH nor in a version manager's folder)", fix
		if req.Required {
			t.Status = Fail
		}
		if !req.Required {
			t.Message += "; only " + describeUses(req) + " needs it"
		}
		return t
	}
	t.Path, t.Via = path, via
	vs, err := p.Versions(ctx, info, path)
	if err != nil {
		t.Status, t.Message, t.Fix = Warn, "found, but its version could not be read: "+err.Error(), "check that "+path+" works: "+program+" "+strings.Join(info.VersionArgs, " ")
		return t
	}
	v, vd := bestVersion(req, vs)
	t.Found = v.String()
	t.Status = vd.Status
	if vd.Status == OK {
		t.Message = t.Found + " at " + path + viaText(via)
		return t
	}
	t.Message, t.Fix = vd.Reason, fix
	return t
}

// bestVersion judges each installed version and keeps the one that fits
// best, the newest among equals: with SDKs 8.0.404 and 9.0.100 installed,
// a repository that asks for 8.0 gets 8.0.404.
func bestVersion(req toolchain.Requirement, vs []toolchain.Version) (toolchain.Version, toolchain.Verdict) {
	var best toolchain.Version
	var bestVd toolchain.Verdict
	for i, v := range vs {
		vd := req.Check(v)
		better := toolchain.Worse(vd.Status, bestVd.Status) != vd.Status
		same := vd.Status == bestVd.Status
		if i == 0 || better || same && v.Compare(best) > 0 {
			best, bestVd = v, vd
		}
	}
	return best, bestVd
}

func viaText(via string) string {
	if via == "" || via == "PATH" {
		return ""
	}
	return " (" + via + ")"
}

func describeUses(req toolchain.Requirement) string {
	for _, c := range req.Constraints {
		if len(c.Evidence) > 0 {
			return c.Source + " (" + c.Evidence[0].String() + ")"
		}
	}
	return "part of the build"
}

// suggestedVersion is the version to install: the one a version file
// pins, else the newest CI tests, else a manifest's minimum.
func suggestedVersion(req toolchain.Requirement) string {
	var tested, minimum string
	for _, c := range req.Constraints {
		if c.Range == "" {
			continue
		}
		r, err := c.Parse(req.Tool)
		if err != nil || r.Alias != "" {
			continue
		}
		switch c.Role {
		case toolchain.Pins:
			if _, ok := toolchain.ParseVersion(strings.TrimPrefix(c.Range, "v")); ok {
				return strings.TrimPrefix(c.Range, "v")
			}
		case toolchain.Tested:
			parts := strings.Split(c.Range, " || ")
			last := strings.TrimSuffix(strings.TrimSpace(parts[len(parts)-1]), ".x")
			if _, ok := toolchain.ParseVersion(last); ok {
				tested = last
			}
		case toolchain.Requires, toolchain.Prefers:
			if minimum == "" {
				minimum = strings.TrimPrefix(strings.TrimLeft(c.Range, ">=^~ "), "go")
				if _, ok := toolchain.ParseVersion(minimum); !ok {
					minimum = ""
				}
			}
		}
	}
	if tested != "" {
		return tested
	}
	return minimum
}
