// Package githubtest is a fake GitHub for tests: an httptest server that
// routes requests by the path templates of GitHub's own REST description
// (../shared/data/github-rest-subset.json), answers with GitHub's examples
// and headers by default, and lets a test seed data, override operations,
// inject faults, replay recorded octokit exchanges and answer GraphQL
// queries validated against GitHub's schema. Every request is recorded and
// checked against the description; a request the description does not
// allow fails the test.
package githubtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// Server is the fake GitHub. Its URL (the REST base, with a trailing slash
// in APIURL) is what a client under test is pointed at.
type Server struct {
	*httptest.Server
	t    testing.TB
	spec *Spec

	mu        sync.Mutex
	strict    bool
	byOp      map[string]Responder
	routes    []route
	faults    []*faultRule
	requests  []Request
	remaining map[string]int
	reset     time.Time
	data      seedData
	graphql   []graphqlRule
	replay    []*exchange
}

// Request is one recorded request. Authorization is removed from Header.
type Request struct {
	Method    string
	Path      string
	Query     url.Values
	Header    http.Header
	Body      []byte
	Operation string            // the operationId, or "" for GraphQL and custom routes
	Params    map[string]string // path parameters by name
	// Authenticated is true when the request carried an Authorization header.
	Authenticated bool

	credential string          // the Authorization header's credential, for EchoCredential
	urlPath    string          // the path as sent, /api/v3 prefix included
	ctx        context.Context // ends when the client goes away
}

// Response is what a Responder answers. Body is encoded as JSON unless it
// is a []byte or string, which are sent as they are.
type Response struct {
	Status int
	Body   any
	Header http.Header

	truncate bool // set by the Truncated fault
}

// Responder answers one request.
type Responder func(r *Request) Response

type route struct {
	method string
	segs   []pathSeg
	fn     Responder
}

// NewServer starts a fake GitHub that stops when the test ends. It reads
// the REST description through sharedtest, so the test skips (or fails
// under CI=true) when the shared data is absent.
func NewServer(t testing.TB) *Server {
	t.Helper()
	spec, err := LoadSpec(sharedtest.DataFile(t, "github-rest-subset.json"))
	if err != nil {
		t.Fatalf("githubtest: %v", err)
	}
	s := &Server{
		t:         t,
		spec:      spec,
		strict:    true,
		byOp:      map[string]Responder{},
		remaining: map[string]int{},
		reset:     time.Now().Add(time.Hour).Truncate(time.Second),
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// APIURL is the REST base URL with the trailing slash go-github wants.
func (s *Server) APIURL() string { return s.URL + "/" }

// GraphQLURL is the GraphQL endpoint.
func (s *Server) GraphQLURL() string { return s.URL + "/graphql" }

// Spec returns the REST description the server routes by.
func (s *Server) Spec() *Spec { return s.spec }

// Lenient stops the server from failing the test on requests that the
// description does not allow (they are still answered 404 or 405).
func (s *Server) Lenient() {
	s.mu.Lock()
	s.strict = false
	s.mu.Unlock()
}

// Handle overrides an operation (by operationId, e.g. "issues/get").
func (s *Server) Handle(operationID string, fn Responder) {
	if _, ok := s.spec.Operations[operationID]; !ok {
		s.t.Fatalf("githubtest: Handle: no operation %q in the REST description", operationID)
	}
	s.mu.Lock()
	s.byOp[operationID] = fn
	s.mu.Unlock()
}

// HandleRoute answers method and path (a template such as
// "/repos/{owner}/{repo}/hooks" or a literal path), for endpoints outside
// the description or to override one by its path. Routes are not validated.
func (s *Server) HandleRoute(method, path string, fn Responder) {
	s.mu.Lock()
	s.routes = append(s.routes, route{method: strings.ToUpper(method), segs: compileTemplate(path, nil), fn: fn})
	s.mu.Unlock()
}

// Reply is a Responder that always answers status with body and the given
// header pairs ("name", "value", ...).
func Reply(status int, body any, headerPairs ...string) Responder {
	h := http.Header{}
	for i := 0; i+1 < len(headerPairs); i += 2 {
		h.Add(headerPairs[i], headerPairs[i+1])
	}
	return func(*Request) Response { return Response{Status: status, Body: body, Header: h} }
}

// ErrorBody is GitHub's basic-error shape.
func ErrorBody(message string) map[string]any {
	return map[string]any{"message": message, "documentation_url": "https://docs.github.com/rest", "status": ""}
}

// Requests returns a copy of every request recorded so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// RequestsFor returns the recorded requests of one operation.
func (s *Server) RequestsFor(operationID string) []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Operation == operationID {
			out = append(out, r)
		}
	}
	return out
}

