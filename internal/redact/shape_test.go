package redact

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	classic := "ghp_" + strings.Repeat("a1B2", 9)
	fine := "github_pat_11ABCDEFG0" + strings.Repeat("x_Y9", 20)
	tests := []struct{ name, in, want string }{
		{"classic pat", "token " + classic + " rejected", "token **** rejected"},
		{"fine-grained pat", "got " + fine, "got ****"},
		{"oauth and app tokens", "gho_" + strings.Repeat("z", 36) + "," + "ghs_" + strings.Repeat("Q", 36) + ";ghu_" + strings.Repeat("1", 30) + " ghr_" + strings.Repeat("k", 40),
			"****,****;**** ****"},
		{"inside JSON", `{"token":"` + classic + `"}`, `{"token":"****"}`},
		{"prose about prefixes stays", "tokens start with ghp_ or gho_", "tokens start with ghp_ or gho_"},
		{"too short to be a token", "ghp_short", "ghp_short"},
		{"authorization header line", "GET /user\r\nAuthorization: Bearer s3cr3t-value\r\nAccept: */*",
			"GET /user\r\nAuthorization: Bearer ****\r\nAccept: */*"},
		{"authorization without scheme", "authorization: abcdef", "authorization: ****"},
		{"plain text untouched", "GET /repos/cli/cli/issues/1 200", "GET /repos/cli/cli/issues/1 200"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Shapes(tt.in); got != tt.want {
				t.Fatalf("Shapes(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRedactorKnownValues(t *testing.T) {
	// An old-style 40-hex token has no prefix to recognise it by.
	secret := "0123456789abcdef0123456789abcdef01234567"
	r := New(secret, "", "  ")
	got := r.Redact("error: bad credentials for " + secret + " (twice: " + secret + ")")
	if strings.Contains(got, secret) {
		t.Fatalf("secret survived: %q", got)
	}
	if want := "error: bad credentials for **** (twice: ****)"; got != want {
		t.Fatalf("got %q want %q", got, want)
	}
	var nilR *Redactor
	if got := nilR.Redact("ghp_" + strings.Repeat("a", 36)); got != "****" {
		t.Fatalf("nil Redactor: %q", got)
	}
}

func TestWriterCatchesSecretsSplitAcrossWrites(t *testing.T) {
	secret := "ghp_" + strings.Repeat("S", 36)
	known := "plainsecretvalue-without-prefix"
	var out strings.Builder
	w := New(known).Writer(&out)
	text := "level=DEBUG msg=x token=" + secret + " other=" + known + "\nsecond line " + known
	// One byte at a time: the worst split there is.
	for i := 0; i < len(text); i++ {
		if _, err := w.Write([]byte{text[i]}); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Contains(out.String(), "second") {
		t.Fatalf("unterminated line written before Flush: %q", out.String())
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.Contains(got, secret) || strings.Contains(got, known) {
		t.Fatalf("secret written: %q", got)
	}
	if want := "level=DEBUG msg=x token=**** other=****\nsecond line ****"; got != want {
		t.Fatalf("got %q want %q", got, want)
	}
}

func TestWriterFlushesLongLines(t *testing.T) {
	var out strings.Builder
	w := New().Writer(&out)
	long := strings.Repeat("x", maxPending+10)
	if _, err := w.Write([]byte(long)); err != nil {
		t.Fatal(err)
	}
	if out.Len() != len(long) {
		t.Fatalf("held %d bytes past the bound", len(long)-out.Len())
	}
}

func FuzzRedactor(f *testing.F) {
	f.Add("token ghp_0123456789abcdefghijABCDEFGHIJ012345 here", "s3cr3t")
	f.Add("Authorization: Bearer abc\nnext", "abc")
	f.Add("github_pat_"+strings.Repeat("A", 82), "")
	f.Fuzz(func(t *testing.T, text, secret string) {
		secret = strings.TrimSpace(secret)
		r := New(secret)
		out := r.Redact(text + secret + text)
		// Masking cannot remove a secret that is part of the mask itself.
		if len(secret) >= MinSecretLen && !strings.ContainsRune(secret, '*') && strings.Contains(out, secret) {
			t.Fatalf("secret %q survived in %q", secret, out)
		}
		token := "ghp_" + strings.Repeat("k", 36)
		if out := Shapes(text + " " + token + " " + text); strings.Contains(out, token) {
			t.Fatalf("token survived in %q", out)
		}
	})
}
