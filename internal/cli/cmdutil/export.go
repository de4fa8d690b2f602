package cmdutil

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/itchyny/gojq"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// WantsJSON reports whether the user asked for JSON (--json or --jq).
func (o *Output) WantsJSON() bool { return o != nil && (o.JSON || o.JQ != "") }

// Export writes data as indented JSON, filtered through --jq when given.
// Keys come out in the order of the Go structs, so the output is stable.
func (o *Output) Export(w io.Writer, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return errcode.Wrap(errcode.Unknown, err, "could not encode the result as JSON", "")
	}
	if o.JQ == "" {
		var buf bytes.Buffer
		if err := json.Indent(&buf, raw, "", "  "); err != nil {
			return err
		}
		buf.WriteByte('\n')
		_, err = w.Write(escapeControls(buf.Bytes()))
		return err
	}
	return runJQ(w, o.JQ, raw)
}

// escapeControls writes DEL, the C1 controls (U+007F-U+009F) and the line
// and paragraph separators of JSON text as \u escapes. encoding/json
// escapes C0 but passes DEL and C1 through raw (gojq the separators too),
// and a terminal reads U+009B as the start of a control sequence. They can
// only occur inside strings, so the rewrite keeps the JSON valid and its
// meaning the same.
func escapeControls(b []byte) []byte {
	// Only DEL and multi-byte runes led by 0xc2 (C1) or 0xe2 (the
	// separators) can need it.
	if bytes.IndexByte(b, 0x7f) < 0 && bytes.IndexByte(b, 0xc2) < 0 && bytes.IndexByte(b, 0xe2) < 0 {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == 0x7f:
			out = append(out, `\u007f`...)
		case b[i] == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9f:
			out = fmt.Appendf(out, `\u%04x`, b[i+1])
			i++
		case b[i] == 0xe2 && i+2 < len(b) && b[i+1] == 0x80 && (b[i+2] == 0xa8 || b[i+2] == 0xa9):
			out = fmt.Appendf(out, `\u%04x`, 0x2000+int(b[i+2])-0x80)
			i += 2
		default:
			out = append(out, b[i])
		}
	}
	return out
}

func runJQ(w io.Writer, expr string, raw []byte) error {
	q, err := gojq.Parse(expr)
	if err != nil {
		return &FlagError{Err: fmt.Errorf("invalid --jq expression %q: %v", expr, err)}
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return &FlagError{Err: fmt.Errorf("invalid --jq expression %q: %v", expr, err)}
	}
	var input any
	if err := json.Unmarshal(raw, &input); err != nil {
		return err
	}
	iter := code.Run(input)
	for {
		v, ok := iter.Next()
		if !ok {
			return nil
		}
		if err, isErr := v.(error); isErr {
			if h, ok := err.(*gojq.HaltError); ok && h.Value() == nil {
				return nil
			}
			return errcode.Wrap(errcode.InvalidInput, err, "the --jq expression failed: "+err.Error(), "check the expression against the output of --json")
		}
		if s, ok := v.(string); ok {
			fmt.Fprintln(w, s)
			continue
		}
		out, err := gojq.Marshal(v)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, string(escapeControls(out)))
	}
}
