// Package roadmap builds a personal contribution roadmap: the user's
// skills (configuration and, when logged in, their GitHub activity), their
// history (workflows and merged pull requests), and four steps of growing
// difficulty, each with concrete picks from discovery.
//
// # Steps and progress
//
//	1 documentation and tests   issues labelled documentation, docs, tests or testing
//	2 good first issues         "good first issue"
//	3 help wanted               "help wanted"
//	4 a first feature           enhancement or feature
//
// Contributions are completed workflows plus merged pull requests on
// GitHub. The current step is 1 with none, 2 with 1 or 2, 3 with 3 to 5, and
// 4 from 6 on; earlier steps are done.
//
// # History
//
// Workflows are found through the workflow index that `mentor start`
// keeps in the state folder (mentoring.IndexPath): each workflow is read
// from its repository's .oss-dev/workflows, or, when that repository is
// gone, taken as the index last recorded it. The current repository's
// workflows are added (those from before the index, or from a machine
// without one). Without an index, or when it cannot be read, only the
// current repository is searched; History.Scope says which. A workflow is
// completed in COMPLETE, blocked in BLOCKED, abandoned when `mentor
// abandon` marked it or when neither and untouched for AbandonedAfter, and
// in progress otherwise.
package roadmap

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/core/state"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/service/discovery"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
)

// AbandonedAfter is how long an unfinished, unblocked workflow may sit
// untouched before it counts as abandoned.
const AbandonedAfter = 30 * 24 * time.Hour

// picksPerStep is how many issues each step proposes.
const picksPerStep = 3

