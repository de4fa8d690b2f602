package mentoring

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// tick records that a person said a requirement is done.
type tick struct {
	By string    `json:"by"`
	At time.Time `json:"at"`
}

// ticks are keyed by the requirement's text, which stays the same when
// VALIDATION runs again (the numbers are only its place in the list).
type ticks map[string]tick

// Checklist is `mentor check`. Its JSON shape:
//
//	workflow   Summary
//	items      [{number, kind, text, status, evidence, checked_by, checked_at}]
//	unchecked  how many requirements nobody has ticked and the diff did not match
type Checklist struct {
	Workflow  Summary     `json:"workflow"`
	Items     []CheckItem `json:"items"`
	Unchecked int         `json:"unchecked"`
}

// CheckOptions say which requirements `mentor check` ticks.
type CheckOptions struct {
	// Numbers are the requirements' numbers in the checklist, from 1.
	Numbers []int
	// All ticks every requirement.
	All bool
	// Undo removes the ticks instead.
	Undo bool
}

// Check ticks (or, with Undo, unticks) the workflow's requirements as done
// by the person running it, recording who and when, and returns the
// checklist. With no numbers and not All it only shows the checklist.
func (s *Service) Check(ctx context.Context, id string, o CheckOptions) (*Checklist, error) {
	ss, st, err := s.loadAny(ctx, id, true)
	if err != nil {
		return nil, err
	}
	var im issueMeta
	if ok, err := issueField.read(st, &im); err != nil {
		return nil, err
	} else if !ok {
		return nil, errcode.Newf(errcode.WorkflowGuardFailed, "run 'oss-dev mentor resume' to finish the analysis first",
			"workflow %s has not read the issue's requirements yet", st.WorkflowID)
	}
	items := ss.currentChecklist(st, im)
	if len(o.Numbers) > 0 || o.All {
		if err := refuseInactive(st); err != nil {
			return nil, err
		}
		if st.Phase.Terminal() {
			return nil, errcode.Newf(errcode.WorkflowInvalidTransition, "edit the pull request's checklist on GitHub instead",
				"workflow %s is complete: its pull request is open", st.WorkflowID)
		}
		pick, err := pickItems(items, o)
		if err != nil {
			return nil, err
		}
		if err := ss.setTicks(ctx, &st, pick, o.Undo); err != nil {
			return nil, err
		}
		items = ss.currentChecklist(st, im)
	}
	out := &Checklist{Workflow: summarize(st), Items: items}
	for _, it := range items {
		if it.Status == "unknown" {
			out.Unchecked++
		}
	}
	return out, nil
}

// currentChecklist is the last VALIDATION's checklist with the ticks
// applied, or, before VALIDATION ran, the issue's requirements.
func (ss *session) currentChecklist(st workflow.State, im issueMeta) []CheckItem {
	var val Validation
	items := []CheckItem{}
	if ok := validateField.load(st, &val); ok && len(val.Checklist) > 0 {
		items = val.Checklist
	} else {
		for _, ki := range requirementItems(im.Requirements) {
			items = append(items, CheckItem{Kind: ki.kind, Text: ki.item.Text, Status: "unknown"})
		}
	}
	var tk ticks
	ticksField.load(st, &tk)
	return applyTicks(items, tk)
}

func pickItems(items []CheckItem, o CheckOptions) ([]string, error) {
	if len(items) == 0 {
		return nil, errcode.New(errcode.InvalidInput, "the issue names no requirements to tick",
			"run 'oss-dev mentor next': with nothing to tick, VALIDATION does not ask")
	}
	var texts []string
	if o.All {
		for _, it := range items {
			texts = append(texts, it.Text)
		}
		return texts, nil
	}
	for _, n := range o.Numbers {
		if n < 1 || n > len(items) {
			return nil, errcode.Newf(errcode.InvalidInput, "run 'oss-dev mentor check' to see the numbers",
				"there is no requirement %d: the checklist has %d", n, len(items))
		}
		texts = append(texts, items[n-1].Text)
	}
	return texts, nil
}

// setTicks records (or removes) the ticks and saves the state.
func (ss *session) setTicks(ctx context.Context, st *workflow.State, texts []string, undo bool) error {
	if err := ss.recordTicks(ctx, st, texts, undo); err != nil {
		return err
	}
	st.UpdatedAt = ss.svc.now().UTC()
	return ss.store.Save(ctx, st)
}

