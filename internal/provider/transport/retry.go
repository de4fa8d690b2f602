package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/redact"
)

// Backoff for server errors and broken connections: 1s, 2s, 4s, ... up to
// 30s, each with jitter so that many clients do not retry in step.
const (
	backoffBase = time.Second
	backoffCap  = 30 * time.Second
	// secondaryBase is the wait for a secondary limit that names none:
	// GitHub asks for at least a minute.
	secondaryBase = time.Minute
)

// Retry sends a request again after rate limits, server errors and broken
// connections, within bounds, and turns what it gives up on into
// *errcode.Error (see the package comment).
//
//   - Primary rate limit (403/429, X-Ratelimit-Remaining: 0): waits for the
//     reset and tries once more when the reset is within MaxWait; otherwise
//     PROVIDER_RATE_LIMITED naming the reset.
//   - Secondary rate limit (403/429 with Retry-After, or GitHub's message
//     saying so): waits Retry-After, else until the reset, else a minute,
//     doubling; any method, since GitHub did not act on the request.
//   - 500, 502, 503, 504 and broken connections: jittered exponential backoff,
//     honouring Retry-After; only for idempotent methods.
//   - 401: PROVIDER_AUTH_FAILED at once.
//
// Retries are bounded by MaxRetries and MaxRetryTime; every wait by MaxWait.
type Retry struct {
	Next         http.RoundTripper
	MaxRetries   int
	MaxWait      time.Duration // zero: DefaultMaxWait; negative: never wait
	MaxRetryTime time.Duration // zero: DefaultMaxRetryTime
	// Timeout bounds each attempt including reading its body; zero: none.
	Timeout time.Duration
	// Authenticated and TokenSource shape the fixes of auth and rate-limit
	// errors.
	Authenticated bool
	TokenSource   string
	Now           func() time.Time
	Sleep         func(ctx context.Context, d time.Duration) error
	OnWait        func(d time.Duration, reason string)
	Logger        *slog.Logger
	// Redactor masks the token in any text quoted into errors; nil masks
	// token-shaped text only.
	Redactor *redact.Redactor
}

// verdict is what Retry makes of one attempt.
type verdict struct {
	done      bool // return resp, err as they are
	resp      *http.Response
	err       error
	wait      time.Duration // before the next attempt
	reason    string
	fail      error // returned when no further attempt is made
	primary   bool  // a primary-limit wait, allowed once beyond MaxRetries
	secondary bool  // a secondary-limit wait
}

// retryState counts what happened to one request so far.
type retryState struct {
	retries       int // retries made, primary-limit wait excluded
	secondaryHits int
	primaryWaited bool
}

// RoundTrip implements http.RoundTripper.
func (r *Retry) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	start := r.now()
	var waited time.Duration
	var st retryState
	for attempt := 0; ; attempt++ {
		resp, err := r.try(req, attempt)
		v := r.judge(req, resp, err, st)
		if v.done {
			return v.resp, v.err
		}
		discard(resp)
		allowed := st.retries < r.MaxRetries
		if v.primary {
			allowed = !st.primaryWaited
		}
		// Elapsed time includes the waits with a real clock; waited counts
		// them when Sleep does not move the clock.
		budgetLeft := r.maxRetryTime() - max(r.now().Sub(start), waited)
		if !allowed || !replayable(req) || v.wait > r.maxWait() || v.wait > budgetLeft {
			return nil, v.fail
		}
		if v.primary {
			st.primaryWaited = true
		} else {
			st.retries++
		}
		if v.secondary {
			st.secondaryHits++
		}
		r.logger().LogAttrs(ctx, slog.LevelDebug, "github request retry",
			slog.String("method", req.Method), slog.String("path", req.URL.EscapedPath()),
			slog.String("reason", v.reason), slog.Duration("wait", v.wait), slog.Int("attempt", attempt+1))
		if r.OnWait != nil && v.wait > 0 {
			r.OnWait(v.wait, v.reason)
		}
		if err := r.sleep(ctx, v.wait); err != nil {
			return nil, contextError(req, err)
		}
		waited += v.wait
	}
}

// try sends one attempt, under its own timeout, with a fresh body.
func (r *Retry) try(req *http.Request, attempt int) (*http.Response, error) {
	ctx, cancel := req.Context(), context.CancelFunc(func() {})
	if r.Timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, r.Timeout)
	}
	out := req.WithContext(ctx)
	if attempt > 0 && req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			cancel()
			return nil, err
		}
		out.Body = body
	}
	resp, err := r.Next.RoundTrip(out)
	if err != nil {
		if req.Context().Err() == nil && ctx.Err() != nil {
			err = r.timeoutError(req, err)
		}
		cancel()
		return nil, err
	}
	resp.Request = req
	if r.Timeout > 0 {
		resp.Body = &attemptBody{ReadCloser: resp.Body, ctx: ctx, parent: req.Context(), cancel: cancel, timeout: func(err error) error { return r.timeoutError(req, err) }}
	} else {
		cancel()
	}
	return resp, nil
}

