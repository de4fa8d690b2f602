package approval

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/oss-dev/oss-dev/internal/atomicfile"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// Origin says that a command is the repository's own: a Makefile or
// justfile recipe, a package script, a CI step, a tox or nox session, a
// Gradle or Maven task, a toolchain run over the repository's code. Such a
// command runs code a stranger wrote, so it is never known safe.
type Origin struct {
	// Sources are where it is defined, as path:line in the repository.
	Sources []string `json:"sources"`
	// Runs is what it runs: the recipe or the script's body, when known.
	Runs []string `json:"runs,omitempty"`
	// Files are the files that define it, and Digest a hash of their
	// content: "always" is tied to it, as `direnv allow` is to an .envrc.
	// An empty Digest means "always" cannot be offered.
	Files  []string `json:"files,omitempty"`
	Digest string   `json:"digest,omitempty"`
}

// Sandbox says whether this system confines the repository's commands.
type Sandbox struct {
	Available bool
	// Note says why it is not available, or what it does not confine.
	Note string
}

// PinStore keeps "always" answers for repository commands, each tied to
// the digest of the files that define it. It lives in the user's state
// folder: a repository can neither ship nor forge one.
type PinStore interface {
	Pinned(repo, command, digest string) bool
	Pin(ctx context.Context, repo, command string, o Origin) error
}

// ByPin is the decider of a repository command the user allowed "always"
// for the present content of its files.
const ByPin = "pin"

// repoCommand decides a command of the repository: never known safe,
// asked under on_request, run only inside the sandbox under on_failure,
// auto and yolo, refused under never. A deny rule and a dangerous class
// are refused before this, whatever the sandbox.
func (m *Manager) repoCommand(d Decision, policy config.Policy, req Request) Decision {
	command := describeCommand(req)
	code := "it is the repository's own code (" + strings.Join(req.Origin.Sources, ", ") + ")"
	switch {
	case policy == config.PolicyNever:
		return d.set(Reject, ByPolicy, nil, "the policy is never and "+code)
	case m.pinned(req, command):
		return d.set(Approve, ByPin, nil, "allowed \"always\" while "+strings.Join(req.Origin.Files, ", ")+" stay as they were")
	case policy == config.PolicyOnRequest:
		return d.set(Ask, ByPolicy, nil, "the policy is on_request and "+code)
	case !m.Sandbox.Available:
		return d.set(Ask, ByPolicy, nil, "there is no sandbox here ("+m.Sandbox.Note+"), so a person confirms what "+code)
	case !allInside(d.Paths) && policy != config.PolicyYolo:
		return d.set(Ask, ByPolicy, nil, "touches a path outside the repository: "+firstOutside(d.Paths))
	}
	return d.set(Approve, ByPolicy, nil, "the policy is "+string(policy)+": "+code+", so it runs inside the sandbox")
}

func (m *Manager) pinned(req Request, command string) bool {
	return m.Pins != nil && req.Origin.Digest != "" && m.Pins.Pinned(m.Env.RepoRoot, command, req.Origin.Digest)
}

// describeCommand is the command line a pin is keyed by.
func describeCommand(req Request) string {
	if req.Shell != "" {
		return strings.Join(strings.Fields(req.Shell), " ")
	}
	return strings.Join(req.Command, " ")
}

// PinFile is a PinStore in a JSON file of the user's state folder.
type PinFile struct {
	Path string
	mu   sync.Mutex
}

type pinEntry struct {
	Repo    string    `json:"repository"`
	Command string    `json:"command"`
	Files   []string  `json:"files"`
	Digest  string    `json:"digest"`
	At      time.Time `json:"at"`
}

type pinDoc struct {
	Version int        `json:"version"`
	Pins    []pinEntry `json:"pins"`
}

// maxPinFile bounds what is read of the pin file.
const maxPinFile = 4 << 20

func (p *PinFile) load() (pinDoc, error) {
	var doc pinDoc
	data, err := safefile.ReadFile(p.Path, maxPinFile)
	if errors.Is(err, fs.ErrNotExist) {
		return pinDoc{Version: 1}, nil
	}
	if err != nil {
		return doc, err
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return doc, err
	}
	return doc, nil
}

// Pinned reports whether command was allowed "always" in repo for files
// whose content hashed to digest. An unreadable file pins nothing.
func (p *PinFile) Pinned(repo, command, digest string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	doc, err := p.load()
	if err != nil {
		return false
	}
	for _, e := range doc.Pins {
		if e.Repo == repo && e.Command == command && e.Digest == digest {
			return true
		}
	}
	return false
}

// Pin records the answer, replacing an older pin of the same command.
func (p *PinFile) Pin(_ context.Context, repo, command string, o Origin) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	doc, err := p.load()
	if err != nil {
		doc = pinDoc{} // a corrupt file is replaced rather than left to block every answer
	}
	doc.Version = 1
	kept := doc.Pins[:0]
	for _, e := range doc.Pins {
		if e.Repo != repo || e.Command != command {
			kept = append(kept, e)
		}
	}
	doc.Pins = append(kept, pinEntry{Repo: repo, Command: command, Files: o.Files, Digest: o.Digest, At: time.Now().UTC()})
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p.Path), 0o700); err != nil {
		return err
	}
	return atomicfile.WriteFile(p.Path, data, 0o600)
}

// askRepoCommand asks about a repository's command, showing where it comes
// from and what it runs. "Always" pins the answer to the content of the
// files that define it, in the user's state, never in the repository.
func (m *Manager) askRepoCommand(ctx context.Context, req Request, d Decision) (Decision, error) {
	o := req.Origin
	canAlways := m.Pins != nil && o.Digest != ""
	p := contract.ApprovalPrompt{Workflow: req.Workflow, Tool: req.Tool, Action: req.Action, Detail: req.Detail, Reason: d.Reason,
		From: strings.Join(o.Sources, ", "), Runs: o.Runs, Sandboxed: d.Sandboxed}
	if d.Safety != nil {
		p.Command = d.Safety.Command
	}
	if canAlways {
		p.Pin = strings.Join(o.Files, ", ")
	}
	answer, err := m.Confirmer.Confirm(ctx, p)
	if err != nil {
		d = d.set(Reject, ByPerson, nil, "the prompt failed: "+err.Error())
		return d, errcode.Wrap(errcode.ApprovalNotConfigured, err, "could not ask for approval of "+describe(req), "answer the prompt in a terminal, or set approval.policy")
	}
	switch answer {
	case contract.AnswerYes:
		return d.set(Approve, ByPerson, nil, "approved at the prompt"), nil
	case contract.AnswerAlways:
		d = d.set(Approve, ByPerson, nil, "approved at the prompt, always while "+p.Pin+" stay as they are")
		if !canAlways {
			d.Reason = "approved at the prompt, this once"
		} else if err := m.Pins.Pin(ctx, m.Env.RepoRoot, describeCommand(req), *o); err != nil {
			d.Reason += " (the answer could not be kept: " + err.Error() + ")"
		}
		return d, nil
	}
	return d.set(Reject, ByPerson, nil, "declined at the prompt"), nil
}
