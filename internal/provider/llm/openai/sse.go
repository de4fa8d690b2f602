package openai

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// maxEventBytes bounds one server-sent event. A tool call's arguments
// arrive in one event at most; a line longer than this is a server that
// will never end the line.
const maxEventBytes = 8 << 20

var errEventTooLarge = errors.New("a server-sent event is larger than 8 MiB")

// eventReader reads server-sent events (the WHATWG "text/event-stream"
// format) and returns each event's name and data. Comments, ids and retry
// fields are read and dropped: a chat completion stream is not resumed.
type eventReader struct {
	r *bufio.Reader
}

func newEventReader(r io.Reader) *eventReader {
	return &eventReader{r: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next event that has data. Several data lines join with
// "\n". It returns io.EOF at the end of a stream that ended cleanly between
// events; an event the stream ends in the middle of is still returned, since
// servers do not all send the final blank line.
func (e *eventReader) next() (name string, data []byte, err error) {
	var (
		buf     []byte
		hasData bool
	)
	for {
		line, err := e.line()
		if err == io.EOF && len(line) == 0 {
			if hasData {
				return name, buf, nil
			}
			return "", nil, io.EOF
		}
		if err != nil && err != io.EOF {
			return "", nil, err
		}
		if len(line) == 0 {
			if hasData {
				return name, buf, nil
			}
			name = ""
			continue
		}
		field, value := splitField(line)
		switch field {
		case "data":
			if hasData {
				buf = append(buf, '\n')
			}
			if len(buf)+len(value) > maxEventBytes {
				return "", nil, errEventTooLarge
			}
			buf = append(buf, value...)
			hasData = true
		case "event":
			name = string(value)
		}
		if err == io.EOF {
			if hasData {
				return name, buf, nil
			}
			return "", nil, io.EOF
		}
	}
}

// line reads one line without its ending (LF or CRLF), at most
// maxEventBytes long.
func (e *eventReader) line() ([]byte, error) {
	var out []byte
	for {
		part, err := e.r.ReadSlice('\n')
		if len(out)+len(part) > maxEventBytes+2 {
			return nil, errEventTooLarge
		}
		out = append(out, part...)
		if err == bufio.ErrBufferFull {
			continue
		}
		out = bytes.TrimSuffix(out, []byte("\n"))
		out = bytes.TrimSuffix(out, []byte("\r"))
		return out, err
	}
}

// splitField splits "field: value"; one space after the colon is not part
// of the value, and a line starting with a colon is a comment.
func splitField(line []byte) (string, []byte) {
	if line[0] == ':' {
		return "", nil
	}
	field, value, found := bytes.Cut(line, []byte(":"))
	if !found {
		return string(line), nil
	}
	return string(field), bytes.TrimPrefix(value, []byte(" "))
}
