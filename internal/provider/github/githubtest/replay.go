package githubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// exchange is one recorded request and answer of an octokit-fixtures
// scenario.
type exchange struct {
	Method   string          `json:"method"`
	Path     string          `json:"path"`
	Status   int             `json:"status"`
	Response json.RawMessage `json:"response"`
	Headers  map[string]any  `json:"headers"`
	used     bool
}

// Replay loads an octokit-fixtures scenario (for example "get-repository"
// or "errors") and answers its recorded exchanges: each request is matched
// to the first unused exchange with the same method and path (query
// included when the exchange has one), in recorded order, and gets the
// recorded status, headers and body. Requests no exchange matches fall
// through to the usual routing.
func (s *Server) Replay(scenario string) {
	path := sharedtest.DataFile(s.t, filepath.Join("octokit-fixtures", scenario+".json"))
	raw, err := os.ReadFile(path)
	if err != nil {
		s.t.Fatalf("githubtest: %v", err)
	}
	var exs []*exchange
	if err := json.Unmarshal(raw, &exs); err != nil {
		s.t.Fatalf("githubtest: scenario %s: %v", scenario, err)
	}
	s.mu.Lock()
	s.replay = append(s.replay, exs...)
	s.mu.Unlock()
}

// Unreplayed lists the exchanges of replayed scenarios that no request
// used, as "METHOD PATH"; a test that expects the whole scenario to run
// checks that it is empty.
func (s *Server) Unreplayed() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, e := range s.replay {
		if !e.used {
			out = append(out, strings.ToUpper(e.Method)+" "+e.Path)
		}
	}
	return out
}

func (s *Server) answerReplay(r *Request) (Response, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.replay {
		if e.used || !strings.EqualFold(e.Method, r.Method) || !sameRequestTarget(e.Path, r) {
			continue
		}
		e.used = true
		r.Operation = "replay"
		h := http.Header{}
		for k, v := range e.Headers {
			switch strings.ToLower(k) {
			case "content-length", "transfer-encoding", "connection", "date", "server":
				continue
			}
			h.Set(k, fmt.Sprint(v))
		}
		return Response{Status: e.Status, Body: replayBody(e.Response, h.Get("Content-Type")), Header: h}, true
	}
	return Response{}, false
}

func sameRequestTarget(recorded string, r *Request) bool {
	p, q, _ := strings.Cut(recorded, "?")
	if strings.TrimSuffix(p, "/") != strings.TrimSuffix(r.Path, "/") {
		return false
	}
	if q == "" {
		return true
	}
	want, err := url.ParseQuery(q)
	if err != nil {
		return false
	}
	for k := range want {
		if r.Query.Get(k) != want.Get(k) {
			return false
		}
	}
	return true
}

// replayBody returns the recorded body: JSON as it was, and a recorded
// string as raw text when the answer was not JSON (raw file contents).
func replayBody(raw json.RawMessage, contentType string) []byte {
	if len(raw) == 0 {
		return nil
	}
	var str string
	if json.Unmarshal(raw, &str) == nil && !strings.Contains(contentType, "json") {
		return []byte(str)
	}
	if string(raw) == `""` {
		return nil
	}
	return raw
}
