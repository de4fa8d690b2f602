package transport

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// GitHub's rate-limit response headers.
const (
	headerRateLimit     = "X-Ratelimit-Limit"
	headerRateRemaining = "X-Ratelimit-Remaining"
	headerRateUsed      = "X-Ratelimit-Used"
	headerRateReset     = "X-Ratelimit-Reset"
	headerRateResource  = "X-Ratelimit-Resource"
)

// unauthenticatedCoreLimit is GitHub's hourly limit without a token; a
// response that reports it was sent unauthenticated.
const unauthenticatedCoreLimit = 60

// RateInfo is the primary rate limit a response reports.
type RateInfo struct {
	Limit     int
	Remaining int
	Used      int
	// Reset is when the window starts again; zero when not reported.
	Reset time.Time
	// Resource is the bucket the request counted against: core, search, ...
	Resource string
	// Known is false when the response carried no X-Ratelimit-Remaining.
	Known bool
}

// Exhausted reports a known, used-up limit.
func (r RateInfo) Exhausted() bool { return r.Known && r.Remaining == 0 }

// ParseRate reads the X-Ratelimit-* headers of h.
func ParseRate(h http.Header) RateInfo {
	var r RateInfo
	rem := strings.TrimSpace(h.Get(headerRateRemaining))
	n, err := strconv.Atoi(rem)
	if err != nil {
		return r
	}
	r.Known, r.Remaining = true, n
	r.Limit, _ = strconv.Atoi(strings.TrimSpace(h.Get(headerRateLimit)))
	r.Used, _ = strconv.Atoi(strings.TrimSpace(h.Get(headerRateUsed)))
	r.Resource = strings.TrimSpace(h.Get(headerRateResource))
	r.Reset = parseEpoch(h.Get(headerRateReset))
	return r
}

// parseEpoch reads UTC epoch seconds. A value too large to be seconds (past
// the year 5000) is read as milliseconds, which some recorded fixtures hold.
func parseEpoch(s string) time.Time {
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || v <= 0 {
		return time.Time{}
	}
	const maxSeconds = 95617584000 // 5000-01-01
	if v > maxSeconds {
		return time.UnixMilli(v)
	}
	return time.Unix(v, 0)
}

// parseRetryAfter reads Retry-After as seconds or an HTTP date.
func parseRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			secs = 0
		}
		if secs > math.MaxInt64/int64(time.Second) {
			secs = math.MaxInt64 / int64(time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// RateLimitError reports an exhausted primary rate limit: when it resets
// (local time and how long from now) and what to do. The client uses it for
// go-github's own *github.RateLimitError too.
func RateLimitError(info RateInfo, authenticated bool, now time.Time) *errcode.Error {
	bucket := "request"
	if info.Resource != "" && info.Resource != "core" {
		bucket = info.Resource + " request"
	}
	msg := fmt.Sprintf("GitHub's %s rate limit is used up", bucket)
	if info.Limit > 0 {
		msg = fmt.Sprintf("GitHub's %s rate limit (%d an hour) is used up", bucket, info.Limit)
		if info.Resource == "search" {
			msg = fmt.Sprintf("GitHub's search rate limit (%d a minute) is used up", info.Limit)
		}
	}
	when := "later"
	if !info.Reset.IsZero() {
		when = resetText(info.Reset, now)
		msg += "; it resets " + when
	}
	fix := "Wait until it resets (" + when + ") and try again."
	if !authenticated {
		fix = "Authenticate to raise the limit from 60 to 5,000 requests an hour: set GH_TOKEN or run `gh auth login`; or wait until it resets (" + when + ")."
	}
	return errcode.New(errcode.ProviderRateLimited, msg, fix)
}

// secondaryLimitError reports a secondary rate limit that outlasted the
// retries or asks for a longer wait than allowed.
func secondaryLimitError(what string, wait time.Duration, now time.Time) *errcode.Error {
	msg := "GitHub's secondary rate limit stopped " + what
	when := "in a minute or so"
	if wait > 0 {
		when = resetText(now.Add(wait), now)
		msg += "; it lifts " + when
	}
	return errcode.New(errcode.ProviderRateLimited, msg,
		"Try again "+when+"; sending fewer requests at once keeps clear of this limit.")
}

// resetText renders t as local wall time with the distance from now, such
// as "at 15:04 (in 23 minutes)".
func resetText(t, now time.Time) string {
	local := t.Local()
	layout := "15:04:05"
	y1, m1, d1 := local.Date()
	y2, m2, d2 := now.Local().Date()
	if y1 != y2 || m1 != m2 || d1 != d2 {
		layout = "Jan 2 15:04:05"
	}
	return "at " + local.Format(layout) + " (" + inText(t.Sub(now)) + ")"
}

// inText renders a duration for people, rounded up: "in 23 minutes".
func inText(d time.Duration) string {
	switch {
	case d <= 0:
		return "now"
	case d < time.Minute:
		return plural(int(math.Ceil(d.Seconds())), "second")
	case d < 2*time.Hour:
		return plural(int(math.Ceil(d.Minutes())), "minute")
	default:
		return plural(int(math.Ceil(d.Hours())), "hour")
	}
}

func plural(n int, unit string) string {
	if n == 1 {
		return "in 1 " + unit
	}
	return fmt.Sprintf("in %d %ss", n, unit)
}
