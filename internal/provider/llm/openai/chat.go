package openai

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
)

// Bounds on what a server may send: the answer is read into memory, and
// the server is not trusted to end it.
const (
	maxAnswerBytes = 64 << 20
	maxToolCalls   = 128
	maxToolBytes   = 8 << 20
)

// ChatCompletion streams the model's answer to messages. Text arrives as
// EventText deltas; each tool call is assembled from its streamed fragments
// and sent as one EventToolCall once the model has finished it, with its
// arguments as the model sent them (valid JSON or not); the last
// event is EventDone with the finish reason and the usage the server
// reported (nil when it reported none). A failure ends the sequence with a
// non-nil *errcode.Error; cancelling ctx stops the stream.
func (p *Provider) ChatCompletion(ctx context.Context, messages []model.Message, tools []model.ToolSchema) iter.Seq2[model.StreamEvent, error] {
	return func(yield func(model.StreamEvent, error) bool) {
		body, err := p.requestBody(messages, tools)
		if err != nil {
			yield(model.StreamEvent{}, err)
			return
		}
		callCtx, cancel := p.callContext(ctx)
		defer cancel()
		resp, err := p.send(ctx, callCtx, body)
		if err != nil {
			yield(model.StreamEvent{}, err)
			return
		}
		defer resp.Body.Close()
		s := &stream{p: p, caller: ctx, yield: yield}
		if isJSON(resp.Header.Get("Content-Type")) {
			s.whole(resp.Body)
			return
		}
		s.events(resp.Body)
	}
}

// stream turns one response into events.
type stream struct {
	p      *Provider
	caller context.Context
	yield  func(model.StreamEvent, error) bool
	calls  assembler
	usage  *model.Usage
	finish string
	// called is set once a tool call was sent, for the finish reason.
	called bool
}

// events reads a server-sent event stream of chat.completion.chunk objects
// up to "[DONE]" or the end of the body.
func (s *stream) events(body io.Reader) {
	r := newEventReader(body)
	read := 0
	for {
		name, data, err := r.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			s.fail(s.p.readError(s.caller, err))
			return
		}
		if read += len(data); read > maxAnswerBytes {
			s.fail(s.p.badResponse("sent an answer larger than 64 MiB"))
			return
		}
		text := strings.TrimSpace(string(data))
		if text == "[DONE]" {
			break
		}
		if text == "" {
			continue
		}
		var c chunk
		if err := json.Unmarshal(data, &c); err != nil {
			s.fail(s.p.badResponse("sent a stream event that is not valid JSON"))
			return
		}
		if c.Error != nil || name == "error" {
			s.fail(s.p.midStreamError(c.Error, text))
			return
		}
		if !s.chunk(c) {
			return
		}
	}
	s.end()
}

// chunk applies one chunk; false means stop.
func (s *stream) chunk(c chunk) bool {
	if c.Usage != nil {
		s.usage = c.Usage.model()
	}
	for _, choice := range c.Choices {
		if choice.Index != 0 {
			continue // one answer was asked for; ignore any others
		}
		if choice.Delta.Content != "" {
			if !s.yield(model.StreamEvent{Kind: model.EventText, Text: choice.Delta.Content}, nil) {
				return false
			}
		}
		for _, d := range choice.Delta.ToolCalls {
			if err := s.calls.add(d); err != nil {
				return s.fail(s.p.badResponse(err.Error()))
			}
		}
		if choice.FinishReason != "" {
			s.finish = choice.FinishReason
			if !s.flushCalls() {
				return false
			}
		}
	}
	return true
}

// whole reads an answer that came as one chat.completion object: a server
// that ignores "stream": true still gets the same events.
func (s *stream) whole(body io.Reader) {
	data, err := io.ReadAll(io.LimitReader(body, maxAnswerBytes+1))
	if err != nil {
		s.fail(s.p.readError(s.caller, err))
		return
	}
	if len(data) > maxAnswerBytes {
		s.fail(s.p.badResponse("sent an answer larger than 64 MiB"))
		return
	}
	var c completion
	if err := json.Unmarshal(data, &c); err != nil {
		s.fail(s.p.badResponse("sent an answer that is not valid JSON"))
		return
	}
	if c.Error != nil {
		s.fail(s.p.midStreamError(c.Error, ""))
		return
	}
	if c.Usage != nil {
		s.usage = c.Usage.model()
	}
	for _, choice := range c.Choices {
		if choice.Index != 0 {
			continue
		}
		if choice.Message.Content != "" && !s.yield(model.StreamEvent{Kind: model.EventText, Text: choice.Message.Content}, nil) {
			return
		}
		for i, tc := range choice.Message.ToolCalls {
			tc.Index = &i
			if err := s.calls.add(tc); err != nil {
				s.fail(s.p.badResponse(err.Error()))
				return
			}
		}
		s.finish = choice.FinishReason
	}
	s.end()
}