func (s *Server) serve(w http.ResponseWriter, hr *http.Request) {
	body, _ := io.ReadAll(hr.Body)
	path := hr.URL.Path
	// Enterprise servers serve REST under /api/v3 and GraphQL at /api/graphql.
	if p, ok := strings.CutPrefix(path, "/api/v3"); ok {
		path = p
	}
	req := Request{
		Method:        hr.Method,
		Path:          path,
		Query:         hr.URL.Query(),
		Header:        hr.Header.Clone(),
		Body:          body,
		Authenticated: hr.Header.Get("Authorization") != "",
		credential:    credentialOf(hr.Header.Get("Authorization")),
		urlPath:       hr.URL.Path,
		ctx:           hr.Context(),
	}
	req.Header.Del("Authorization")

	if hr.Method == http.MethodPost && (path == "/graphql" || path == "/api/graphql") {
		s.record(req)
		s.write(w, hr, &req, "graphql", s.answerGraphQL(&req))
		return
	}
	if resp, ok := s.answerReplay(&req); ok {
		s.record(req)
		s.write(w, hr, &req, "core", resp)
		return
	}
	if fn, params, ok := s.customRoute(req.Method, path); ok {
		req.Params = params
		s.record(req)
		s.write(w, hr, &req, resourceOf(path), s.withFaults(&req, fn))
		return
	}
	op, params, methodOK := s.spec.Route(req.Method, path)
	switch {
	case op == nil:
		s.record(req)
		s.reject(fmt.Sprintf("%s %s matches no operation of the REST description", req.Method, hr.URL.RequestURI()))
		s.write(w, hr, &req, "core", Response{Status: http.StatusNotFound, Body: ErrorBody("Not Found")})
		return
	case !methodOK:
		s.record(req)
		s.reject(fmt.Sprintf("%s %s: the description has %s %s, not %s", req.Method, hr.URL.RequestURI(), op.Method, op.Path, req.Method))
		s.write(w, hr, &req, "core", Response{Status: http.StatusMethodNotAllowed, Body: ErrorBody("Method Not Allowed")})
		return
	}
	req.Operation, req.Params = op.ID, params
	s.record(req)
	for _, problem := range s.validate(op, &req) {
		s.reject(problem)
	}
	s.write(w, hr, &req, resourceOf(path), s.withFaults(&req, s.operationResponder(op)))
}

// credentialOf is the secret of an Authorization header: the word after the
// scheme ("token", "Bearer"), or the whole value.
func credentialOf(h string) string {
	if _, after, ok := strings.Cut(strings.TrimSpace(h), " "); ok {
		return strings.TrimSpace(after)
	}
	return h
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r)
	s.mu.Unlock()
}

func (s *Server) reject(problem string) {
	s.mu.Lock()
	strict := s.strict
	s.mu.Unlock()
	if strict {
		s.t.Errorf("githubtest: %s", problem)
	} else {
		s.t.Logf("githubtest: %s", problem)
	}
}

func (s *Server) customRoute(method, path string) (Responder, map[string]string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	parts := strings.Split(strings.Trim(path, "/"), "/")
	for i := len(s.routes) - 1; i >= 0; i-- { // the latest registration wins
		r := s.routes[i]
		params := map[string]string{}
		if r.method == method && matchSegs(r.segs, parts, params) {
			return r.fn, params, true
		}
	}
	return nil, nil, false
}

// operationResponder picks the override, the seeded data or GitHub's
// example for op.
func (s *Server) operationResponder(op *Operation) Responder {
	s.mu.Lock()
	fn, ok := s.byOp[op.ID]
	s.mu.Unlock()
	if ok {
		return fn
	}
	if fn := s.seededResponder(op.ID); fn != nil {
		return fn
	}
	return func(r *Request) Response {
		status, body, err := s.spec.Example(op)
		if err != nil {
			s.t.Errorf("githubtest: %v", err)
			return Response{Status: http.StatusInternalServerError, Body: ErrorBody(err.Error())}
		}
		if body == nil {
			return Response{Status: status}
		}
		return s.page(r, status, body)
	}
}

