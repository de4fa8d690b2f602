package transport

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/oss-dev/oss-dev/internal/redact"
)

// Auth adds the token to requests for the API's origin and removes any
// Authorization header from requests elsewhere, so that following a redirect
// (to codeload.github.com, an object store, another host) never carries the
// token along.
type Auth struct {
	// Token is sent as "Bearer TOKEN"; empty sends nothing.
	Token string
	// APIURL's scheme and host are the only origin that receives Token.
	APIURL *url.URL
	// Next sends the request.
	Next http.RoundTripper
	// Redactor is attached to each answer for CheckResponse and Classify;
	// nil means one that knows Token only.
	Redactor *redact.Redactor
}

// RoundTrip implements http.RoundTripper. It does not modify req.
func (a *Auth) RoundTrip(req *http.Request) (*http.Response, error) {
	sameOrigin := a.APIURL != nil && sameOrigin(req.URL, a.APIURL)
	out := req
	switch {
	case sameOrigin && a.Token != "":
		out = req.Clone(req.Context())
		out.Header.Set("Authorization", "Bearer "+a.Token)
	case !sameOrigin && req.Header.Get("Authorization") != "":
		out = req.Clone(req.Context())
		out.Header.Del("Authorization")
	}
	resp, err := a.Next.RoundTrip(out)
	if resp != nil && out != req {
		// Hand back the caller's request, not our copy that holds the token,
		// so nothing that inspects resp.Request can print it; its context
		// carries a redactor for the token, which CheckResponse and
		// Classify apply to GitHub's messages.
		resp.Request = req
		if a.Token != "" {
			resp.Request = req.WithContext(context.WithValue(req.Context(), redactorKey{}, a.redactor()))
		}
	}
	return resp, err
}

type redactorKey struct{}

func (a *Auth) redactor() *redact.Redactor {
	if a.Redactor != nil {
		return a.Redactor
	}
	return redact.New(a.Token)
}

// redactorOf returns the redactor Auth attached to resp's request, or nil
// (which masks token-shaped text only).
func redactorOf(resp *http.Response) *redact.Redactor {
	if resp == nil || resp.Request == nil {
		return nil
	}
	r, _ := resp.Request.Context().Value(redactorKey{}).(*redact.Redactor)
	return r
}

// sameOrigin compares scheme and host (with port), ignoring case.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(hostPort(a), hostPort(b))
}

// hostPort returns host:port with the scheme's default port filled in, so
// that https://h and https://h:443 are the same origin.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		switch strings.ToLower(u.Scheme) {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}
