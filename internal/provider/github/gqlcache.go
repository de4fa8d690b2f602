package github

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/oss-dev/oss-dev/internal/provider/transport"
	"github.com/oss-dev/oss-dev/internal/redact"
)

// GraphQLCache keeps GraphQL answers on disk, keyed by endpoint, query and
// variables. The transport's ETag cache cannot do this: GraphQL is a POST
// and GitHub sends no validators for it, so an answer is either fresh
// (younger than TTL: served with no request) or asked again.
type GraphQLCache struct {
	// Dir holds one file per answer.
	Dir string
	// TTL is the freshness window (config github.cache_ttl); zero disables reads.
	TTL time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Redactor knows the secrets of the process: an answer that quotes one
	// (a hostile or broken server echoing the token) is used but never
	// stored. Nil checks secret shapes only.
	Redactor *redact.Redactor
}

type gqlEntry struct {
	StoredAt time.Time       `json:"stored_at"`
	Key      string          `json:"key"`
	Data     json.RawMessage `json:"data"`
}

func (c *GraphQLCache) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// key hashes what identifies an answer. Variables are encoded by
// encoding/json, which sorts map keys, so equal variables give equal keys.
func gqlKey(endpoint, query string, vars map[string]any) string {
	raw, _ := json.Marshal(vars)
	h := sha256.New()
	h.Write([]byte(endpoint))
	h.Write([]byte{0})
	h.Write([]byte(query))
	h.Write([]byte{0})
	h.Write(raw)
	return hex.EncodeToString(h.Sum(nil))
}

// path lays entries out as the transport's ETag cache does (a folder of
// 32 hex digits, a file of 64, ".tmp-" for unfinished writes), so that
// both can share a folder and transport.Usage and transport.Clear (`oss-dev
// cache`) count and clear GraphQL answers too.
func (c *GraphQLCache) path(key string) string {
	return filepath.Join(c.Dir, key[:32], key)
}

// get returns a fresh answer for key. A damaged or foreign file is a miss.
func (c *GraphQLCache) get(ctx context.Context, key string) (json.RawMessage, bool) {
	if c == nil || c.Dir == "" || c.TTL <= 0 || transport.CacheModeFrom(ctx) != transport.CacheDefault {
		return nil, false
	}
	raw, err := os.ReadFile(c.path(key))
	if err != nil {
		return nil, false
	}
	var e gqlEntry
	if json.Unmarshal(raw, &e) != nil || e.Key != key || len(e.Data) == 0 {
		return nil, false
	}
	age := c.now().Sub(e.StoredAt)
	if age < 0 || age >= c.TTL {
		return nil, false
	}
	return e.Data, true
}

// put stores an answer atomically: a reader sees the old file or the new
// one, never half of either. Failing to store is not an error for the
// caller, who has the answer.
func (c *GraphQLCache) put(ctx context.Context, key string, data json.RawMessage) {
	if c == nil || c.Dir == "" || transport.CacheModeFrom(ctx) == transport.CacheBypass {
		return
	}
	if !bytes.Equal(c.Redactor.RedactBytes(data), data) {
		return // masking would change the answer; keeping it would keep the secret
	}
	raw, err := json.Marshal(gqlEntry{StoredAt: c.now(), Key: key, Data: data})
	if err != nil {
		return
	}
	_ = writeAtomic(c.path(key), raw)
}

func writeAtomic(path string, data []byte) (err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*") // the transport's prefix for unfinished writes
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(f.Name())
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
	return os.Rename(f.Name(), path)
}

// Clear removes every stored answer. A missing folder is not an error.
func (c *GraphQLCache) Clear() error {
	err := os.RemoveAll(c.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
