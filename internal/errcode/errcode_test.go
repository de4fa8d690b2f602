package errcode

import (
	"errors"
	"fmt"
	"testing"
)

func TestCodesThroughWrapping(t *testing.T) {
	base := errors.New("dial tcp: refused")
	e := Wrap(ProviderUnavailable, base, "GitHub could not be reached", "check the network")
	wrapped := fmt.Errorf("fetching issue: %w", e)
	joined := errors.Join(errors.New("other"), wrapped)

	for _, err := range []error{e, wrapped, joined} {
		if !HasCode(err, ProviderUnavailable) {
			t.Errorf("HasCode(%v) = false", err)
		}
		if HasCode(err, NotFound) {
			t.Errorf("HasCode(%v, NOT_FOUND) = true", err)
		}
		if !errors.Is(err, base) {
			t.Errorf("the cause is lost from %v", err)
		}
	}
	if CodeOf(wrapped) != ProviderUnavailable || CodeOf(base) != Unknown {
		t.Errorf("CodeOf: %s, %s", CodeOf(wrapped), CodeOf(base))
	}
	var got *Error
	if !errors.As(wrapped, &got) || got.Fix != "check the network" {
		t.Errorf("errors.As: %+v", got)
	}
}

func TestMessages(t *testing.T) {
	if e := Newf(NotFound, "check it", "no issue %d in %s", 9, "o/r"); e.Error() != "no issue 9 in o/r" || e.Fix != "check it" {
		t.Errorf("Newf: %q %q", e.Error(), e.Fix)
	}
	if e := Wrap(Unknown, errors.New("inner"), "", ""); e.Error() != "inner" {
		t.Errorf("an empty message shows the cause: %q", e.Error())
	}
	chain := Chain(fmt.Errorf("outer: %w", Wrap(GitFailed, errors.New("exit 128"), "git push failed", "")))
	if len(chain) != 3 || chain[2] != "exit 128" {
		t.Errorf("Chain = %q", chain)
	}
}
