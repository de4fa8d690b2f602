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
		_, err = w.Write(buf.Bytes())
		return err
	}
	return runJQ(w, o.JQ, raw)
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
		fmt.Fprintln(w, string(out))
	}
}
