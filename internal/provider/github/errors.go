package github

import (
	"net/http"

	gh "github.com/google/go-github/v93/github"

	"github.com/oss-dev/oss-dev/internal/provider/transport"
)

// classify turns what go-github returned for one call into an error for
// users; what names the object asked for ("issue cli/cli#5"). The mapping
// of statuses, rate limits, timeouts and unreadable bodies to error codes
// is the transport's, so that errors read the same whichever layer saw
// them first; an *errcode.Error from the transport is kept as it is.
func classify(resp *gh.Response, err error, what string) error {
	if err == nil {
		return nil
	}
	var hr *http.Response
	if resp != nil {
		hr = resp.Response
	}
	return transport.Classify(hr, err, what)
}
