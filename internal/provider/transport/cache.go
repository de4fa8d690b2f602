package transport

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/redact"
)

// HeaderFromCache marks a response the cache answered, with FromCacheFresh
// (no request was made) or FromCacheRevalidated (GitHub answered 304 to a
// conditional request). go-github skips its rate-limit bookkeeping for
// responses that carry it.
const HeaderFromCache = "X-From-Cache"

// Values of HeaderFromCache.
const (
	FromCacheFresh       = "fresh"
	FromCacheRevalidated = "revalidated"
)

// CacheMode chooses how the cache treats one request; see WithCacheMode.
type CacheMode int

// The cache modes.
const (
	// CacheDefault serves fresh entries, revalidates stale ones.
	CacheDefault CacheMode = iota
	// CacheRevalidate always asks GitHub, conditionally when an entry
	// exists (a --refresh flag): the answer is current and a 304 still
	// costs no rate limit.
	CacheRevalidate
	// CacheBypass neither reads nor writes the cache (a --no-cache flag).
	CacheBypass
)

type cacheModeKey struct{}

// WithCacheMode returns a context whose requests use mode.
func WithCacheMode(ctx context.Context, mode CacheMode) context.Context {
	return context.WithValue(ctx, cacheModeKey{}, mode)
}

// CacheModeFrom returns the mode set by WithCacheMode, or CacheDefault.
func CacheModeFrom(ctx context.Context) CacheMode {
	if m, ok := ctx.Value(cacheModeKey{}).(CacheMode); ok {
		return m
	}
	return CacheDefault
}

// Cache answers GET and HEAD requests from entries on disk. Entries are
// keyed on the method, URL, a hash of the Authorization header (so two
// tokens never share an entry), Accept and X-GitHub-Api-Version. Within TTL
// an entry is served with no request; after it, the request carries
// If-None-Match / If-Modified-Since and a 304 serves the stored body.
// Only 200 answers are stored, never those marked Cache-Control: no-store.
// A successful or failed POST, PUT, PATCH or DELETE drops the entries of its
// path and of every parent path (a new comment changes the issue too).
type Cache struct {
	// Dir holds the entries, in one folder per URL path.
	Dir string
	// TTL is the freshness window; zero means always revalidate.
	TTL time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives debug lines about damaged entries; nil discards.
	Logger *slog.Logger
	// Next sends requests the cache cannot answer.
	Next http.RoundTripper
	// Redactor masks secrets in what is written to disk, so that a server
	// quoting the token in an answer does not leave it in the cache; nil
	// masks by shape only.
	Redactor *redact.Redactor

	// beforeRename runs inside each entry write between fsync and rename;
	// tests use it to stop a write there.
	beforeRename func(tmp string) error
}

// RoundTrip implements http.RoundTripper.
func (c *Cache) RoundTrip(req *http.Request) (*http.Response, error) {
	if !cacheableMethod(req.Method) {
		resp, err := c.Next.RoundTrip(req)
		if mutatingMethod(req.Method) {
			c.invalidate(req.URL)
		}
		return resp, err
	}
	mode := CacheModeFrom(req.Context())
	if mode == CacheBypass || callerControlled(req) {
		return c.Next.RoundTrip(req)
	}
	if hasDirective(req.Header, "no-cache") {
		mode = CacheRevalidate
	}
	key := cacheKey(req)
	path := c.entryPath(req.URL, key)
	e := c.load(path, key)
	if e != nil && mode == CacheDefault && c.fresh(e) {
		return e.response(req, FromCacheFresh), nil
	}
	send := req
	if e != nil {
		send = conditional(req, e)
	}
	resp, err := c.Next.RoundTrip(send)
	if err != nil {
		return nil, err
	}
	resp.Request = req
	if resp.StatusCode == http.StatusNotModified && send != req {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		_ = resp.Body.Close()
		mergeHeaders(e.Header, resp.Header)
		e.StoredAt = c.now().UnixNano()
		c.store(path, e)
		return e.response(req, FromCacheRevalidated), nil
	}
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		c.remove(path)
	case storable(resp):
		return c.keep(req, resp, path, key)
	case hasDirective(resp.Header, "no-store"):
		c.remove(path)
	}
	return resp, nil
}

// keep stores resp and returns it with its body re-readable from memory.
func (c *Cache) keep(req *http.Request, resp *http.Response, path, key string) (*http.Response, error) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxEntryBody+1))
	if err != nil {
		_ = resp.Body.Close()
		return nil, err
	}
	if len(body) > maxEntryBody {
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), resp.Body), resp.Body}
		return resp, nil
	}
	_ = resp.Body.Close()
	e := &entry{Key: key, StoredAt: c.now().UnixNano(), Status: resp.StatusCode, Header: c.redactHeader(storedHeader(resp.Header)), Body: c.Redactor.RedactBytes(body)}
	c.store(path, e)
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	if req.Method == http.MethodHead {
		resp.Body = http.NoBody
	}
	return resp, nil
}

