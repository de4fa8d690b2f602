package state

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"

	"github.com/oss-dev/oss-dev/internal/atomicfile"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// A workflow may keep files of its own beside its state (the assistant's
// session, say). They follow the state's trust rules: each carries a MAC
// made with this user's key over the repository, the workflow id, the
// file's name and its content, and one without a valid MAC is never read.

var sideName = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}$`)

// SidePath is the file name of workflow id: ID.NAME.json beside the
// state. The dot keeps List from taking it for a workflow.
func (s *Store) SidePath(id, name string) (string, error) {
	if err := checkID(id); err != nil {
		return "", err
	}
	if !sideName.MatchString(name) {
		return "", fmt.Errorf("invalid workflow file name %q", name)
	}
	return filepath.Join(s.dir, id+"."+name+".json"), nil
}

func (s *Store) sideMAC(id, name string, data []byte) (string, error) {
	key, err := s.key()
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("oss-dev workflow file 1\x00"))
	for _, part := range []string{filepath.Clean(s.root), id, name} {
		m.Write([]byte(part))
		m.Write([]byte{0})
	}
	m.Write(data)
	return "hmac-sha256:" + hex.EncodeToString(m.Sum(nil)), nil
}

// sideDoc is the file's layout; Data is kept byte for byte, since the MAC
// covers those bytes.
type sideDoc struct {
	MAC  string          `json:"mac"`
	Data json.RawMessage `json:"data"`
}

// WriteSide stores data (compact JSON) as the file name of workflow id,
// with its MAC, atomically and under the workflow's lock.
func (s *Store) WriteSide(ctx context.Context, id, name string, data []byte) error {
	path, err := s.SidePath(id, name)
	if err != nil {
		return err
	}
	if !json.Valid(data) {
		return errors.New("workflow file data is not JSON")
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, data); err != nil {
		return err
	}
	mac, err := s.sideMAC(id, name, compact.Bytes())
	if err != nil {
		return err
	}
	doc := append([]byte(`{"mac":"`+mac+`","data":`), compact.Bytes()...)
	doc = append(doc, "}\n"...)
	return s.locked(ctx, id, func() error {
		if err := atomicfile.WriteFile(path, doc, 0o600); err != nil {
			return errcode.Wrap(errcode.StateCorrupted, err, "cannot write "+path, "check that the repository folder is writable")
		}
		return nil
	})
}

// ReadSide returns the data of the file name of workflow id. A missing
// file is fs.ErrNotExist; one this user's oss-dev did not write (no MAC,
// or a MAC that does not verify) is STATE_UNTRUSTED; one that does not
// decode is STATE_CORRUPTED.
func (s *Store) ReadSide(id, name string) ([]byte, error) {
	path, err := s.SidePath(id, name)
	if err != nil {
		return nil, err
	}
	raw, err := s.read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err != nil {
		return nil, errcode.Wrap(errcode.StateCorrupted, err, "cannot read "+path, "remove it; it will be written again")
	}
	var doc sideDoc
	if err := json.Unmarshal(raw, &doc); err != nil || len(doc.Data) == 0 {
		return nil, errcode.Newf(errcode.StateCorrupted, "remove it; it will be written again", "%s does not decode", path)
	}
	want, err := s.sideMAC(id, name, doc.Data)
	if err != nil {
		return nil, err
	}
	if doc.MAC == "" || !hmac.Equal([]byte(want), []byte(doc.MAC)) {
		return nil, errcode.Newf(errcode.StateUntrusted,
			"if it came with the repository or was edited, remove it; oss-dev writes it again",
			"ignored %s: it was not written by your oss-dev on this machine, or was changed since", path)
	}
	return doc.Data, nil
}