// recordTicks records (or removes) the ticks in st; the stored checklist
// follows, so that the pull request's body shows them.
func (ss *session) recordTicks(ctx context.Context, st *workflow.State, texts []string, undo bool) error {
	tk := ticks{}
	if _, err := ticksField.read(st, &tk); err != nil {
		return err
	}
	if tk == nil {
		tk = ticks{}
	}
	who, now := ss.who(ctx), ss.svc.now().UTC()
	for _, t := range texts {
		if undo {
			delete(tk, t)
		} else {
			tk[t] = tick{By: who, At: now}
		}
	}
	if err := ticksField.write(st, tk); err != nil {
		return err
	}
	var val Validation
	if ok := validateField.load(st, &val); ok {
		val.Checklist = applyTicks(val.Checklist, tk)
		return validateField.write(st, val)
	}
	return nil
}

// applyTicks numbers the items and marks the ticked ones "checked"; an
// item the diff matched stays "addressed", with the tick noted.
func applyTicks(items []CheckItem, tk ticks) []CheckItem {
	out := make([]CheckItem, len(items))
	for i, it := range items {
		it.Number = i + 1
		it.CheckedBy, it.CheckedAt = "", nil
		if it.Status == "checked" {
			it.Status = "unknown"
		}
		if t, ok := tk[it.Text]; ok {
			at := t.At
			it.CheckedBy, it.CheckedAt = t.By, &at
			if it.Status == "unknown" {
				it.Status = "checked"
			}
		}
		out[i] = it
	}
	return out
}

// who names the person for the record: git's user.name and user.email in
// the repository, else the login name.
func (ss *session) who(ctx context.Context) string {
	name, _ := ss.git.ConfigValue(ctx, "user.name")
	email, _ := ss.git.ConfigValue(ctx, "user.email")
	name, email = strings.TrimSpace(name), strings.TrimSpace(email)
	switch {
	case name != "" && email != "":
		return name + " <" + email + ">"
	case name != "" || email != "":
		return name + email
	}
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "unknown"
}

// confirmRequirements is VALIDATION's last step: requirements the diff did
// not match must be ticked by a person, either beforehand with `mentor
// check` or now at a prompt. Nobody to ask is an error naming the command.
func (ss *session) confirmRequirements(ctx context.Context, st *workflow.State, val *Validation) error {
	var open []CheckItem
	for _, it := range val.Checklist {
		if it.Status == "unknown" {
			open = append(open, it)
		}
	}
	if len(open) == 0 {
		return nil
	}
	nums := make([]string, 0, len(open))
	lines := make([]string, 0, len(open))
	for _, it := range open {
		nums = append(nums, itoa(it.Number))
		lines = append(lines, fmt.Sprintf("  %d. %s", it.Number, it.Text))
	}
	fix := "check them yourself, then tick them: oss-dev mentor check " + strings.Join(nums, " ") + " (or --all), and run 'oss-dev mentor next'"
	what := fmt.Sprintf("%d requirement(s) of the issue could not be matched to your changes:\n%s", len(open), strings.Join(lines, "\n"))
	if ss.svc.Confirmer == nil {
		return errcode.New(errcode.WorkflowGuardFailed, what+"\nnobody can be asked here (no terminal)", fix)
	}
	ans, err := ss.svc.Confirmer.Confirm(ctx, contract.ApprovalPrompt{Workflow: st.WorkflowID, Tool: config.ToolRequirements,
		Action: "confirm that your change does what the issue asks", Detail: what,
		Reason: "oss-dev could not find these in the diff; only you can say they are done"})
	if err != nil {
		return err
	}
	if ans == contract.AnswerNo {
		return errcode.New(errcode.WorkflowGuardFailed, what+"\nyou did not confirm them", fix)
	}
	texts := make([]string, 0, len(open))
	for _, it := range open {
		texts = append(texts, it.Text)
	}
	if err := ss.recordTicks(ctx, st, texts, false); err != nil {
		return err
	}
	_, err = validateField.read(st, val)
	return err
}

// uncheckedCount counts the requirements nobody has vouched for.
func uncheckedCount(items []CheckItem) int {
	n := 0
	for _, it := range items {
		if it.Status == "unknown" {
			n++
		}
	}
	return n
}
