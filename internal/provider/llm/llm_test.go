package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"unicode/utf8"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

func TestEstimateTokens(t *testing.T) {
	// Reference counts are cl100k_base's for the same text.
	tests := []struct {
		text     string
		cl100k   int
		min, max int
	}{
		{"", 0, 0, 0},
		{"hello", 1, 1, 1},
		{"The quick brown fox jumps over the lazy dog.", 10, 9, 12},
		{"func (p *Provider) ModelName() string { return p.model }", 15, 12, 18},
		{"    if err != nil {\n        return err\n    }\n", 12, 10, 16},
		{"1234567890", 4, 3, 5},
		{"日本語のテキスト", 8, 5, 10},
		{"──────────────────────", 4, 1, 8},
		{"parse_issue_url(ownerRepoNumber)", 7, 6, 10},
	}
	for _, tt := range tests {
		got := EstimateTokens(tt.text)
		if got < tt.min || got > tt.max {
			t.Errorf("EstimateTokens(%q) = %d, want %d..%d (cl100k: %d)", tt.text, got, tt.min, tt.max, tt.cl100k)
		}
	}
}

func FuzzEstimateTokens(f *testing.F) {
	for _, s := range []string{"", "hello world", "\x00\x01\x02", "a\tb\r\nc", "日本", "🙂🙂", "x := []int{1, 2}", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := EstimateTokens(s)
		if n < 0 || (strings.TrimSpace(s) != "" && n == 0) {
			t.Fatalf("EstimateTokens(%q) = %d", s, n)
		}
		if n > len(s) && utf8.ValidString(s) {
			t.Fatalf("EstimateTokens(%q) = %d, more than one per byte", s, n)
		}
	})
}

func BenchmarkEstimateTokens(b *testing.B) {
	text := strings.Repeat("func (p *Provider) ModelName() string { return p.model } // The quick brown fox.\n", 1000)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		EstimateTokens(text)
	}
}

func TestContextWindow(t *testing.T) {
	table := []Window{{"gpt-4", 8192}, {"gpt-4o", 128000}, {"llama3.1", 131072}}
	tests := []struct {
		configured int
		model      string
		want       int
	}{
		{0, "gpt-4o-mini", 128000},
		{0, "GPT-4", 8192},
		{0, "llama3.1:70b", 131072},
		{0, "library/llama3.1", 131072},
		{0, "unknown", DefaultContextWindow},
		{2048, "gpt-4o", 2048},
	}
	for _, tt := range tests {
		if got := ContextWindow(tt.configured, table, tt.model); got != tt.want {
			t.Errorf("ContextWindow(%d, %q) = %d, want %d", tt.configured, tt.model, got, tt.want)
		}
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestTransportError(t *testing.T) {
	ep := Endpoint{Vendor: "Ollama", BaseURL: "http://localhost:11434/v1", UnavailableFix: "start Ollama with `ollama serve`"}
	live := context.Background()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithTimeout(context.Background(), 0)
	defer cancel2()
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}

	tests := []struct {
		name   string
		caller context.Context
		err    error
		code   errcode.Code
	}{
		{"caller cancelled", cancelled, context.Canceled, errcode.Canceled},
		{"caller deadline", expired, context.DeadlineExceeded, errcode.ProviderTimeout},
		{"our timeout", live, fmt.Errorf("post: %w", context.DeadlineExceeded), errcode.ProviderTimeout},
		{"net timeout", live, &net.OpError{Op: "read", Err: timeoutErr{}}, errcode.ProviderTimeout},
		{"refused", live, fmt.Errorf("post: %w", refused), errcode.ProviderUnavailable},
		{"dns", live, &net.DNSError{Err: "no such host", Name: "nope.invalid"}, errcode.ProviderUnavailable},
		{"dropped", live, io.ErrUnexpectedEOF, errcode.ProviderUnavailable},
	}
	for _, tt := range tests {
		got := TransportError(tt.caller, tt.err, ep)
		if !errcode.HasCode(got, tt.code) {
			t.Errorf("%s: %v, want %s", tt.name, got, tt.code)
		}
	}
	if e := TransportError(live, errors.New("HTTP 418"), ep); e != nil {
		t.Errorf("an API error was taken for a transport one: %v", e)
	}
	var e *errcode.Error
	if errors.As(TransportError(live, refused, ep), &e) && e.Fix != ep.UnavailableFix {
		t.Errorf("refused fix = %q", e.Fix)
	}
	if !errors.Is(TransportError(cancelled, context.Canceled, ep), context.Canceled) {
		t.Error("a cancellation should keep context.Canceled in its chain")
	}
}
