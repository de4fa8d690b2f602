// Package transport holds the HTTP layers the GitHub provider is built on:
// composable http.RoundTrippers that add authentication, answer from an
// on-disk ETag cache, and retry or report rate limits, server errors and
// timeouts. New stacks them in that order:
//
//	log -> Auth -> Cache -> Retry -> base
//
// Build the go-github client on it with
// github.NewClient(&http.Client{Transport: transport.New(opts)}) and do not
// also call WithAuthToken: Auth adds the token, and only to the API host.
//
// # The cache
//
// Options.CacheDir (the XDG cache folder's oss-dev/http, say) holds one
// folder per URL path and one file per answer, named by hashes; folders are
// 0700 and files 0600, since answers about private repositories are private.
// A fresh hit makes no request; a stale one sends If-None-Match and
// If-Modified-Since, and a 304 (free of primary rate limit) serves the
// stored body. Answers from the cache carry X-From-Cache. WithCacheMode
// gives a request CacheRevalidate (for --refresh) or CacheBypass (for
// --no-cache). Clear empties the folder (for `oss-dev cache clear`) and
// Usage measures it; both touch only files named as the cache names them.
//
// # Where errors are made
//
// The layers turn into *errcode.Error only the outcomes that they decide:
//
//   - 401: PROVIDER_AUTH_FAILED, with a fix naming the token's source;
//   - a primary rate limit not worth waiting for, or a secondary limit still
//     in force after the retries: PROVIDER_RATE_LIMITED with the reset time;
//   - 5xx or a broken connection after the retries: PROVIDER_UNAVAILABLE;
//   - no answer within Options.Timeout: PROVIDER_TIMEOUT;
//   - the caller's context ending: CANCELED (or PROVIDER_TIMEOUT for its
//     deadline), with context.Canceled/DeadlineExceeded still in the chain.
//
// RoundTrip returns these as errors, so go-github hands them back wrapped in
// a *url.Error and errors.As finds them. Every other answer (403 without a
// rate limit, 404, 422, other 4xx, 5xx to a POST) passes through unchanged,
// because go-github parses those bodies itself. The client then calls
// Classify(resp, err, what) on any error go-github returns: it keeps an
// *errcode.Error already in the chain and maps the rest (403, 404, 410, 422,
// 429, 5xx, malformed JSON bodies, context errors) to the right code, with
// GitHub's own message, redacted. CheckResponse does the same for a bare
// *http.Response. The one case Classify cannot see is go-github's own
// pre-emptive *github.RateLimitError (no request made, no headers): the
// client maps it with RateLimitError, or sets github.BypassRateLimitCheck
// so the request reaches this package.
//
// Tokens never appear in errors, logs or cache file names: the cache keys on
// a hash of the Authorization header, logs name the method, path, status,
// cache outcome and remaining rate limit only, and every message quoted from
// GitHub is passed through ghauth's redaction: by the token's value (Auth
// attaches a redactor to each response's Request) and by token shape.
package transport

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/oss-dev/oss-dev/internal/redact"
)

// DefaultAPIURL is the REST API of public GitHub.
const DefaultAPIURL = "https://api.github.com/"

// Defaults for the zero values of Options.
const (
	DefaultMaxWait      = 60 * time.Second
	DefaultMaxRetryTime = 2 * time.Minute
)

// Options configures New. The zero value gives an unauthenticated,
// uncached, non-retrying transport to api.github.com.
type Options struct {
	// Token is sent as a bearer token to APIURL's host only. Empty means
	// unauthenticated.
	Token string
	// TokenSource names where Token came from (a ghauth.Source* name), for
	// the fix of an authentication error. It is not a secret.
	TokenSource string
	// APIURL is the REST base URL; empty means DefaultAPIURL.
	APIURL string
	// CacheDir holds the on-disk cache; empty disables caching.
	CacheDir string
	// CacheTTL is how long a stored answer is served without asking GitHub;
	// zero means always revalidate with a conditional request.
	CacheTTL time.Duration
	// MaxRetries is how many times a failed request is tried again.
	MaxRetries int
	// MaxWait is the longest single wait for a rate limit or Retry-After;
	// longer ones are reported instead. Zero means DefaultMaxWait; negative
	// means never wait.
	MaxWait time.Duration
	// MaxRetryTime bounds the time spent retrying one request; zero means
	// DefaultMaxRetryTime.
	MaxRetryTime time.Duration
	// Timeout bounds each attempt, from sending the request to reading the
	// end of the body. Zero means no limit beyond the caller's context.
	Timeout time.Duration
	// Logger receives one debug line per request; nil discards.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Sleep waits d or until ctx ends; nil means a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// OnWait, when set, is told before every wait so a command can say why
	// it is pausing.
	OnWait func(d time.Duration, reason string)
	// Base sends the requests; nil means http.DefaultTransport.
	Base http.RoundTripper
	// Redactor masks secrets in messages and cache entries; Token is added
	// to it. Nil means one that knows Token only.
	Redactor *redact.Redactor
}