// judge decides what to do after one attempt.
func (r *Retry) judge(req *http.Request, resp *http.Response, err error, st retryState) verdict {
	now := r.now()
	what := describe(req)
	if err != nil {
		if ctxErr := req.Context().Err(); ctxErr != nil {
			return verdict{done: true, err: contextError(req, ctxErr)}
		}
		if errcode.HasCode(err, errcode.ProviderTimeout) {
			return verdict{done: true, err: err}
		}
		fail := errcode.Wrap(errcode.ProviderUnavailable, err,
			fmt.Sprintf("GitHub could not be reached for %s: %s", what, r.Redactor.Redact(err.Error())),
			"Check the network connection and https://www.githubstatus.com, then try again.")
		if !idempotent(req.Method) || !retryableError(err) {
			return verdict{done: true, err: fail}
		}
		return verdict{wait: backoff(st.retries), reason: "connection error", fail: fail}
	}
	switch code := resp.StatusCode; {
	case code == http.StatusUnauthorized:
		detail := readMessage(resp).text(r.Redactor)
		discard(resp)
		return verdict{done: true, err: authError(what, detail, r.TokenSource, !r.Authenticated)}
	case code == http.StatusForbidden || code == http.StatusTooManyRequests:
		return r.judgeLimit(req, resp, now, st.secondaryHits)
	case code == http.StatusInternalServerError || code == http.StatusBadGateway ||
		code == http.StatusServiceUnavailable || code == http.StatusGatewayTimeout:
		if !idempotent(req.Method) {
			return verdict{done: true, resp: resp}
		}
		wait := backoff(st.retries)
		if d, ok := parseRetryAfter(resp.Header, now); ok {
			wait = d
		}
		fail := errcode.New(errcode.ProviderUnavailable,
			fmt.Sprintf("GitHub answered %s to %s and did not recover after retrying.", resp.Status, what),
			"GitHub may be having trouble (https://www.githubstatus.com); try again later.")
		return verdict{wait: wait, reason: resp.Status, fail: fail}
	}
	return verdict{done: true, resp: resp}
}

// judgeLimit handles a 403 or 429: a rate limit to wait for or report, or a
// plain refusal to pass on.
func (r *Retry) judgeLimit(req *http.Request, resp *http.Response, now time.Time, secondaryHits int) verdict {
	msg := readMessage(resp)
	rate := ParseRate(resp.Header)
	what := describe(req)
	switch {
	case isSecondary(resp, msg) || (resp.StatusCode == http.StatusTooManyRequests && !rate.Exhausted()):
		wait, ok := parseRetryAfter(resp.Header, now)
		if !ok && rate.Exhausted() && !rate.Reset.IsZero() {
			wait, ok = rate.Reset.Sub(now)+time.Second, true
		}
		if !ok {
			wait = secondaryBase << min(secondaryHits, 6)
		}
		return verdict{wait: wait, reason: "secondary rate limit", secondary: true, fail: secondaryLimitError(what, wait, now)}
	case rate.Exhausted():
		fail := RateLimitError(rate, r.Authenticated, now)
		if rate.Reset.IsZero() {
			return verdict{done: true, err: fail}
		}
		wait := max(rate.Reset.Sub(now)+time.Second, time.Second)
		return verdict{wait: wait, reason: "primary rate limit", fail: fail, primary: true}
	}
	return verdict{done: true, resp: resp}
}

func (r *Retry) timeoutError(req *http.Request, cause error) error {
	return errcode.Wrap(errcode.ProviderTimeout, cause,
		fmt.Sprintf("GitHub did not answer %s within %s.", describe(req), r.Timeout),
		"Try again; if GitHub is slow to answer, raise github.timeout in the configuration.")
}

// contextError reports the caller's context ending; the context's error
// stays in the chain for errors.Is.
func contextError(req *http.Request, err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return errcode.Wrap(errcode.ProviderTimeout, err, "Ran out of time waiting for GitHub ("+describe(req)+").",
			"Try again with more time.")
	}
	return errcode.Wrap(errcode.Canceled, err, "Canceled: "+describe(req)+".", "")
}

func (r *Retry) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Retry) sleep(ctx context.Context, d time.Duration) error {
	if r.Sleep != nil {
		if err := r.Sleep(ctx, d); err != nil {
			return err
		}
		return ctx.Err()
	}
	return SleepContext(ctx, d)
}

func (r *Retry) maxWait() time.Duration {
	switch {
	case r.MaxWait < 0:
		return 0
	case r.MaxWait == 0:
		return DefaultMaxWait
	}
	return r.MaxWait
}

func (r *Retry) maxRetryTime() time.Duration {
	if r.MaxRetryTime <= 0 {
		return DefaultMaxRetryTime
	}
	return r.MaxRetryTime
}

func (r *Retry) logger() *slog.Logger {
	if r.Logger != nil {
		return r.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// backoff returns the jittered wait before retry n (0-based): half the
// exponential step plus a random part of the other half.
func backoff(n int) time.Duration {
	d := backoffBase << min(n, 10)
	if d > backoffCap {
		d = backoffCap
	}
	half := d / 2
	return half + rand.N(half+1)
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete, http.MethodTrace:
		return true
	}
	return false
}

// replayable reports whether req's body can be sent again.
func replayable(req *http.Request) bool {
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

// retryableError reports connection failures worth another try; a bad
// certificate or an unknown host will not get better by retrying.
func retryableError(err error) bool {
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr):
		return false
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return false
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr)
}

// discard drains a little of a response we will not return and closes it,
// so the connection can be reused.
func discard(resp *http.Response) {
	if resp == nil || resp.Body == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}

// attemptBody keeps an attempt's timeout running while the body is read,
// reports that timeout as PROVIDER_TIMEOUT, and releases it on Close.
type attemptBody struct {
	io.ReadCloser
	ctx, parent context.Context
	cancel      context.CancelFunc
	timeout     func(error) error
}

func (b *attemptBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && b.parent.Err() == nil && b.ctx.Err() != nil {
		err = b.timeout(err)
	}
	return n, err
}

func (b *attemptBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
