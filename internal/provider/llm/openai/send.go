package openai

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Retry bounds: a wait the server asks for beyond maxRetryWait is not
// waited for; the error says when to come back instead.
const (
	retryBase    = 500 * time.Millisecond
	maxRetryWait = 20 * time.Second
	maxErrorBody = 64 << 10
)

// callContext bounds one call by the configured timeout.
func (p *Provider) callContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if p.timeout > 0 {
		return context.WithTimeout(ctx, p.timeout)
	}
	return context.WithCancel(ctx)
}

// send posts body to the chat completions endpoint and returns the 2xx
// answer, whose body the caller reads and closes. Failures before the
// answer began are retried within p.maxRetries; everything else becomes an
// *errcode.Error. caller is the context the user passed, ctx the one bounded
// by the configured timeout.
func (p *Provider) send(caller, ctx context.Context, body []byte) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		resp, err := p.post(ctx, body)
		if err != nil {
			if attempt < p.maxRetries && droppedConnection(err) && ctx.Err() == nil {
				if err := sleep(ctx, backoff(attempt)); err != nil {
					return nil, p.mapError(caller, err)
				}
				continue
			}
			return nil, p.mapError(caller, err)
		}
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			return resp, nil
		}
		data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		resp.Body.Close()
		if attempt < p.maxRetries && retryableStatus(resp.StatusCode) {
			if wait, ok := retryWait(resp.Header, attempt); ok {
				if err := sleep(ctx, wait); err != nil {
					return nil, p.mapError(caller, err)
				}
				continue
			}
		}
		return nil, p.statusError(resp.StatusCode, resp.Header, data)
	}
}

func (p *Provider) post(ctx context.Context, body []byte) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.baseURL+"/chat/completions", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("User-Agent", "oss-dev")
	// Set only from the configuration or the preset's own variable, so a
	// key meant for one vendor never reaches another server.
	if p.apiKey != "" {
		req.Header.Set("Authorization", "Bearer "+p.apiKey)
	}
	return p.http.Do(req)
}

func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable:
		return true
	}
	return false
}

// droppedConnection reports a connection that broke before the answer
// began: worth one more try. A refused connection is not: nothing listens.
func droppedConnection(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// retryWait is the wait before the next attempt: Retry-After when the
// server sent one it is worth waiting for, else a jittered backoff. ok is
// false when the server asks for longer than maxRetryWait.
func retryWait(h http.Header, attempt int) (time.Duration, bool) {
	after := strings.TrimSpace(h.Get("Retry-After"))
	if after == "" {
		return backoff(attempt), true
	}
	var d time.Duration
	if secs, err := strconv.Atoi(after); err == nil {
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(after); err == nil {
		d = time.Until(t)
	} else {
		return backoff(attempt), true
	}
	if d > maxRetryWait {
		return 0, false
	}
	return max(d, 0), true
}

// backoff is 0.5 s, 1 s, 2 s, ... with up to 25% jitter, so that many
// clients do not retry in step.
func backoff(attempt int) time.Duration {
	d := retryBase << min(attempt, 5)
	return d + rand.N(d/4+1)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
