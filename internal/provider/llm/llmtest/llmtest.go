// Package llmtest runs fake language-model servers that speak OpenAI's chat
// completions wire format (as OpenAI, Ollama and the other compatible
// servers do, and in Gemini's variant of it), so tests of any package can
// drive the real client over HTTP without a network. Each server answers
// from a script of Replies and records every request it received.
package llmtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// ToolCall is a tool call the fake model makes. Arguments is JSON.
type ToolCall struct {
	ID        string
	Name      string
	Arguments string
}

// Usage is the token usage the fake server reports.
type Usage struct {
	Input, Output int
}

// Reply scripts one answer. The zero Reply answers "ok" with no tool calls.
type Reply struct {
	// Text is sent as one delta per element when streaming, joined otherwise.
	Text []string
	// ToolCalls are streamed in fragments (OpenAI) or whole (Gemini).
	ToolCalls []ToolCall
	// Usage is reported at the end; nil reports a count of the words sent.
	Usage *Usage
	// FinishReason overrides the vendor's usual one ("stop", "STOP", ...).
	FinishReason string
	// Tokens answers a countTokens request; zero counts the words sent.
	Tokens int

	// Status, when not 0 or 200, makes the server answer with the vendor's
	// error body and this status. ErrorMessage and ErrorCode fill the body.
	Status       int
	ErrorMessage string
	ErrorCode    string
	// Header is added to the response (Retry-After, for instance).
	Header http.Header

	// DisconnectAfter, when positive, drops the connection without a proper
	// end after that many stream events have been sent.
	DisconnectAfter int
	// Truncate ends the stream cleanly but early: after the text, with no
	// finish reason, usage or terminator.
	Truncate bool
	// StreamError, when set, is sent after the text as an error event
	// ({"error": {...}} in place of a chunk), as servers do when generation
	// fails mid-answer; the stream then ends.
	StreamError string
	// Whole answers with one JSON object even when the request asked for a
	// stream, as some servers do.
	Whole bool
	// HeaderDelay waits before sending anything; Delay waits before each
	// stream event. Both give up as soon as the client goes away.
	HeaderDelay time.Duration
	Delay       time.Duration
}

// Request is one request the server received.
type Request struct {
	Method string
	// Path is the URL path, Query the raw query string.
	Path   string
	Query  string
	Header http.Header
	Body   []byte
}

// Decode unmarshals the request body into v.
func (r Request) Decode(v any) error { return json.Unmarshal(r.Body, v) }

// server is what both fakes share: the script, the record and the
// httptest server.
type server struct {
	srv *httptest.Server

	mu       sync.Mutex
	replies  []Reply
	requests []Request
	// reused is set once the last reply has been served and is being
	// reused; a new Script then replaces it rather than queueing behind it.
	reused bool
}

func (s *server) start(t testing.TB, h http.Handler) {
	s.srv = httptest.NewServer(h)
	t.Cleanup(s.srv.Close)
}

// Script queues replies. Each request takes the next one; the last one is
// reused until more are scripted, which then replace it.
func (s *server) Script(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.reused {
		s.replies, s.reused = nil, false
	}
	s.replies = append(s.replies, replies...)
}

// Requests returns a copy of what the server received so far, oldest first.
func (s *server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// LastRequest returns the latest request; ok is false when none came.
func (s *server) LastRequest() (r Request, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.requests) == 0 {
		return Request{}, false
	}
	return s.requests[len(s.requests)-1], true
}

// record stores the request and returns the reply to give it.
func (s *server) record(r *http.Request, body []byte) Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, Request{
		Method: r.Method,
		Path:   r.URL.Path,
		Query:  r.URL.RawQuery,
		Header: r.Header.Clone(),
		Body:   body,
	})
	if len(s.replies) == 0 {
		return Reply{}
	}
	reply := s.replies[0]
	if len(s.replies) > 1 {
		s.replies = s.replies[1:]
	} else {
		s.reused = true
	}
	return reply
}

// text returns the reply's text, "ok" by default.
func (r Reply) text() []string {
	if len(r.Text) == 0 && len(r.ToolCalls) == 0 {
		return []string{"ok"}
	}
	return r.Text
}

// wait sleeps for d unless the client goes away first; it reports whether
// the client is still there.
func wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return r.Context().Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// sse writes server-sent events and applies the reply's delays and faults.
type sse struct {
	w     http.ResponseWriter
	r     *http.Request
	reply Reply
	sent  int
	// dropped is set once the connection was cut on purpose.
	dropped bool
}

// event sends one "data:" event; false means stop sending.
func (e *sse) event(data string) bool {
	if e.dropped || !wait(e.r, e.reply.Delay) {
		return false
	}
	if e.reply.DisconnectAfter > 0 && e.sent >= e.reply.DisconnectAfter {
		e.drop()
		return false
	}
	if _, err := e.w.Write([]byte("data: " + data + "\n\n")); err != nil {
		return false
	}
	e.sent++
	return http.NewResponseController(e.w).Flush() == nil
}

// drop takes the connection from net/http and closes it mid-body, so the
// client sees the stream break (no final chunk of the chunked encoding).
func (e *sse) drop() {
	e.dropped = true
	conn, _, err := http.NewResponseController(e.w).Hijack()
	if err == nil {
		conn.Close()
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func addHeaders(w http.ResponseWriter, h http.Header) {
	for k, vs := range h {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
}

func startSSE(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	_ = http.NewResponseController(w).Flush()
}

// words counts whitespace-separated words: the fakes' stand-in for a
// tokenizer, deterministic so tests can predict it.
func words(parts ...string) int {
	n := 0
	for _, p := range parts {
		in := false
		for _, r := range p {
			space := r == ' ' || r == '\n' || r == '\t' || r == '\r'
			if !space && !in {
				n++
			}
			in = !space
		}
	}
	return n
}
