package plugin

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"sync"
)

// maxLine bounds one message from a plugin; a longer line is garbage.
const maxLine = 1 << 20

// message is a JSON-RPC 2.0 request, notification or response.
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// JSON-RPC's error codes for what the host answers a plugin's request with.
const (
	codeMethodNotFound = -32601
	codeInvalidParams  = -32602
)

// conn is one JSON-RPC connection to a plugin: requests out, responses
// back by id, and the plugin's own notifications and requests served.
type conn struct {
	w   io.Writer
	wmu sync.Mutex

	mu      sync.Mutex
	nextID  int64
	pending map[int64]chan message
	// done is closed when reading stops; err then says why.
	done chan struct{}
	err  error

	// notify receives the plugin's notifications (output, log).
	notify func(method string, params json.RawMessage)
	// serve answers the plugin's requests (approval.request).
	serve func(ctx context.Context, method string, params json.RawMessage) (any, *rpcError)
}

func newConn(w io.Writer) *conn {
	return &conn{w: w, pending: map[int64]chan message{}, done: make(chan struct{})}
}

// read takes messages from r until it ends or breaks the protocol. A
// broken protocol ends the connection with the reason at once; the end of
// the output (nil) is for the caller to explain, since the plugin's exit
// status says more.
func (c *conn) read(ctx context.Context, r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 {
			continue
		}
		if err := c.handle(ctx, line); err != nil {
			c.close(err)
			return err
		}
	}
	if sc.Err() != nil {
		err := fmt.Errorf("it wrote a line longer than %d bytes", maxLine)
		c.close(err)
		return err
	}
	return nil
}

func (c *conn) close(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-c.done:
		return
	default:
	}
	c.err = err
	close(c.done)
}

// handle dispatches one line; an error means the plugin broke the
// protocol and the connection is over.
func (c *conn) handle(ctx context.Context, line []byte) error {
	var m message
	if err := json.Unmarshal(line, &m); err != nil || m.JSONRPC != "2.0" {
		return fmt.Errorf("it wrote something that is not a JSON-RPC 2.0 message: %s", quoteStart(line))
	}
	switch {
	case m.Method != "" && len(m.ID) > 0:
		go c.answer(ctx, m)
	case m.Method != "":
		if c.notify != nil {
			c.notify(m.Method, m.Params)
		}
	default:
		return c.deliver(m)
	}
	return nil
}

func (c *conn) deliver(m message) error {
	id, err := strconv.ParseInt(string(m.ID), 10, 64)
	c.mu.Lock()
	ch, ok := c.pending[id]
	delete(c.pending, id)
	c.mu.Unlock()
	if err != nil || !ok {
		return fmt.Errorf("it answered a request that was never made (id %s)", quoteStart(m.ID))
	}
	ch <- m
	return nil
}

func (c *conn) answer(ctx context.Context, m message) {
	var res any
	rerr := &rpcError{Code: codeMethodNotFound, Message: "the host has no method " + strconv.Quote(m.Method)}
	if c.serve != nil {
		res, rerr = c.serve(ctx, m.Method, m.Params)
	}
	out := message{JSONRPC: "2.0", ID: m.ID, Error: rerr}
	if rerr == nil {
		out.Result, _ = json.Marshal(res)
	}
	_ = c.send(out)
}

func (c *conn) send(m message) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_, err = c.w.Write(append(b, '\n'))
	return err
}

// errRemote is an error the plugin answered with.
type errRemote struct{ *rpcError }

func (e errRemote) Error() string { return e.Message }

// call sends a request and waits for its answer, the end of the
// connection, or ctx.
func (c *conn) call(ctx context.Context, method string, params, result any) error {
	raw, err := json.Marshal(params)
	if err != nil {
		return err
	}
	ch := make(chan message, 1)
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	c.pending[id] = ch
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
	}()
	if err := c.send(message{JSONRPC: "2.0", ID: json.RawMessage(strconv.FormatInt(id, 10)), Method: method, Params: raw}); err != nil {
		return c.ended(fmt.Errorf("it does not read its input: %w", err))
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-c.done:
		return c.ended(nil)
	case m := <-ch:
		return decodeResult(m, result)
	}
}

// ended is the reason the connection is over, once reading has stopped.
func (c *conn) ended(fallback error) error {
	select {
	case <-c.done:
		return c.err
	default:
		return fallback
	}
}

func decodeResult(m message, result any) error {
	if m.Error != nil {
		return errRemote{m.Error}
	}
	if result == nil {
		return nil
	}
	if err := json.Unmarshal(m.Result, result); err != nil {
		return fmt.Errorf("its answer does not have the protocol's shape: %s", quoteStart(m.Result))
	}
	return nil
}

// notifyPlugin sends a notification (no answer expected).
func (c *conn) notifyPlugin(method string, params any) error {
	raw, err := json.Marshal(params)
	if err != nil {
		return err
	}
	return c.send(message{JSONRPC: "2.0", Method: method, Params: raw})
}

// quoteStart quotes the start of what a plugin wrote, for a message.
func quoteStart(b []byte) string {
	if len(b) > 60 {
		return strconv.QuoteToASCII(string(b[:60])) + "..."
	}
	return strconv.QuoteToASCII(string(b))
}
