package mentoring

import (
	"fmt"
	"math"

	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// field binds a key of a workflow's metadata to the struct of its concern,
// so that every reader and writer of that concern agrees on its type at
// compile time. The keys and their JSON are those earlier versions wrote.
type field[T any] struct{ key string }

// The concerns of a workflow's metadata. Warnings are read by warningsOf,
// which also takes the plain strings earlier versions wrote.
var (
	repoField        = field[repoMeta]{metaRepo}
	issueField       = field[issueMeta]{metaIssue}
	planField        = field[planMeta]{metaPlan}
	branchField      = field[branchMeta]{metaBranch}
	verifyField      = field[Verification]{metaVerify}
	validateField    = field[Validation]{metaValidate}
	prField          = field[PullRequest]{metaPR}
	tokensField      = field[Tokens]{metaTokens}
	abandonedField   = field[abandonMeta]{metaAbandoned}
	ticksField       = field[ticks]{metaTicks}
	linkField        = field[BranchLink]{metaLink}
	environmentField = field[environmentMeta]{metaEnvironment}
	assistantField   = field[AssistantUsage]{metaAssistant}
	savedField       = field[savedIssue]{metaSaved}
	offlineField     = field[bool]{metaOffline}
)

// metaReader is a workflow state, by value or by pointer.
type metaReader interface {
	Meta(key string, v any) (bool, error)
}

// read decodes the concern into v; ok is false when the state has none.
// A value that does not decode is STATE_CORRUPTED.
func (f field[T]) read(st metaReader, v *T) (ok bool, err error) {
	ok, err = st.Meta(f.key, v)
	if err != nil {
		return ok, errcode.Wrap(errcode.StateCorrupted, err, "the workflow's "+f.key+" data cannot be read", fixCorrupted)
	}
	return ok, nil
}

// load is read for a state checkMeta has passed, as every state mentoring
// loads has, so that decoding cannot fail.
func (f field[T]) load(st metaReader, v *T) bool {
	ok, _ := f.read(st, v)
	return ok
}

// write stores v as the concern.
func (f field[T]) write(st *workflow.State, v T) error { return st.SetMeta(f.key, v) }

// check reports whether the concern of st decodes into values a run of
// oss-dev can have written.
func (f field[T]) check(st workflow.State) error {
	var v T
	if _, err := st.Meta(f.key, &v); err != nil {
		return corrupted(st, f.key, err)
	}
	if c, ok := any(v).(valuesChecker); ok {
		if err := c.checkValues(); err != nil {
			return corrupted(st, f.key, err)
		}
	}
	return nil
}

// valuesChecker is a concern with numbers that decode but that no run
// writes: a negative count, a cost that is no amount of money.
type valuesChecker interface{ checkValues() error }

func (t Tokens) checkValues() error {
	return noneNegative(count{"calls", t.Calls}, count{"input", t.Input}, count{"output", t.Output}, count{"total", t.Total})
}

func (a AssistantUsage) checkValues() error {
	if math.IsNaN(a.Cost) || math.IsInf(a.Cost, 0) || a.Cost < 0 {
		return fmt.Errorf("cost %v is not an amount", a.Cost)
	}
	return noneNegative(count{"calls", a.Calls}, count{"input", a.Input}, count{"output", a.Output}, count{"total", a.Total})
}

func (p PullRequest) checkValues() error { return noneNegative(count{"number", p.Number}) }

func (v Validation) checkValues() error {
	for _, c := range v.Checklist {
		if err := noneNegative(count{"checklist item number", c.Number}); err != nil {
			return err
		}
	}
	return nil
}

// count is a named number that cannot be negative.
type count struct {
	name string
	n    int
}

// noneNegative reports the first negative count.
func noneNegative(counts ...count) error {
	for _, c := range counts {
		if c.n < 0 {
			return fmt.Errorf("%s %d is negative", c.name, c.n)
		}
	}
	return nil
}

// checkMeta decodes every concern of a loaded state, so that metadata that
// does not decode stops the command as STATE_CORRUPTED when the workflow is
// loaded, rather than being dropped where it is read.
func checkMeta(st workflow.State) error {
	for _, check := range []func(workflow.State) error{
		repoField.check, issueField.check, planField.check, branchField.check, verifyField.check,
		validateField.check, prField.check, tokensField.check, abandonedField.check, ticksField.check,
		linkField.check, environmentField.check, assistantField.check, savedField.check, offlineField.check,
	} {
		if err := check(st); err != nil {
			return err
		}
	}
	_, err := warningsOf(st)
	return err
}

const fixCorrupted = "the workflow file was changed by something other than oss-dev: abandon the workflow ('oss-dev mentor abandon ID') and start it again"