// validate checks a request against its operation: query parameters must
// be the operation's, with allowed enum values and integer syntax, and a
// JSON body must name only properties of the request schema.
func (s *Server) validate(op *Operation, r *Request) []string {
	var problems []string
	known := map[string]Param{}
	for _, p := range op.Params {
		if p.In == "query" {
			known[p.Name] = p
		}
	}
	for name, vals := range r.Query {
		p, ok := known[name]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s %s: query parameter %q is not a parameter of %s", r.Method, r.Path, name, op.ID))
			continue
		}
		for _, v := range vals {
			if len(p.Schema.Enum) > 0 && !slices.Contains(p.Schema.Enum, v) {
				problems = append(problems, fmt.Sprintf("%s: %s=%q is not one of %v", op.ID, name, v, p.Schema.Enum))
			}
			if p.Schema.Type == "integer" {
				if _, err := strconv.Atoi(v); err != nil {
					problems = append(problems, fmt.Sprintf("%s: %s=%q is not an integer", op.ID, name, v))
				}
			}
		}
	}
	for _, p := range op.Params {
		if p.In == "query" && p.Required && r.Query.Get(p.Name) == "" {
			problems = append(problems, fmt.Sprintf("%s: required query parameter %q is missing", op.ID, p.Name))
		}
		if p.In == "path" && p.Schema.Type == "integer" {
			if _, err := strconv.Atoi(r.Params[p.Name]); err != nil {
				problems = append(problems, fmt.Sprintf("%s: path parameter %s=%q is not an integer", op.ID, p.Name, r.Params[p.Name]))
			}
		}
	}
	return append(problems, s.validateBody(op, r)...)
}

func (s *Server) validateBody(op *Operation, r *Request) []string {
	props, required, ok := s.spec.RequestBodySchema(op)
	if !ok || len(bytes.TrimSpace(r.Body)) == 0 {
		if ok && len(required) > 0 {
			return []string{fmt.Sprintf("%s: the request has no body but %v are required", op.ID, required)}
		}
		return nil
	}
	var body map[string]any
	if err := json.Unmarshal(r.Body, &body); err != nil {
		return []string{fmt.Sprintf("%s: the request body is not a JSON object: %v", op.ID, err)}
	}
	var problems []string
	for k := range body {
		if !props[k] {
			problems = append(problems, fmt.Sprintf("%s: body property %q is not in the request schema", op.ID, k))
		}
	}
	for _, k := range required {
		if _, ok := body[k]; !ok {
			problems = append(problems, fmt.Sprintf("%s: required body property %q is missing", op.ID, k))
		}
	}
	return problems
}

func resourceOf(path string) string {
	if strings.HasPrefix(path, "/search/") {
		return "search"
	}
	return "core"
}

// write sends resp with GitHub's headers: content type, ETag (answering
// 304 when If-None-Match matches it), rate-limit headers and a request id.
func (s *Server) write(w http.ResponseWriter, hr *http.Request, r *Request, resource string, resp Response) {
	if resp.Status == 0 {
		resp.Status = http.StatusOK
	}
	var payload []byte
	switch b := resp.Body.(type) {
	case nil:
	case []byte:
		payload = b
	case string:
		payload = []byte(b)
	case json.RawMessage:
		payload = b
	default:
		var err error
		if payload, err = json.Marshal(b); err != nil {
			s.t.Errorf("githubtest: encoding the answer to %s %s: %v", r.Method, r.Path, err)
			resp.Status, payload = http.StatusInternalServerError, nil
		}
	}
	h := w.Header()
	for k, vs := range resp.Header {
		for _, v := range vs {
			h.Add(k, strings.ReplaceAll(v, "https://api.github.com", s.URL))
		}
	}
	setDefault(h, "Content-Type", "application/json; charset=utf-8")
	setDefault(h, "X-GitHub-Media-Type", "github.v3; format=json")
	setDefault(h, "X-GitHub-Request-Id", fmt.Sprintf("FAKE:%d", len(s.Requests())))
	etag := ""
	if resp.Status == http.StatusOK && hr.Method == http.MethodGet && payload != nil {
		sum := sha256.Sum256(payload)
		etag = `"` + hex.EncodeToString(sum[:20]) + `"`
		setDefault(h, "ETag", etag)
		setDefault(h, "Cache-Control", "private, max-age=60, s-maxage=60")
		setDefault(h, "Vary", "Accept, Authorization, Cookie, X-GitHub-OTP")
	}
	notModified := etag != "" && etagMatches(hr.Header.Get("If-None-Match"), h.Get("ETag"))
	s.rateHeaders(h, resource, !notModified)
	if notModified {
		h.Del("Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if resp.truncate {
		// Promise the whole body, send half: the client reads an unexpected EOF.
		h.Set("Content-Length", strconv.Itoa(len(payload)))
		w.WriteHeader(resp.Status)
		_, _ = w.Write(payload[:len(payload)/2])
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
			}
		}
		return
	}
	w.WriteHeader(resp.Status)
	_, _ = w.Write(payload)
}