// Deps are what Build needs; zero fields switch the matching part off.
type Deps struct {
	// Discovery finds the picks and reads the user's GitHub activity; nil
	// means no GitHub (picks and activity are left out, and said so).
	Discovery *discovery.Service
	// RepoRoot is the current repository's root, "" outside a repository.
	RepoRoot string
	// Index is the workflow index; "" means the one in StateDir.
	Index string
	// StateDir is oss-dev's state folder: the workflow index and the key
	// that signs workflows.
	StateDir string
	// Profile is profile.languages and profile.interests.
	Profile discovery.Profile
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Language is one skill with where it was seen.
type Language struct {
	Name    string   `json:"name"`
	Sources []string `json:"sources"`
	weight  int
}

// Skills are what the roadmap knows the user can do.
type Skills struct {
	Login     string     `json:"login,omitempty"`
	Languages []Language `json:"languages"`
	Interests []string   `json:"interests"`
}

// Status is where a workflow of the history stands.
type Status string

// The statuses of a workflow.
const (
	StatusCompleted  Status = "completed"
	StatusBlocked    Status = "blocked"
	StatusAbandoned  Status = "abandoned"
	StatusInProgress Status = "in_progress"
	// StatusUnreadable is a workflow whose file or data cannot be read.
	StatusUnreadable Status = "unreadable"
)

// Workflow is one workflow of the history.
type Workflow struct {
	ID string `json:"id"`
	// Repository is the folder the workflow lives in.
	Repository string    `json:"repository,omitempty"`
	Status     Status    `json:"status"`
	Phase      string    `json:"phase"`
	IssueURL   string    `json:"issue_url,omitempty"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// History is the user's contributions so far.
type History struct {
	// Scope says where workflows were looked for.
	Scope      string     `json:"scope"`
	Workflows  []Workflow `json:"workflows"`
	Completed  int        `json:"completed"`
	Blocked    int        `json:"blocked"`
	Abandoned  int        `json:"abandoned"`
	InProgress int        `json:"in_progress"`
	// MergedPRs and OpenPRs count the user's recent pull requests on GitHub.
	MergedPRs int `json:"merged_prs"`
	OpenPRs   int `json:"open_prs"`
}

// Pick is one issue proposed for a step.
type Pick struct {
	Repo   string  `json:"repo"`
	Number int     `json:"number"`
	Title  string  `json:"title"`
	URL    string  `json:"url"`
	Score  float64 `json:"score"`
}

// Step is one rung of the roadmap.
type Step struct {
	Level int    `json:"level"`
	Name  string `json:"name"`
	Why   string `json:"why"`
	// Status is done, current or next (every step after the current one).
	Status  string   `json:"status"`
	Queries []string `json:"queries"`
	Picks   []Pick   `json:"picks"`
	Note    string   `json:"note,omitempty"`
}

// Progress places the user on the roadmap.
type Progress struct {
	Contributions int    `json:"contributions"`
	Level         int    `json:"level"`
	Next          string `json:"next"`
}

// Roadmap is the stable result of `oss-dev roadmap`.
type Roadmap struct {
	Skills   Skills          `json:"skills"`
	History  History         `json:"history"`
	Progress Progress        `json:"progress"`
	Steps    []Step          `json:"steps"`
	Fetch    model.FetchInfo `json:"fetch"`
	Notes    []string        `json:"notes,omitempty"`
}

type stepDef struct {
	name, why string
	filter    discovery.IssueFilter
}

func steps() []stepDef {
	return []stepDef{
		{"Documentation and tests", "small, self-contained changes that teach a project's layout and review habits",
			discovery.IssueFilter{AnyLabels: []string{"documentation", "docs", "tests", "testing"}}},
		{"Good first issues", "issues maintainers marked for newcomers, with guidance close at hand",
			discovery.IssueFilter{GoodFirst: true}},
		{"Help wanted", "work maintainers want done, with less hand-holding",
			discovery.IssueFilter{HelpWanted: true}},
		{"A first feature", "a change users will notice: design, code, tests and docs together",
			discovery.IssueFilter{AnyLabels: []string{"enhancement", "feature"}}},
	}
}

// Build assembles the roadmap.
func Build(ctx context.Context, d Deps) (Roadmap, error) {
	now := time.Now()
	if d.Now != nil {
		now = d.Now()
	}
	rm := Roadmap{Steps: []Step{}}
	rm.Skills = Skills{Interests: nonNil(d.Profile.Interests)}
	langs := map[string]*Language{}
	for _, l := range d.Profile.Languages {
		addLanguage(langs, l, "config profile.languages", 100)
	}
	index := d.Index
	if index == "" {
		index = mentoring.IndexPath(d.StateDir)
	}
	hist, notes, err := readHistory(d.RepoRoot, index, d.StateDir, now)
	if err != nil {
		return rm, err
	}
	rm.History = hist
	rm.Notes = append(rm.Notes, notes...)
	anonymous := true
	if d.Discovery != nil {
		act, err := d.Discovery.Source.UserActivity(ctx)
		switch {
		case err == nil:
			anonymous = false
			mergeFetchInto(&rm.Fetch, act.Fetch)
			rm.Skills.Login = act.Login
			addActivity(langs, &rm.History, act)
		case errcode.HasCode(err, errcode.ProviderAuthMissing):
			rm.Notes = append(rm.Notes, "not logged in to GitHub: skills come from the configuration only (run 'gh auth login' to add your GitHub activity)")
		default:
			return rm, err
		}
	} else {
		rm.Notes = append(rm.Notes, "GitHub not used (--offline, or no provider): no picks and no GitHub activity")
	}
	rm.Skills.Languages = sortedLanguages(langs)
	if len(rm.Skills.Languages) == 0 {
		rm.Notes = append(rm.Notes, "no languages known: set them with 'oss-dev config set profile.languages ...' for picks in your languages")
	}
	rm.Progress = progress(rm.History.Completed + rm.History.MergedPRs)
	if err := addSteps(ctx, d.Discovery, &rm, anonymous); err != nil {
		return rm, err
	}
	return rm, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func addLanguage(m map[string]*Language, name, source string, weight int) {
	name = strings.TrimSpace(name)
	if name == "" {
		return
	}
	k := strings.ToLower(name)
	l, ok := m[k]
	if !ok {
		l = &Language{Name: name}
		m[k] = l
	}
	l.Sources = append(l.Sources, source)
	l.weight += weight
}

func addActivity(langs map[string]*Language, h *History, act model.UserActivity) {
	for name, n := range act.RepoLanguages {
		addLanguage(langs, name, fmt.Sprintf("%d of your repositories", n), n)
	}
	prLangs := map[string]int{}
	for _, pr := range act.PullRequests {
		switch {
		case pr.Merged:
			h.MergedPRs++
		case pr.State == "open":
			h.OpenPRs++
		}
		if pr.Language != "" {
			prLangs[pr.Language]++
		}
	}
	for name, n := range prLangs {
		// Contributions to others' projects say more than one's own repositories.
		addLanguage(langs, name, fmt.Sprintf("%d of your pull requests", n), 3*n)
	}
}

func sortedLanguages(m map[string]*Language) []Language {
	out := make([]Language, 0, len(m))
	for _, l := range m {
		sort.Strings(l.Sources)
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].weight != out[j].weight {
			return out[i].weight > out[j].weight
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// readHistory lists the workflows of every repository in the index, and
// of the current one. A broken index costs only its scope: the current
// repository is still read, and a note says why the rest is missing.
func readHistory(root, index, stateDir string, now time.Time) (History, []string, error) {
	h := History{Workflows: []Workflow{}}
	var notes []string
	var entries []mentoring.IndexEntry
	if index != "" {
		var skipped int
		var err error
		entries, skipped, err = mentoring.ReadIndex(index)
		if err != nil {
			entries = nil
			notes = append(notes, "the workflow index "+index+" could not be read ("+err.Error()+"): only the current repository's workflows are counted")
		} else if skipped > 0 {
			notes = append(notes, fmt.Sprintf("%d unreadable line(s) of the workflow index %s were skipped", skipped, index))
		}
	}
	seen := map[string]bool{}
	repos := map[string]bool{}
	for _, e := range entries {
		if seen[e.WorkflowID] {
			continue
		}
		seen[e.WorkflowID] = true
		repos[filepath.Clean(e.Repository)] = true
		w, err := fromIndex(e, stateDir, now)
		if err != nil {
			notes = append(notes, unreadableNote(err))
		}
		h.add(w)
	}
	extra := 0
	if root != "" {
		store := state.Open(root, stateDir)
		list, err := store.List()
		if err != nil {
			if len(entries) == 0 {
				return h, notes, err
			}
			notes = append(notes, "the workflows of the current repository could not be listed: "+err.Error())
		}
		for _, s := range list {
			if seen[s.State.WorkflowID] {
				continue
			}
			if errcode.HasCode(s.Err, errcode.StateUntrusted) {
				notes = append(notes, s.Err.Error())
				continue
			}
			w := Workflow{ID: s.State.WorkflowID, Repository: root, Status: StatusUnreadable}
			err := s.Err
			if err == nil {
				w, err = fromState(s.State, now)
			}
			if err != nil {
				notes = append(notes, unreadableNote(err))
			}
			h.add(w)
			extra++
		}
	}
	h.Scope = scope(root, index, len(entries), len(repos), extra)
	return h, notes, nil
}

// unreadableNote says why a workflow counts as unreadable, and what to do.
func unreadableNote(err error) string {
	var e *errcode.Error
	if errors.As(err, &e) && e.Fix != "" {
		return err.Error() + ": " + e.Fix
	}
	return err.Error()
}

// scope says where the workflows were looked for.
func scope(root, index string, indexed, repos, extra int) string {
	switch {
	case indexed > 0 && extra > 0:
		return fmt.Sprintf("every repository in the workflow index %s (%d) and the current repository (%s)", index, repos, state.Open(root, "").Dir())
	case indexed > 0:
		return fmt.Sprintf("every repository in the workflow index %s (%d)", index, repos)
	case root != "":
		return "the current repository (" + state.Open(root, "").Dir() + "); no workflow index yet (mentor start records one)"
	}
	return "none: not inside a git repository and no workflow index (workflows live in each repository's .oss-dev/workflows)"
}

// add counts w in its status.
func (h *History) add(w Workflow) {
	switch w.Status {
	case StatusCompleted:
		h.Completed++
	case StatusBlocked:
		h.Blocked++
	case StatusAbandoned:
		h.Abandoned++
	case StatusInProgress:
		h.InProgress++
	}
	h.Workflows = append(h.Workflows, w)
}

// fromIndex reads the workflow from its repository, or takes it as the
// index last recorded it when the repository or its file is gone. A
// workflow whose file reads but whose data does not is unreadable, with a
// note saying why.
func fromIndex(e mentoring.IndexEntry, stateDir string, now time.Time) (Workflow, error) {
	if st, err := state.Open(e.Repository, stateDir).Load(e.WorkflowID); err == nil {
		return fromState(st, now)
	}
	w := Workflow{ID: e.WorkflowID, Repository: e.Repository, Phase: e.Phase, IssueURL: e.IssueURL, UpdatedAt: e.UpdatedAt}
	w.Status = status(e.Outcome, e.UpdatedAt, now)
	return w, nil
}

// fromState places a workflow read from its file.
func fromState(st workflow.State, now time.Time) (Workflow, error) {
	w := Workflow{ID: st.WorkflowID, Repository: st.RepositoryPath, Phase: string(st.Phase), IssueURL: st.IssueURL, UpdatedAt: st.UpdatedAt}
	outcome, err := mentoring.OutcomeOf(st)
	if err != nil {
		w.Status = StatusUnreadable
		return w, err
	}
	w.Status = status(outcome, st.UpdatedAt, now)
	return w, nil
}

// status is the status of a workflow with outcome, last changed at
// updated. One that still goes on counts as abandoned once it has sat
// untouched for AbandonedAfter; an outcome this version does not know
// (a newer version's, a hand edit) counts as none.
func status(outcome mentoring.Outcome, updated, now time.Time) Status {
	switch outcome {
	case mentoring.OutcomeCompleted:
		return StatusCompleted
	case mentoring.OutcomeBlocked:
		return StatusBlocked
	case mentoring.OutcomeAbandoned:
		return StatusAbandoned
	}
	if now.Sub(updated) > AbandonedAfter {
		return StatusAbandoned
	}
	return StatusInProgress
}

// progress places n contributions on the four steps.
func progress(n int) Progress {
	// The contributions at which each step becomes current.
	levelStarts := [...]int{0, 1, 3, 6}
	p := Progress{Contributions: n, Level: 1}
	for i, start := range levelStarts {
		if n >= start {
			p.Level = i + 1
		}
	}
	if p.Level == len(levelStarts) {
		p.Next = "keep going: take on larger features and reviews"
		return p
	}
	need := levelStarts[p.Level] - n
	words := "contributions reach"
	if need == 1 {
		words = "contribution reaches"
	}
	p.Next = fmt.Sprintf("%d more %s step %d", need, words, p.Level+1)
	return p
}

// addSteps fills the four steps with picks. With a token every step gets
// one light search per language (no repository activity: one request
// each); without one, only the current step gets picks, from a small
// search, to stay within the 60 requests an hour GitHub allows.
func addSteps(ctx context.Context, svc *discovery.Service, rm *Roadmap, anonymous bool) error {
	var langs []string
	for _, l := range rm.Skills.Languages {
		if len(langs) < 2 {
			langs = append(langs, l.Name)
		}
	}
	for i, def := range steps() {
		st := Step{Level: i + 1, Name: def.name, Why: def.why, Picks: []Pick{}, Queries: []string{}}
		switch {
		case st.Level < rm.Progress.Level:
			st.Status = "done"
		case st.Level == rm.Progress.Level:
			st.Status = "current"
		default:
			st.Status = "next"
		}
		f := def.filter
		f.Languages, f.Limit, f.NoActivity, f.Candidates = langs, picksPerStep, true, 10
		if anonymous {
			f.Enrich, f.MaxRepos = 3, 3
		}
		switch {
		case svc == nil:
			st.Queries = discovery.IssueQueries(f, time.Now())
		case anonymous && st.Status != "current":
			st.Queries = discovery.IssueQueries(f, time.Now())
			st.Note = "picks for this step need a GitHub token"
		default:
			rep, err := svc.DiscoverIssues(ctx, f)
			if err != nil {
				return err
			}
			st.Queries = rep.Queries
			mergeFetchInto(&rm.Fetch, rep.Fetch)
			for _, r := range rep.Results {
				st.Picks = append(st.Picks, Pick{Repo: r.Repo, Number: r.Number, Title: r.Title, URL: r.URL, Score: r.Score})
			}
			if len(st.Picks) == 0 {
				st.Note = "no open issue passed the rules; try again later or widen profile.languages"
			}
		}
		rm.Steps = append(rm.Steps, st)
	}
	return nil
}

func mergeFetchInto(total *model.FetchInfo, f model.FetchInfo) {
	if total.Via == "" {
		total.Via = f.Via
		total.Cached = f.Cached
	} else {
		total.Cached = total.Cached && f.Cached
	}
	total.Requests += f.Requests
	for _, n := range f.Notes {
		dup := false
		for _, m := range total.Notes {
			dup = dup || m == n
		}
		if !dup {
			total.Notes = append(total.Notes, n)
		}
	}
}
