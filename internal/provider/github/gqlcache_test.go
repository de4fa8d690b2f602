package github

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/redact"
)

// An answer quoting a secret the process knows (a server echoing the
// token) is used, but never written to the cache.
func TestGraphQLCacheKeepsNoAnswerQuotingASecret(t *testing.T) {
	const key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	c := &GraphQLCache{Dir: t.TempDir(), TTL: time.Hour, Redactor: redact.New("plain-token-value")}
	ctx := context.Background()
	c.put(ctx, key, json.RawMessage(`{"search":{"nodes":[{"title":"echo plain-token-value"}]}}`))
	if _, ok := c.get(ctx, key); ok {
		t.Fatal("an answer quoting the token was cached")
	}
	c.put(ctx, key, json.RawMessage(`{"search":{"nodes":[{"title":"a plain title"}]}}`))
	if _, ok := c.get(ctx, key); !ok {
		t.Fatal("a plain answer was not cached")
	}
}
