package assist

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// Bounds on what one read-only call gives back to the model.
const (
	maxReadLines  = 400
	maxOutputText = 32 << 10
	maxListed     = 500
)

// Change is a file change the assistant made, with what undoes it.
type Change struct {
	Path string `json:"path"`
	// Existed is false when the change created the file; Before is its
	// content before the change, Mode its permissions.
	Existed bool        `json:"existed"`
	Before  string      `json:"before"`
	Mode    fs.FileMode `json:"mode"`
	// After is the SHA-256 of what was written: undo refuses a file whose
	// content is no longer that, since someone changed it by hand since.
	After string    `json:"after_sha256"`
	Diff  string    `json:"diff"`
	At    time.Time `json:"at"`
	// Reverted is set once `mentor undo` put Before back.
	Reverted bool `json:"reverted,omitempty"`
}

func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func decode(args json.RawMessage, v any) error {
	if err := json.Unmarshal(args, v); err != nil {
		return toolErrorf("invalid arguments: %v", err)
	}
	return nil
}

// ReadFile is read_file: lines of a text file, numbered, bounded.
type ReadFile struct{}

// Schema describes read_file.
func (ReadFile) Schema() model.ToolSchema {
	return model.ToolSchema{
		Name:        "read_file",
		Description: fmt.Sprintf("Read a text file of the repository. Lines are numbered; at most %d lines are returned per call, so give start_line and end_line to read a long file in parts.", maxReadLines),
		Parameters: object(map[string][2]string{
			"path":       {"string", "the file's path relative to the repository root"},
			"start_line": {"integer", "the first line to return, from 1"},
			"end_line":   {"integer", "the last line to return"},
		}, "path"),
	}
}

// Run reads the file.
func (ReadFile) Run(_ context.Context, env *Env, raw json.RawMessage) (string, error) {
	var a struct {
		Path      string `json:"path"`
		StartLine int    `json:"start_line"`
		EndLine   int    `json:"end_line"`
	}
	if err := decode(raw, &a); err != nil {
		return "", err
	}
	rel, err := relPath(env.WS.Root, a.Path)
	if err != nil {
		return "", err
	}
	data, err := readInside(env.WS.Root, rel, maxFileBytes)
	if err != nil {
		return "", toolErrorf("cannot read %s: %v", rel, cause(err))
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", toolErrorf("%s is a binary file", rel)
	}
	lines := splitLines(string(data))
	start, end := max(a.StartLine, 1), a.EndLine
	if end == 0 || end > len(lines) {
		end = len(lines)
	}
	if start > len(lines) && len(lines) > 0 {
		return "", toolErrorf("%s has %d lines; start_line %d is past its end", rel, len(lines), start)
	}
	if end < start {
		end = start - 1
	}
	end = min(end, start+maxReadLines-1)
	var b strings.Builder
	for i := start; i <= end && i <= len(lines); i++ {
		line := fmt.Sprintf("%6d\t%s", i, strings.TrimRight(lines[i-1], "\n"))
		if b.Len()+len(line) > maxOutputText {
			end = i - 1
			break
		}
		b.WriteString(line + "\n")
	}
	head := fmt.Sprintf("%s, lines %d-%d of %d", rel, start, end, len(lines))
	if end < len(lines) {
		head += fmt.Sprintf(" (read on with start_line=%d)", end+1)
	}
	return head + "\n" + b.String(), nil
}

// ListFiles is list_files: the entries of one folder.
type ListFiles struct{}

// Schema describes list_files.
func (ListFiles) Schema() model.ToolSchema {
	return model.ToolSchema{
		Name:        "list_files",
		Description: "List the files and folders in a folder of the repository (its root when path is empty). Folders end with a slash.",
		Parameters:  object(map[string][2]string{"path": {"string", "the folder, relative to the repository root"}}),
	}
}

// Run lists the folder.
func (ListFiles) Run(_ context.Context, env *Env, raw json.RawMessage) (string, error) {
	var a struct {
		Path string `json:"path"`
	}
	if err := decode(raw, &a); err != nil {
		return "", err
	}
	rel, err := relPath(env.WS.Root, a.Path)
	if err != nil {
		return "", err
	}
	r, err := safefile.OpenRoot(env.WS.Root)
	if err != nil {
		return "", err
	}
	defer r.Close()
	entries, err := r.ReadDir(rel)
	if err != nil {
		return "", toolErrorf("cannot list %s: %v", rel, cause(err))
	}
	var b strings.Builder
	n := 0
	for _, e := range entries {
		if strings.EqualFold(e.Name(), ".git") || strings.EqualFold(e.Name(), ".oss-dev") {
			continue
		}
		if n == maxListed {
			fmt.Fprintf(&b, "... and %d more\n", len(entries)-n)
			break
		}
		name := e.Name()
		switch {
		case e.Type()&fs.ModeSymlink != 0:
			name += " (symbolic link)"
		case e.IsDir():
			name += "/"
		}
		b.WriteString(name + "\n")
		n++
	}
	if n == 0 {
		return rel + " is empty", nil
	}
	return b.String(), nil
}

