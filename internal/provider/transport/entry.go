package transport

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// An entry file is
//
//	magic (8 bytes) | meta length (uint32, big endian) | meta (JSON) | body | SHA-256 of all before (32 bytes)
//
// The checksum makes a truncated, torn or overwritten file fail to decode, so
// such a file is a miss and is never served.
const entryMagic = "OSSDEVC1"

const (
	checksumLen = sha256.Size
	maxMetaLen  = 1 << 20
	// maxEntryBody is the largest body stored; larger answers pass through
	// uncached.
	maxEntryBody = 16 << 20
)

var errBadEntry = errors.New("cache entry is damaged")

// entry is one stored answer.
type entry struct {
	Key      string      `json:"k"`
	StoredAt int64       `json:"t"` // when last fetched or revalidated, Unix ns
	Status   int         `json:"s"`
	Header   http.Header `json:"h"`
	BodyLen  int         `json:"n"`
	Body     []byte      `json:"-"`
}

func (e *entry) storedAt() time.Time { return time.Unix(0, e.StoredAt) }

func (e *entry) encode() ([]byte, error) {
	e.BodyLen = len(e.Body)
	meta, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, 0, len(entryMagic)+4+len(meta)+len(e.Body)+checksumLen)
	buf = append(buf, entryMagic...)
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(meta)))
	buf = append(buf, meta...)
	buf = append(buf, e.Body...)
	sum := sha256.Sum256(buf)
	return append(buf, sum[:]...), nil
}

// decodeEntry parses an entry file and checks that it belongs to key.
func decodeEntry(data []byte, key string) (*entry, error) {
	head := len(entryMagic) + 4
	if len(data) < head+checksumLen || string(data[:len(entryMagic)]) != entryMagic {
		return nil, errBadEntry
	}
	payload, sum := data[:len(data)-checksumLen], data[len(data)-checksumLen:]
	if want := sha256.Sum256(payload); !bytes.Equal(sum, want[:]) {
		return nil, errBadEntry
	}
	metaLen := int(binary.BigEndian.Uint32(data[len(entryMagic):head]))
	if metaLen > maxMetaLen || metaLen > len(payload)-head {
		return nil, errBadEntry
	}
	var e entry
	if err := json.Unmarshal(payload[head:head+metaLen], &e); err != nil {
		return nil, fmt.Errorf("%w: %v", errBadEntry, err)
	}
	body := payload[head+metaLen:]
	if e.BodyLen != len(body) || e.Key != key || e.Status < 100 || e.Status > 599 {
		return nil, errBadEntry
	}
	e.Body = body
	if e.Header == nil {
		e.Header = http.Header{}
	}
	return &e, nil
}

// writeFileAtomic writes data to path through a temporary file in the same
// folder, synced before it is renamed over path, so a reader sees either the
// old file or the whole new one. beforeRename, when set, runs between the
// sync and the rename (tests use it to stop a write there).
func writeFileAtomic(path string, data []byte, beforeRename func(tmp string) error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, tempPrefix+"*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err = f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if beforeRename != nil {
		if err = beforeRename(tmp); err != nil {
			return err
		}
	}
	return os.Rename(tmp, path)
}