// New returns the stacked transport described in the package comment.
func New(opts Options) http.RoundTripper {
	opts = opts.withDefaults()
	api, err := url.Parse(opts.APIURL)
	if err != nil || api.Host == "" {
		api, _ = url.Parse(DefaultAPIURL)
	}
	var rt http.RoundTripper = &Retry{
		Next:          opts.Base,
		MaxRetries:    opts.MaxRetries,
		MaxWait:       opts.MaxWait,
		MaxRetryTime:  opts.MaxRetryTime,
		Timeout:       opts.Timeout,
		Authenticated: opts.Token != "",
		TokenSource:   opts.TokenSource,
		Now:           opts.Now,
		Sleep:         opts.Sleep,
		OnWait:        opts.OnWait,
		Logger:        opts.Logger,
		Redactor:      opts.Redactor,
	}
	if opts.CacheDir != "" {
		rt = &Cache{Dir: opts.CacheDir, TTL: opts.CacheTTL, Now: opts.Now, Logger: opts.Logger, Next: rt, Redactor: opts.Redactor}
	}
	rt = &Auth{Token: opts.Token, APIURL: api, Next: rt, Redactor: opts.Redactor}
	return &logged{next: rt, logger: opts.Logger, now: opts.Now, cached: opts.CacheDir != ""}
}

func (o Options) withDefaults() Options {
	if o.APIURL == "" {
		o.APIURL = DefaultAPIURL
	}
	if o.MaxRetries < 0 {
		o.MaxRetries = 0
	}
	if o.MaxWait == 0 {
		o.MaxWait = DefaultMaxWait
	}
	if o.MaxRetryTime <= 0 {
		o.MaxRetryTime = DefaultMaxRetryTime
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = SleepContext
	}
	if o.Base == nil {
		o.Base = http.DefaultTransport
	}
	if o.Redactor == nil {
		o.Redactor = redact.New()
	}
	o.Redactor.Add(o.Token)
	if o.TokenSource == "" {
		if o.Token == "" {
			o.TokenSource = "none"
		} else {
			o.TokenSource = "the configured token"
		}
	}
	return o
}

// SleepContext waits d, or until ctx ends, whichever is first.
func SleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// logged writes one debug line per request: never headers, so never a token.
type logged struct {
	next   http.RoundTripper
	logger *slog.Logger
	now    func() time.Time
	cached bool
}

func (l *logged) RoundTrip(req *http.Request) (*http.Response, error) {
	if !l.logger.Enabled(req.Context(), slog.LevelDebug) {
		return l.next.RoundTrip(req)
	}
	start := l.now()
	resp, err := l.next.RoundTrip(req)
	attrs := []slog.Attr{
		slog.String("method", req.Method),
		slog.String("path", req.URL.EscapedPath()),
		slog.Duration("took", l.now().Sub(start)),
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", errorCode(err)))
		l.logger.LogAttrs(req.Context(), slog.LevelDebug, "github request", attrs...)
		return resp, err
	}
	attrs = append(attrs,
		slog.Int("status", resp.StatusCode),
		slog.String("cache", l.cacheOutcome(req, resp)))
	if rem := resp.Header.Get(headerRateRemaining); rem != "" && resp.Header.Get(HeaderFromCache) != FromCacheFresh {
		if n, convErr := strconv.Atoi(rem); convErr == nil {
			attrs = append(attrs, slog.Int("ratelimit_remaining", n))
		}
	}
	l.logger.LogAttrs(req.Context(), slog.LevelDebug, "github request", attrs...)
	return resp, err
}

func (l *logged) cacheOutcome(req *http.Request, resp *http.Response) string {
	if v := resp.Header.Get(HeaderFromCache); v != "" {
		return v
	}
	if !l.cached || !cacheableMethod(req.Method) {
		return "none"
	}
	if CacheModeFrom(req.Context()) == CacheBypass {
		return "bypass"
	}
	return "miss"
}
