// Package errcode defines the one error type that reaches users: a stable
// code, a message written for people, the underlying cause and a suggested fix.
package errcode

import (
	"errors"
	"fmt"
)

// Code is a stable identifier for a class of failure. Codes appear in output
// and in --json, so existing ones never change meaning.
type Code string

// The blueprint's codes, extended where the commands need more precision.
const (
	Unknown Code = "UNKNOWN"
	Usage   Code = "USAGE"

	ConfigNotFound Code = "CONFIG_NOT_FOUND"
	ConfigInvalid  Code = "CONFIG_INVALID"
	ConfigSecret   Code = "CONFIG_SECRET"
	ConfigWrite    Code = "CONFIG_WRITE_FAILED"

	WorkflowInvalidTransition Code = "WORKFLOW_INVALID_TRANSITION"
	WorkflowPhaseFailed       Code = "WORKFLOW_PHASE_FAILED"
	WorkflowNotFound          Code = "WORKFLOW_NOT_FOUND"
	WorkflowGuardFailed       Code = "WORKFLOW_GUARD_FAILED"

	ProviderNotFound    Code = "PROVIDER_NOT_FOUND"
	ProviderAuthFailed  Code = "PROVIDER_AUTH_FAILED"
	ProviderAuthMissing Code = "PROVIDER_AUTH_MISSING"
	ProviderRateLimited Code = "PROVIDER_RATE_LIMITED"
	ProviderUnavailable Code = "PROVIDER_UNAVAILABLE"
	ProviderTimeout     Code = "PROVIDER_TIMEOUT"
	ProviderBadResponse Code = "PROVIDER_BAD_RESPONSE"
	ProviderFailed      Code = "PROVIDER_FAILED"
	// LLMNotConfigured: a command needs a language model and none is configured.
	LLMNotConfigured Code = "LLM_NOT_CONFIGURED"
	NotFound         Code = "NOT_FOUND"
	InvalidReference Code = "INVALID_REFERENCE"
	InvalidInput     Code = "INVALID_INPUT"

	GitNotFound Code = "GIT_NOT_FOUND"
	GitFailed   Code = "GIT_FAILED"

	ApprovalRejected      Code = "APPROVAL_REJECTED"
	ApprovalNotConfigured Code = "APPROVAL_NOT_CONFIGURED"

	PluginLoadFailed Code = "PLUGIN_LOAD_FAILED"
	PluginNotFound   Code = "PLUGIN_NOT_FOUND"
	// PluginFailed is a plugin that crashed, broke the protocol or did not
	// answer in time while it worked; the plugin is stopped.
	PluginFailed Code = "PLUGIN_FAILED"

	StateCorrupted       Code = "STATE_CORRUPTED"
	StateVersionMismatch Code = "STATE_VERSION_MISMATCH"
	StateLocked          Code = "STATE_LOCKED"
	StateSchemaTooNew    Code = "STATE_SCHEMA_UNSUPPORTED"
	// StateUntrusted is a workflow file this user's oss-dev did not write
	// (committed, cloned, edited): it is never loaded.
	StateUntrusted Code = "STATE_UNTRUSTED"

	AnalysisFailed Code = "ANALYSIS_FAILED"
	ChecksFailed   Code = "CHECKS_FAILED"
	Canceled       Code = "CANCELED"
)

// Error is a failure explained for the user. Message says what went wrong,
// Fix what to do about it; Cause keeps the chain for --debug and errors.Is.
type Error struct {
	Code    Code
	Message string
	Fix     string
	Cause   error
}

// New returns an Error without an underlying cause.
func New(code Code, message, fix string) *Error {
	return &Error{Code: code, Message: message, Fix: fix}
}

// Newf is New with a formatted message.
func Newf(code Code, fix, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Fix: fix}
}

// Wrap returns an Error that keeps cause in its chain.
func Wrap(code Code, cause error, message, fix string) *Error {
	return &Error{Code: code, Message: message, Fix: fix, Cause: cause}
}

func (e *Error) Error() string {
	if e.Cause != nil && e.Message == "" {
		return e.Cause.Error()
	}
	return e.Message
}

// Unwrap exposes the cause to errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Cause }

// Is reports whether target is an *Error with the same code, so callers can
// write errors.Is(err, errcode.New(errcode.NotFound, "", "")) or use HasCode.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && t.Message == ""
}

// CodeOf returns the code of the first *Error in err's chain, or Unknown.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Unknown
}

// HasCode reports whether any *Error in err's chain carries code.
func HasCode(err error, code Code) bool {
	return errors.Is(err, &Error{Code: code})
}

// Chain lists the messages of err and each cause beneath it, outermost
// first, for --debug output.
func Chain(err error) []string {
	var out []string
	for err != nil {
		out = append(out, err.Error())
		err = errors.Unwrap(err)
	}
	return out
}
