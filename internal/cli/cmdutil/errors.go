package cmdutil

import (
	"fmt"

	"github.com/spf13/cobra"
)

// FlagError is a usage error: a bad flag, a wrong number of arguments, an
// unknown subcommand. The process exits with status 2 for it.
type FlagError struct{ Err error }

func (e *FlagError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *FlagError) Unwrap() error { return e.Err }

// UsageErrorf returns a FlagError with a formatted message.
func UsageErrorf(format string, args ...any) error {
	return &FlagError{Err: fmt.Errorf(format, args...)}
}

// ExactArgs is cobra.ExactArgs with a usage error that names what is missing.
func ExactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == n {
			return nil
		}
		if len(args) < n {
			return UsageErrorf("%s: missing %s", cmd.CommandPath(), what)
		}
		return UsageErrorf("%s: expected %d argument(s), got %d: %q", cmd.CommandPath(), n, len(args), args)
	}
}

// MaximumArgs accepts at most n arguments.
func MaximumArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) <= n {
			return nil
		}
		return UsageErrorf("%s: expected at most %d argument(s), got %d: %q", cmd.CommandPath(), n, len(args), args)
	}
}

// NoArgs accepts none.
func NoArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return UsageErrorf("%s: takes no arguments, got %q", cmd.CommandPath(), args)
}

// GroupRunE makes a command group reject an unknown subcommand as a usage
// error instead of printing help and exiting 0.
func GroupRunE(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		// cobra applies its default of 2 only on its own path, not in
		// SuggestionsFor: without it a typo gets no suggestion at all.
		cmd.SuggestionsMinimumDistance = 2
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf("; did you mean %q?", s[0])
	}
	// The fix line printed with every usage error already says to run
	// --help; a second line saying the same was noise.
	return UsageErrorf("%s", msg)
}

// ExitStatus is the exit status of a program the command ran with the
// terminal passed through (a plugin's command): the process exits with it
// and prints nothing more, since the program spoke for itself.
type ExitStatus struct{ Status int }

func (e *ExitStatus) Error() string { return fmt.Sprintf("exit status %d", e.Status) }
