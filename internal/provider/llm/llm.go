// Package llm holds what the language-model providers share: the token
// estimate, context-window lookup and the mapping of transport failures to
// error codes. Each vendor lives in its own sub-package.
package llm

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// DefaultContextWindow is assumed for a model no table knows and no config
// names: small enough that prompts sized to it fit nearly every model that
// can follow tool instructions.
const DefaultContextWindow = 8192

// Window is one row of a context-window table: models whose name starts
// with Prefix accept Tokens tokens of context.
type Window struct {
	Prefix string
	Tokens int
}

// ContextWindow returns configured when it is set, else the window of the
// longest prefix of table that model starts with, else DefaultContextWindow.
func ContextWindow(configured int, table []Window, model string) int {
	if configured > 0 {
		return configured
	}
	name := strings.ToLower(model)
	// Ollama names carry a tag ("llama3.1:8b"); vendors prefix with a path
	// ("models/gemini-2.5-flash"). Neither changes the window.
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	best, tokens := -1, DefaultContextWindow
	for _, w := range table {
		if strings.HasPrefix(name, w.Prefix) && len(w.Prefix) > best {
			best, tokens = len(w.Prefix), w.Tokens
		}
	}
	return tokens
}

// Endpoint describes the server a provider talks to, for error messages.
type Endpoint struct {
	// Vendor names the server kind for people: "OpenAI", "Ollama", "Gemini".
	Vendor string
	// BaseURL is the address the provider was configured with.
	BaseURL string
	// UnavailableFix is the fix offered when nothing answers at BaseURL.
	UnavailableFix string
}

// TransportError maps a failure below the HTTP status level (cancellation,
// timeouts, refused or dropped connections, DNS) to an *errcode.Error. It
// returns nil when err is none of those, so the caller can map API errors.
// caller is the context the user passed; a deadline of our own (the
// configured timeout) that expired while caller is still live is a timeout.
func TransportError(caller context.Context, err error, ep Endpoint) error {
	if cerr := caller.Err(); cerr != nil {
		if errors.Is(cerr, context.DeadlineExceeded) {
			return errcode.Wrap(errcode.ProviderTimeout, cerr,
				"the "+ep.Vendor+" call ran past its deadline",
				"allow more time, or try a smaller request")
		}
		return errcode.Wrap(errcode.Canceled, cerr, "the "+ep.Vendor+" call was cancelled", "")
	}
	var nerr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &nerr) && nerr.Timeout():
		return errcode.Wrap(errcode.ProviderTimeout, err,
			ep.Vendor+" at "+ep.BaseURL+" did not answer in time",
			"raise model.timeout in the config, or check that the server is not overloaded")
	case errors.Is(err, syscall.ECONNREFUSED):
		return errcode.Wrap(errcode.ProviderUnavailable, err,
			"nothing is listening at "+ep.BaseURL+" ("+ep.Vendor+")", ep.UnavailableFix)
	case isDNS(err):
		return errcode.Wrap(errcode.ProviderUnavailable, err,
			"cannot resolve the host of "+ep.BaseURL, "check model.base_url and your network")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF):
		return errcode.Wrap(errcode.ProviderUnavailable, err,
			"the connection to "+ep.Vendor+" dropped before the answer was complete",
			"try again; if it keeps happening, check the server's logs")
	case errors.Is(err, context.Canceled):
		return errcode.Wrap(errcode.Canceled, err, "the "+ep.Vendor+" call was cancelled", "")
	}
	return nil
}

func isDNS(err error) bool {
	var d *net.DNSError
	return errors.As(err, &d)
}
