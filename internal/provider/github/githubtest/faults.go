package githubtest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Fault is a failure injected into the answers of one operation.
type Fault struct {
	// Times is how many requests the fault affects; 0 means all of them.
	Times int
	// Status, Header and Body replace the answer when Status is set.
	Status int
	Header http.Header
	Body   any
	// Delay holds the answer back (until the client gives up, if longer).
	Delay time.Duration
	// Truncate sends half the body with the whole body's Content-Length.
	Truncate bool
	// Malformed replaces the body with JSON cut off mid-object.
	Malformed bool

	echo bool // set by EchoCredential
}

type faultRule struct {
	op   string
	f    Fault
	used int
}

// Inject adds a fault to operationID ("issues/get", "graphql"), or to every
// request when operationID is "". Faults apply in the order injected.
func (s *Server) Inject(operationID string, f Fault) {
	if operationID != "" && operationID != "graphql" {
		if _, ok := s.spec.Operations[operationID]; !ok {
			s.t.Fatalf("githubtest: Inject: no operation %q in the REST description", operationID)
		}
	}
	s.mu.Lock()
	s.faults = append(s.faults, &faultRule{op: operationID, f: f})
	s.mu.Unlock()
}

// ServerError answers 502 Bad Gateway, as GitHub's front end does, times times.
func ServerError(times int) Fault {
	return Fault{Times: times, Status: http.StatusBadGateway, Body: map[string]any{"message": "Server Error"}}
}

// PrimaryRateLimit answers status (403 or 429) with x-ratelimit-remaining 0
// and the reset time, as GitHub does when the hourly budget is spent.
func PrimaryRateLimit(status int, reset time.Time) Fault {
	h := http.Header{}
	h.Set("X-RateLimit-Limit", "5000")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Used", "5000")
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	return Fault{Status: status, Header: h, Body: map[string]any{
		"message":           "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.",
		"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
	}}
}

// SecondaryRateLimit answers status (403 or 429) with retry-after seconds,
// times times, as GitHub does for secondary limits.
func SecondaryRateLimit(status, retryAfter, times int) Fault {
	h := http.Header{}
	h.Set("Retry-After", strconv.Itoa(retryAfter))
	return Fault{Times: times, Status: status, Header: h, Body: map[string]any{
		"message":           "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
		"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
	}}
}

// EchoCredential answers status with an error that quotes the request's
// credential back (as it is, base64-encoded and URL-encoded), as a careless
// or hostile server might. On "graphql" the quote is in GraphQL's errors
// list; give status 200 there, as GitHub does.
func EchoCredential(status int) Fault { return Fault{Status: status, echo: true} }

// echoBody quotes r's credential in the error shape of its API.
func echoBody(r *Request) any {
	c := r.credential
	msg := fmt.Sprintf("Bad credentials %s (base64 %s, url %s)", c,
		base64.StdEncoding.EncodeToString([]byte("x:"+c)), url.QueryEscape(c))
	if r.Operation == "graphql" {
		return map[string]any{"data": nil, "errors": []any{map[string]any{"type": "FORBIDDEN", "message": msg}}}
	}
	return ErrorBody(msg)
}

// Slow holds every answer back by d.
func Slow(d time.Duration) Fault { return Fault{Delay: d} }

// Truncated cuts every body short.
func Truncated() Fault { return Fault{Truncate: true} }

// Malformed sends broken JSON.
func Malformed() Fault { return Fault{Malformed: true} }

// withFaults answers r through fn, altered by the first active fault of
// its operation.
func (s *Server) withFaults(r *Request, fn Responder) Response {
	f, ok := s.takeFault(r.Operation)
	if !ok {
		return fn(r)
	}
	if f.Delay > 0 {
		select {
		case <-time.After(f.Delay):
		case <-r.ctx.Done():
			// The client gave up; nobody reads this answer.
			return Response{Status: http.StatusGatewayTimeout}
		}
	}
	var resp Response
	if f.Status != 0 {
		resp = Response{Status: f.Status, Body: f.Body, Header: f.Header.Clone()}
		if f.echo {
			resp.Body = echoBody(r)
		}
	} else {
		resp = fn(r)
	}
	if f.Malformed {
		resp.Body = []byte(`{"id": 1, "number": 1347, "title": "Found a bug", "user": {"login": `)
	}
	resp.truncate = f.Truncate
	if f.Truncate {
		if _, isBytes := resp.Body.([]byte); !isBytes {
			raw, _ := json.Marshal(resp.Body)
			resp.Body = raw
		}
	}
	return resp
}

func (s *Server) takeFault(op string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, fr := range s.faults {
		if fr.op != "" && fr.op != op {
			continue
		}
		if fr.f.Times > 0 && fr.used >= fr.f.Times {
			continue
		}
		fr.used++
		return fr.f, true
	}
	return Fault{}, false
}