func setDefault(h http.Header, k, v string) {
	if h.Get(k) == "" {
		h.Set(k, v)
	}
}

func etagMatches(ifNoneMatch, etag string) bool {
	if ifNoneMatch == "" || etag == "" {
		return false
	}
	norm := func(s string) string { return strings.TrimPrefix(strings.TrimSpace(s), "W/") }
	for _, cand := range strings.Split(ifNoneMatch, ",") {
		if c := norm(cand); c == "*" || c == norm(etag) {
			return true
		}
	}
	return false
}

// rateHeaders sets x-ratelimit-* unless the answer already carries them. A
// 304 costs nothing, as on GitHub.
func (s *Server) rateHeaders(h http.Header, resource string, costs bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	limit := 5000
	if resource == "search" {
		limit = 30
	}
	rem, ok := s.remaining[resource]
	if !ok {
		rem = limit
	}
	if costs && rem > 0 {
		rem--
	}
	s.remaining[resource] = rem
	setDefault(h, "X-RateLimit-Limit", strconv.Itoa(limit))
	setDefault(h, "X-RateLimit-Remaining", strconv.Itoa(rem))
	setDefault(h, "X-RateLimit-Used", strconv.Itoa(limit-rem))
	setDefault(h, "X-RateLimit-Reset", strconv.FormatInt(s.reset.Unix(), 10))
	setDefault(h, "X-RateLimit-Resource", resource)
}

// page cuts a JSON array, or a search result's items, to the page the
// request asks for (per_page, default 30, at most 100; page, default 1) and
// adds GitHub's Link header naming the first, previous, next and last pages.
func (s *Server) page(r *Request, status int, payload []byte) Response {
	perPage, page := 30, 1
	if v, err := strconv.Atoi(r.Query.Get("per_page")); err == nil && v > 0 {
		perPage = min(v, 100)
	}
	if v, err := strconv.Atoi(r.Query.Get("page")); err == nil && v > 0 {
		page = v
	}
	var items []json.RawMessage
	var search map[string]json.RawMessage
	if json.Unmarshal(payload, &items) != nil {
		if json.Unmarshal(payload, &search) != nil || search["items"] == nil || json.Unmarshal(search["items"], &items) != nil {
			return Response{Status: status, Body: json.RawMessage(payload)}
		}
	}
	last := max(1, (len(items)+perPage-1)/perPage)
	lo, hi := min((page-1)*perPage, len(items)), min(page*perPage, len(items))
	pageItems := items[lo:hi]
	if pageItems == nil {
		pageItems = []json.RawMessage{}
	}
	var body any = pageItems
	if search != nil {
		raw, _ := json.Marshal(pageItems)
		search["items"] = raw
		body = search
	}
	h := http.Header{}
	if last > 1 {
		h.Set("Link", s.linkHeader(r, page, last))
	}
	return Response{Status: status, Body: body, Header: h}
}

func (s *Server) linkHeader(r *Request, page, last int) string {
	at := func(n int) string {
		q := url.Values{}
		for k, v := range r.Query {
			q[k] = v
		}
		q.Set("page", strconv.Itoa(n))
		return s.URL + r.urlPath + "?" + q.Encode()
	}
	var links []string
	if page > 1 {
		links = append(links, fmt.Sprintf(`<%s>; rel="prev"`, at(page-1)))
	}
	if page < last {
		links = append(links, fmt.Sprintf(`<%s>; rel="next"`, at(page+1)))
	}
	links = append(links, fmt.Sprintf(`<%s>; rel="last"`, at(last)))
	if page > 1 {
		links = append(links, fmt.Sprintf(`<%s>; rel="first"`, at(1)))
	}
	return strings.Join(links, ", ")
}
