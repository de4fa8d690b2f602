// Command hello is a sample oss-dev plugin speaking protocol 1: JSON-RPC
// 2.0, one message per line, on its stdin and stdout. It adds the command
// `oss-dev hello`, a hook before VALIDATION and the tool word_count, and
// uses only the standard library. Build it into the folder of its
// manifest: go build -o bin/hello .
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// message is a JSON-RPC 2.0 request, notification or response.
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  any             `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// plugin holds the connection and what initialize said.
type plugin struct {
	out      *json.Encoder
	mu       sync.Mutex
	greeting string
	// answers receives the host's answers to our own requests, by id.
	answers map[string]chan json.RawMessage
	nextID  int
}

func main() {
	p := &plugin{out: json.NewEncoder(os.Stdout), greeting: "Hello", answers: map[string]chan json.RawMessage{}}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 64<<10), 1<<20)
	for in.Scan() {
		var m message
		if err := json.Unmarshal(in.Bytes(), &m); err != nil {
			fmt.Fprintln(os.Stderr, "hello: ignoring a line that is not JSON:", err)
			continue
		}
		if m.Method == "" {
			p.deliver(m)
			continue
		}
		// Requests run on their own goroutine, so that a command waiting
		// for an approval does not stop the reading of the answer.
		go p.serve(m)
	}
}

func (p *plugin) send(m message) {
	m.JSONRPC = "2.0"
	p.mu.Lock()
	defer p.mu.Unlock()
	_ = p.out.Encode(m)
}

func (p *plugin) reply(id json.RawMessage, result any, err error) {
	if err != nil {
		p.send(message{ID: id, Error: &rpcError{Code: -32000, Message: err.Error()}})
		return
	}
	p.send(message{ID: id, Result: result})
}

func (p *plugin) serve(m message) {
	switch m.Method {
	case "initialize":
		p.initialize(m)
	case "command.run":
		res, err := p.command(m.Params)
		p.reply(m.ID, res, err)
	case "hook.run":
		res, err := p.hook(m.Params)
		p.reply(m.ID, res, err)
	case "tool.call":
		res, err := p.tool(m.Params)
		p.reply(m.ID, res, err)
	case "shutdown":
		p.reply(m.ID, struct{}{}, nil)
		os.Exit(0)
	default:
		p.send(message{ID: m.ID, Error: &rpcError{Code: -32601, Message: "no method " + m.Method}})
	}
}

func (p *plugin) initialize(m message) {
	var params struct {
		Protocol int            `json:"protocol"`
		Config   map[string]any `json:"config"`
	}
	if err := json.Unmarshal(m.Params, &params); err != nil || params.Protocol != 1 {
		p.reply(m.ID, nil, fmt.Errorf("hello speaks protocol 1 only"))
		return
	}
	if g, ok := params.Config["greeting"].(string); ok && g != "" {
		p.greeting = g
	}
	p.send(message{Method: "log", Params: raw(map[string]string{"level": "info", "message": "hello is ready"})})
	p.reply(m.ID, map[string]any{"name": "hello", "version": "0.1.0"}, nil)
}

// command is `oss-dev hello [NAME...] [--write FILE]`.
func (p *plugin) command(params json.RawMessage) (any, error) {
	var c struct {
		Name string   `json:"name"`
		Args []string `json:"args"`
		Cwd  string   `json:"cwd"`
	}
	if err := json.Unmarshal(params, &c); err != nil {
		return nil, err
	}
	var names []string
	file := ""
	for i := 0; i < len(c.Args); i++ {
		if c.Args[i] == "--write" && i+1 < len(c.Args) {
			file = c.Args[i+1]
			i++
			continue
		}
		names = append(names, c.Args[i])
	}
	if len(names) == 0 {
		names = []string{"world"}
	}
	text := fmt.Sprintf("%s, %s!\n", p.greeting, strings.Join(names, " and "))
	if file == "" {
		p.output("stdout", text)
		return map[string]int{"exit_code": 0}, nil
	}
	return p.write(c.Cwd, file, text)
}

// write asks the host for approval, then writes the greeting to file.
func (p *plugin) write(cwd, file, text string) (any, error) {
	path := file
	if !filepath.IsAbs(path) {
		path = filepath.Join(cwd, file)
	}
	var answer struct {
		Decision string `json:"decision"`
		Reason   string `json:"reason"`
	}
	if err := json.Unmarshal(p.request("approval.request", map[string]string{
		"tool": "file_write", "path": path, "reason": "write the greeting to " + file,
	}), &answer); err != nil || answer.Decision != "approved" {
		p.output("stderr", "not written: "+answer.Reason+"\n")
		return map[string]int{"exit_code": 1}, nil
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		return nil, err
	}
	p.output("stdout", "wrote "+file+"\n")
	return map[string]int{"exit_code": 0}, nil
}

// hook stops the phase when the repository holds a file .hello-stop,
// with the file's first line as the reason.
func (p *plugin) hook(params json.RawMessage) (any, error) {
	var h struct {
		Event    string `json:"event"`
		Workflow struct {
			RepositoryPath string `json:"repository_path"`
			Branch         string `json:"branch"`
		} `json:"workflow"`
	}
	if err := json.Unmarshal(params, &h); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(h.Workflow.RepositoryPath, ".hello-stop"))
	if err != nil {
		return map[string]any{"ok": true, "message": "hello saw " + h.Event + " on " + h.Workflow.Branch}, nil
	}
	reason, _, _ := strings.Cut(strings.TrimSpace(string(data)), "\n")
	return map[string]any{"ok": false, "message": reason}, nil
}

// tool is word_count: the words of a file inside the working folder.
func (p *plugin) tool(params json.RawMessage) (any, error) {
	var t struct {
		Name      string `json:"name"`
		Arguments struct {
			Path string `json:"path"`
		} `json:"arguments"`
	}
	if err := json.Unmarshal(params, &t); err != nil {
		return nil, err
	}
	if t.Name != "word_count" {
		return nil, fmt.Errorf("no tool %s", t.Name)
	}
	rel := filepath.Clean(t.Arguments.Path)
	if filepath.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil, fmt.Errorf("%s is outside the repository", t.Arguments.Path)
	}
	data, err := os.ReadFile(rel)
	if err != nil {
		return nil, err
	}
	return map[string]string{"content": fmt.Sprintf("%d words", len(strings.Fields(string(data))))}, nil
}

func (p *plugin) output(stream, text string) {
	p.send(message{Method: "output", Params: raw(map[string]string{"stream": stream, "text": text})})
}

// request sends a request to the host and waits for its result.
func (p *plugin) request(method string, params any) json.RawMessage {
	p.mu.Lock()
	p.nextID++
	id := fmt.Sprintf("%d", p.nextID)
	ch := make(chan json.RawMessage, 1)
	p.answers[id] = ch
	p.mu.Unlock()
	p.send(message{ID: json.RawMessage(id), Method: method, Params: raw(params)})
	return <-ch
}

func (p *plugin) deliver(m message) {
	p.mu.Lock()
	ch := p.answers[string(m.ID)]
	delete(p.answers, string(m.ID))
	p.mu.Unlock()
	if ch != nil {
		b, _ := json.Marshal(m.Result)
		ch <- b
	}
}

func raw(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}