// EditFile is edit_file: one exact replacement in a file.
type EditFile struct{}

// Schema describes edit_file.
func (EditFile) Schema() model.ToolSchema {
	return model.ToolSchema{
		Name:        "edit_file",
		Description: "Replace old_string with new_string in a file. old_string must occur exactly once in the file: include enough surrounding lines to make it unique. The contributor sees the diff and approves it before it is made.",
		Parameters: object(map[string][2]string{
			"path":       {"string", "the file's path relative to the repository root"},
			"old_string": {"string", "the exact text to replace, whitespace included"},
			"new_string": {"string", "the text to put in its place"},
		}, "path", "old_string", "new_string"),
	}
}

// Run makes the edit once it is approved.
func (EditFile) Run(ctx context.Context, env *Env, raw json.RawMessage) (string, error) {
	var a struct {
		Path      string `json:"path"`
		OldString string `json:"old_string"`
		NewString string `json:"new_string"`
	}
	if err := decode(raw, &a); err != nil {
		return "", err
	}
	rel, err := relPath(env.WS.Root, a.Path)
	if err != nil {
		env.refuse(ctx, a.Path, "edit", err)
		return "", err
	}
	before, mode, existed, err := current(env.WS.Root, rel)
	if err != nil {
		env.refuse(ctx, rel, "edit", err)
		return "", err
	}
	if !existed {
		return "", toolErrorf("%s does not exist; use write_file to create it", rel)
	}
	if a.OldString == "" {
		return "", toolErrorf("old_string is empty; give the exact text to replace")
	}
	switch n := strings.Count(before, a.OldString); n {
	case 0:
		return "", toolErrorf("old_string was not found in %s; read the file again and copy the text exactly", rel)
	case 1:
	default:
		return "", toolErrorf("old_string occurs %d times in %s; include more surrounding text so it occurs once", n, rel)
	}
	after := strings.Replace(before, a.OldString, a.NewString, 1)
	return change(ctx, env, rel, before, after, mode, existed, "edit")
}

// WriteFile is write_file: a whole file, new or replaced.
type WriteFile struct{}

// Schema describes write_file.
func (WriteFile) Schema() model.ToolSchema {
	return model.ToolSchema{
		Name:        "write_file",
		Description: "Create a file, or replace a file's whole content. Prefer edit_file for changes to an existing file. The contributor sees the diff and approves it before it is made.",
		Parameters: object(map[string][2]string{
			"path":    {"string", "the file's path relative to the repository root"},
			"content": {"string", "the file's complete new content"},
		}, "path", "content"),
	}
}

// Run writes the file once it is approved.
func (WriteFile) Run(ctx context.Context, env *Env, raw json.RawMessage) (string, error) {
	var a struct {
		Path    string `json:"path"`
		Content string `json:"content"`
	}
	if err := decode(raw, &a); err != nil {
		return "", err
	}
	rel, err := relPath(env.WS.Root, a.Path)
	if err != nil {
		env.refuse(ctx, a.Path, "write", err)
		return "", err
	}
	if rel == "." {
		return "", toolErrorf("path is required")
	}
	before, mode, existed, err := current(env.WS.Root, rel)
	if err != nil {
		env.refuse(ctx, rel, "write", err)
		return "", err
	}
	if strings.ContainsRune(a.Content, 0) {
		return "", toolErrorf("content contains a NUL byte; the assistant writes text files only")
	}
	verb := "write"
	if !existed {
		verb = "create"
	}
	return change(ctx, env, rel, before, a.Content, mode, existed, verb)
}

// change shows the diff for approval, then writes the file and records
// the change so that it can be undone.
func change(ctx context.Context, env *Env, rel, before, after string, mode fs.FileMode, existed bool, verb string) (string, error) {
	if existed && before == after {
		return "", toolErrorf("the change leaves %s as it is", rel)
	}
	diff := unifiedDiff(rel, before, after, existed)
	abs := filepath.Join(env.WS.Root, filepath.FromSlash(rel))
	req := approval.Request{Tool: config.ToolFileWrite, Action: verb + " " + rel + " (proposed by the assistant)",
		Paths: []string{abs}, Mutating: true, Detail: diff}
	if _, err := env.Approve(ctx, req, Event{Path: rel, Diff: diff}); err != nil {
		return "", err
	}
	if err := writeInside(env.WS.Root, rel, []byte(after), mode); err != nil {
		return "", toolErrorf("could not write %s: %v", rel, cause(err))
	}
	env.Applied(Change{Path: rel, Existed: existed, Before: before, Mode: mode, After: digest(after), Diff: diff, At: time.Now().UTC()})
	return "applied:\n" + diff, nil
}