func (c *Cache) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Cache) logger() *slog.Logger {
	if c.Logger != nil {
		return c.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// fresh reports whether e may be served without asking GitHub.
func (c *Cache) fresh(e *entry) bool {
	if c.TTL <= 0 || hasDirective(e.Header, "no-cache") {
		return false
	}
	age := c.now().Sub(e.storedAt())
	return age >= 0 && age < c.TTL
}

// load returns the entry at path, or nil. A damaged entry is removed and
// reported as a miss; it is never served.
func (c *Cache) load(path, key string) *entry {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	e, err := decodeEntry(data, key)
	if err != nil {
		c.logger().Debug("damaged cache entry dropped", slog.String("file", filepath.Base(path)))
		c.remove(path)
		return nil
	}
	return e
}

// redactHeader masks secrets in header values in place.
func (c *Cache) redactHeader(h http.Header) http.Header {
	for _, vs := range h {
		for i, v := range vs {
			vs[i] = c.Redactor.Redact(v)
		}
	}
	return h
}

// store writes e; a failure only costs a future miss, so it is logged, not
// returned.
func (c *Cache) store(path string, e *entry) {
	data, err := e.encode()
	if err == nil {
		err = writeFileAtomic(path, data, c.beforeRename)
	}
	if err != nil {
		c.logger().Debug("cache write failed", slog.String("error", err.Error()))
	}
}

func (c *Cache) remove(path string) {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		c.logger().Debug("cache remove failed", slog.String("error", err.Error()))
	}
}

// invalidate drops the entries of u's path and of each parent path.
func (c *Cache) invalidate(u *url.URL) {
	p := strings.TrimRight(u.EscapedPath(), "/")
	for {
		_ = os.RemoveAll(filepath.Join(c.Dir, pathDirName(u, p)))
		i := strings.LastIndexByte(p, '/')
		if i < 0 || p == "" {
			return
		}
		p = p[:i]
	}
}

func (c *Cache) entryPath(u *url.URL, key string) string {
	return filepath.Join(c.Dir, pathDirName(u, strings.TrimRight(u.EscapedPath(), "/")), key)
}

// pathDirName names the folder of one URL path (any query, any token).
func pathDirName(u *url.URL, path string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host) + path))
	return hex.EncodeToString(sum[:pathDirBytes])
}

const pathDirBytes = 16

// cacheKey hashes what selects an answer. The Authorization value is hashed
// on its own first, so the token is one step further from anything stored.
func cacheKey(req *http.Request) string {
	identity := "anonymous"
	if a := req.Header.Get("Authorization"); a != "" {
		sum := sha256.Sum256([]byte(a))
		identity = hex.EncodeToString(sum[:])
	}
	h := sha256.New()
	for _, part := range []string{
		req.Method, req.URL.String(), identity,
		req.Header.Get("Accept"), req.Header.Get("X-GitHub-Api-Version"),
	} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func cacheableMethod(m string) bool { return m == http.MethodGet || m == http.MethodHead }

func mutatingMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions && m != http.MethodTrace
}

// callerControlled reports requests whose caller manages caching or ranges
// itself; the cache passes them through untouched.
func callerControlled(req *http.Request) bool {
	for _, h := range []string{"If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "Range"} {
		if req.Header.Get(h) != "" {
			return true
		}
	}
	return hasDirective(req.Header, "no-store")
}

func storable(resp *http.Response) bool {
	return resp.StatusCode == http.StatusOK &&
		!hasDirective(resp.Header, "no-store") &&
		strings.TrimSpace(resp.Header.Get("Vary")) != "*"
}

// hasDirective reports whether Cache-Control in h holds directive.
func hasDirective(h http.Header, directive string) bool {
	for _, v := range h.Values("Cache-Control") {
		for d := range strings.SplitSeq(v, ",") {
			name, _, _ := strings.Cut(strings.TrimSpace(d), "=")
			if strings.EqualFold(name, directive) {
				return true
			}
		}
	}
	return false
}

// conditional returns a copy of req that asks GitHub whether e changed, or
// req itself when e has no validator.
func conditional(req *http.Request, e *entry) *http.Request {
	etag, modified := e.Header.Get("ETag"), e.Header.Get("Last-Modified")
	if etag == "" && modified == "" {
		return req
	}
	out := req.Clone(req.Context())
	if etag != "" {
		out.Header.Set("If-None-Match", etag)
	}
	if modified != "" {
		out.Header.Set("If-Modified-Since", modified)
	}
	return out
}

// skippedHeader reports headers never stored or merged: they describe one
// connection or one encoding of the body, not the resource.
func skippedHeader(k string) bool {
	switch k {
	case "Connection", "Keep-Alive", "Transfer-Encoding", "Set-Cookie",
		"Content-Length", "Content-Encoding", HeaderFromCache:
		return true
	}
	return false
}

func storedHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, v := range h {
		if !skippedHeader(k) {
			out[k] = append([]string(nil), v...)
		}
	}
	return out
}

// mergeHeaders updates stored headers with a 304's, as RFC 9111 section 4.3.4
// asks: new ETag, Cache-Control, Date, rate-limit values and the like.
func mergeHeaders(stored, fresh http.Header) {
	for k, v := range fresh {
		if skippedHeader(k) || k == "Content-Type" {
			continue
		}
		stored[k] = append([]string(nil), v...)
	}
}

// response builds the answer for req from e.
func (e *entry) response(req *http.Request, outcome string) *http.Response {
	h := e.Header.Clone()
	h.Set(HeaderFromCache, outcome)
	resp := &http.Response{
		Status:        fmt.Sprintf("%d %s", e.Status, http.StatusText(e.Status)),
		StatusCode:    e.Status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(e.Body)),
		ContentLength: int64(len(e.Body)),
		Request:       req,
	}
	if req.Method == http.MethodHead {
		resp.Body = http.NoBody
		resp.ContentLength = -1
	}
	return resp
}
