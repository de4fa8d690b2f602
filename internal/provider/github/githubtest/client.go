package githubtest

import (
	"net/http"
	"time"
)

// Token is the credential AuthorizedClient sends; tests check that it never
// shows up in errors or output.
const Token = "test-token-123"

// AuthorizedClient is an HTTP client that sends Token in an Authorization
// header, as the real transport does when a token is configured (GraphQL
// answers only then).
func AuthorizedClient() *http.Client {
	return &http.Client{Timeout: 5 * time.Second, Transport: authorize{}}
}

type authorize struct{}

func (authorize) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "token "+Token)
	return http.DefaultTransport.RoundTrip(r)
}