// end sends what is left once the answer is complete: calls no finish
// reason flushed, then EventDone.
func (s *stream) end() {
	if err := s.caller.Err(); err != nil {
		s.fail(s.p.mapError(s.caller, err))
		return
	}
	if s.finish == "" {
		s.fail(errcode.New(errcode.ProviderBadResponse,
			s.p.vendor()+" ended the answer before the model finished it",
			"try again; if it keeps happening, check the server's logs"))
		return
	}
	if !s.flushCalls() {
		return
	}
	// Some servers (Gemini's compatible endpoint among them) say "stop"
	// when the model called tools; callers decide on "tool_calls".
	if s.called && s.finish == "stop" {
		s.finish = "tool_calls"
	}
	s.yield(model.StreamEvent{Kind: model.EventDone, Usage: s.usage, FinishReason: s.finish}, nil)
}

// flushCalls sends the assembled tool calls in index order.
func (s *stream) flushCalls() bool {
	for _, c := range s.calls.drain() {
		if c.Arguments == "" {
			c.Arguments = "{}"
		}
		// Arguments that are not valid JSON are passed on as sent: the
		// caller validates every call before it runs anything, and telling
		// the model what was wrong lets it try again in the same answer
		// loop, where failing the whole answer would lose it.
		if c.Name == "" {
			return s.fail(s.p.badResponse("sent a tool call without a name"))
		}
		if c.ID == "" {
			c.ID = newCallID()
		}
		s.p.extras.put(c.ID, c.extra)
		s.called = true
		call := c.ToolCall
		if !s.yield(model.StreamEvent{Kind: model.EventToolCall, ToolCall: &call}, nil) {
			return false
		}
	}
	return true
}

// fail sends err and reports that the stream is over.
func (s *stream) fail(err error) bool {
	s.yield(model.StreamEvent{}, err)
	return false
}

var callSeq atomic.Int64

// newCallID names a call the server sent without an ID, so that its result
// can answer it.
func newCallID() string { return "call_oss_dev_" + strconv.FormatInt(callSeq.Add(1), 10) }

// assembler puts streamed tool-call fragments together. A fragment with an
// index belongs to the call of that index; one without (some servers leave
// it out) starts a new call when it carries a new ID or names a tool after
// the last call already had a name, and otherwise continues the last call.
type assembler struct {
	byIndex map[int]*partialCall
	last    *partialCall
	next    int
	size    int
}

type partialCall struct {
	model.ToolCall
	index int
	args  strings.Builder
	extra []byte
}

var (
	errTooManyCalls = errors.New("sent more than 128 tool calls in one answer")
	errCallsTooBig  = errors.New("sent tool calls larger than 8 MiB in one answer")
)

func (a *assembler) add(d toolCallDelta) error {
	c := a.callFor(d)
	if c == nil {
		return errTooManyCalls
	}
	if a.size += len(d.Function.Arguments) + len(d.ExtraContent); a.size > maxToolBytes {
		return errCallsTooBig
	}
	if d.ID != "" {
		c.ID = d.ID
	}
	if d.Function.Name != "" {
		c.Name = d.Function.Name
	}
	if len(d.ExtraContent) > 0 && string(d.ExtraContent) != "null" {
		c.extra = append([]byte(nil), d.ExtraContent...)
	}
	c.args.WriteString(d.Function.Arguments)
	a.last = c
	return nil
}

// callFor finds or starts the call d continues; nil when starting one
// would pass maxToolCalls.
func (a *assembler) callFor(d toolCallDelta) *partialCall {
	if a.byIndex == nil {
		a.byIndex = map[int]*partialCall{}
	}
	index := a.next
	switch {
	case d.Index != nil:
		index = *d.Index
	case a.last != nil && !startsCall(d, a.last):
		return a.last
	}
	if c := a.byIndex[index]; c != nil {
		return c
	}
	if len(a.byIndex) >= maxToolCalls {
		return nil
	}
	c := &partialCall{index: index}
	a.byIndex[index] = c
	a.next = max(a.next, index+1)
	return c
}

func startsCall(d toolCallDelta, last *partialCall) bool {
	return (d.ID != "" && d.ID != last.ID) || (d.Function.Name != "" && last.Name != "")
}

// drain returns the calls in index order and forgets them.
func (a *assembler) drain() []partialCall {
	out := make([]partialCall, 0, len(a.byIndex))
	for _, c := range a.byIndex {
		out = append(out, partialCall{ToolCall: model.ToolCall{ID: c.ID, Name: c.Name, Arguments: c.args.String()}, index: c.index, extra: c.extra})
	}
	slices.SortFunc(out, func(x, y partialCall) int { return cmp.Compare(x.index, y.index) })
	a.byIndex, a.last = nil, nil
	return out
}

func isJSON(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "application/json")
}
