package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// Exit statuses of the process.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

// IsUsageError reports whether err is the user's misuse of the command line:
// ours, or one of cobra's own parse errors.
func IsUsageError(err error) bool {
	var fe *FlagError
	if errors.As(err, &fe) {
		return true
	}
	msg := err.Error()
	for _, p := range []string{"unknown command ", "unknown flag", "unknown shorthand flag", "invalid argument ", "accepts ", "requires at least ", "flag needs an argument", "required flag", "if any flags in the group"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// ErrorReport is the JSON form of a failure, printed on stderr with --json.
type ErrorReport struct {
	Code    errcode.Code `json:"code"`
	Message string       `json:"message"`
	Fix     string       `json:"fix,omitempty"`
	Causes  []string     `json:"causes,omitempty"`
}

// Report builds the user-facing description of err.
func Report(err error) ErrorReport {
	if errors.Is(err, context.Canceled) {
		return ErrorReport{Code: errcode.Canceled, Message: "interrupted", Fix: "nothing was left half-written; run the command again to continue"}
	}
	var e *errcode.Error
	if errors.As(err, &e) {
		r := ErrorReport{Code: e.Code, Message: e.Error(), Fix: e.Fix}
		if e.Cause != nil {
			r.Causes = errcode.Chain(e.Cause)
		}
		return r
	}
	var coded interface {
		Code() string
		Hint() string
	}
	if errors.As(err, &coded) {
		return ErrorReport{Code: errcode.Code(coded.Code()), Message: err.Error(), Fix: coded.Hint()}
	}
	if IsUsageError(err) {
		return ErrorReport{Code: errcode.Usage, Message: err.Error(), Fix: "run the command with --help to see its usage"}
	}
	return ErrorReport{Code: errcode.Unknown, Message: err.Error(), Causes: errcode.Chain(errors.Unwrap(err))}
}

// PrintError writes err for the user on stderr and returns the exit status.
// The cause chain is shown only with debug; a stack trace never is.
func PrintError(ios *iostreams.IOStreams, err error, out *Output) int {
	var es *ExitStatus
	if errors.As(err, &es) {
		return es.Status
	}
	r := Report(err)
	status := ExitError
	if r.Code == errcode.Usage {
		status = ExitUsage
	}
	if out.WantsJSON() {
		plain := &Output{JSON: true}
		_ = plain.Export(ios.ErrOut, map[string]ErrorReport{"error": r})
		return status
	}
	red := func(s string) string { return s }
	if ios.IsStderrTTY() {
		red = ios.ColorScheme().Red
	}
	fmt.Fprintf(ios.ErrOut, "%s %s\n", red("error ["+string(r.Code)+"]"), r.Message)
	if r.Fix != "" {
		fmt.Fprintf(ios.ErrOut, "  fix: %s\n", r.Fix)
	}
	if out != nil && out.Debug {
		for _, c := range r.Causes {
			fmt.Fprintf(ios.ErrOut, "  cause: %s\n", c)
		}
	} else if len(r.Causes) > 0 {
		fmt.Fprintln(ios.ErrOut, "  (run with --debug for the cause)")
	}
	return status
}
