// Package mentoring is the contribution workflow's work: it opens or clones
// the repository, analyses it and the issue, writes the plan, creates the
// branch, runs the repository's tests and checks, commits, pushes and opens
// the pull request, one phase at a time through the orchestration engine.
// Every change it makes is approved first by the approval manager.
package mentoring

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/core/orchestration"
	"github.com/oss-dev/oss-dev/internal/core/state"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// Event is one step of a run, for progress output.
type Event = orchestration.Event

// Service runs contribution workflows. Fields are dependencies; nil funcs
// mean the dependency is not available.
type Service struct {
	// WorkDir is where the command runs.
	WorkDir string
	// Dirs are oss-dev's own folders: the state folder keeps the
	// workflows' signing key, the index and the audit log.
	Dirs config.Dirs
	// OpenRepo opens the git working tree that contains dir.
	OpenRepo func(dir string) (Repo, error)
	// Clone clones url into dir (depth 0: the whole history).
	Clone func(ctx context.Context, url, dir string, depth int) error
	// LoadConfig returns the configuration in force in dir.
	LoadConfig func(dir string) (*config.Loaded, error)
	// Env is the environment whose secrets the audit log masks, the
	// toolchain checks read and the repository's commands get without
	// those secrets (nil: the process's).
	Env    []string
	GitHub func() (GitHub, error)
	// LLM returns the configured model, or nil when there is none.
	LLM func() (contract.LLM, error)
	// Confirmer asks a person; nil when no one can be asked.
	Confirmer contract.Confirmer
	// OnEvent is told every step; Stream receives a model's streamed text.
	OnEvent func(Event)
	Stream  io.Writer
	// Note is told things worth saying while a phase works: a warning, or a
	// note of the command being run.
	Note func(diag.Diagnostic)
	Now  func() time.Time
	// Hooks are what plugins registered before and after phases; nil
	// when nothing did.
	Hooks *Hooks
	// Index is the workflow index's path; "" means the state folder's.
	Index string
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// session is one command's view of one workflow: the repository, its
// store, the loaded configuration and the approval manager.
// readInside reads a file of the repository through its Root: a link out
// of the repository, a named pipe or a device is an error, never read.
func (ss *session) readInside(rel string, max int64) ([]byte, error) {
	dir, err := safefile.OpenRoot(ss.root)
	if err != nil {
		return nil, err
	}
	defer dir.Close()
	return dir.ReadFile(filepath.ToSlash(rel), max)
}

type session struct {
	svc   *Service
	root  string
	git   Repo
	store *state.Store
	cfg   *config.Loaded
	appr  *approvals
	// res gathers what this run did, for the command's output.
	res *Result
	// warned holds the warnings already given, so each is said once.
	warned map[string]bool
}

func (s *Service) openSession(ctx context.Context, root string) (*session, error) {
	repo, err := s.OpenRepo(root)
	if err != nil {
		return nil, err
	}
	root = repo.Root()
	cfg, err := s.LoadConfig(root)
	if err != nil {
		return nil, err
	}
	ss := &session{svc: s, root: root, git: repo, store: state.Open(root, s.Dirs.State), cfg: cfg, res: &Result{}}
	ss.appr = newApprovals(s, cfg, root)
	return ss, nil
}

func (ss *session) engine() *orchestration.Engine {
	return &orchestration.Engine{
		Store:     ss.store,
		Handler:   orchestration.HandlerFunc(ss.runPhase),
		AfterStep: ss.afterPhase,
		Pause:     map[workflow.Phase]bool{workflow.Implementation: true},
		OnEvent:   ss.svc.OnEvent,
		Now:       ss.svc.Now,
	}
}

// repoRoot is the repository the command runs in.
func (s *Service) repoRoot() (string, error) {
	wd := s.WorkDir
	if wd == "" {
		wd, _ = os.Getwd()
	}
	root := config.FindRepoRoot(wd)
	if root == "" {
		return "", errcode.New(errcode.WorkflowNotFound, "this folder is not inside a git repository, so it has no workflows",
			"run this in the repository where you ran 'oss-dev mentor start', or start one: oss-dev mentor start OWNER/REPO#N")
	}
	return root, nil
}

// load opens the current repository and the workflow id, or the most
// recent active one when id is empty.
func (s *Service) load(ctx context.Context, id string) (*session, workflow.State, error) {
	return s.loadAny(ctx, id, false)
}

// loadAny is load; with anyState an empty id picks the most recent
// workflow even when it is complete or abandoned (for status and audit).
func (s *Service) loadAny(ctx context.Context, id string, anyState bool) (*session, workflow.State, error) {
	root, err := s.repoRoot()
	if err != nil {
		return nil, workflow.State{}, err
	}
	ss, err := s.openSession(ctx, root)
	if err != nil {
		return nil, workflow.State{}, err
	}
	if id == "" {
		if id, err = ss.latestActive(); err != nil && anyState {
			id, err = ss.latest()
		}
		if err != nil {
			return nil, workflow.State{}, err
		}
	}
	st, err := ss.store.Load(id)
	if err == nil {
		err = checkMeta(st)
	}
	return ss, st, err
}

func (ss *session) latestActive() (string, error) {
	list, err := ss.readable()
	if err != nil {
		return "", err
	}
	for _, w := range list {
		if active(w) {
			return w.WorkflowID, nil
		}
	}
	return "", errcode.Newf(errcode.WorkflowNotFound, "start one: oss-dev mentor start OWNER/REPO#N ('oss-dev mentor list' shows the others)",
		"no active workflow in %s", ss.root)
}

// latest is the most recently updated readable workflow.
func (ss *session) latest() (string, error) {
	list, err := ss.readable()
	if err != nil {
		return "", err
	}
	if len(list) == 0 {
		return "", errcode.Newf(errcode.WorkflowNotFound, "start one: oss-dev mentor start OWNER/REPO#N", "no workflow in %s", ss.root)
	}
	return list[0].WorkflowID, nil
}

// readable lists the workflows a command may pick when it is given no id,
// newest first. A file this user's oss-dev did not write is said once and
// left out. A corrupt one stops the command: it may be the very workflow
// meant, and continuing another in its place would be a silent switch.
func (ss *session) readable() ([]workflow.State, error) {
	list, err := ss.store.List()
	if err != nil {
		return nil, err
	}
	var out []workflow.State
	for _, w := range list {
		switch {
		case w.Err == nil:
			out = append(out, w.State)
		case errcode.HasCode(w.Err, errcode.StateUntrusted):
			ss.warnOnce(w.Err)
		default:
			return nil, pickError(w.Err)
		}
	}
	return out, nil
}

// warnOnce notes an ignored workflow file once per command.
func (ss *session) warnOnce(err error) {
	if ss.warned == nil {
		ss.warned = map[string]bool{}
	}
	d := diag.NewWarning(CodeIgnored, err.Error())
	var e *errcode.Error
	if errors.As(err, &e) && e.Fix != "" {
		d = d.WithDetail(e.Fix)
	}
	if key := d.Summary + "\n" + d.Detail; !ss.warned[key] {
		ss.warned[key] = true
		ss.svc.note(d)
	}
}

func pickError(err error) error {
	var e *errcode.Error
	if !errors.As(err, &e) {
		return err
	}
	return errcode.Wrap(e.Code, err, e.Message+"; no other workflow is picked in its place",
		e.Fix+"; or name the workflow to use (its id is in 'oss-dev mentor list')")
}

func active(st workflow.State) bool {
	var ab abandonMeta
	ok := abandonedField.load(st, &ab)
	return !ok && !st.Phase.Terminal()
}

func newID(repo string, number int) string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	name := strings.ToLower(slug(repo, 20))
	if name == "" {
		name = "issue"
	}
	return name + "-" + itoa(number) + "-" + hex.EncodeToString(b)
}

func refuseInactive(st workflow.State) error {
	var ab abandonMeta
	if ok := abandonedField.load(st, &ab); ok {
		return errcode.Newf(errcode.WorkflowInvalidTransition, "start a new one: oss-dev mentor start "+st.IssueURL,
			"workflow %s was abandoned on %s", st.WorkflowID, ab.At.Format("2006-01-02"))
	}
	if st.Phase == workflow.Blocked {
		return errcode.Newf(errcode.WorkflowInvalidTransition, "remove the blocker, then run 'oss-dev mentor unblock'",
			"workflow %s is blocked: %s", st.WorkflowID, st.BlockReason)
	}
	return nil
}
