package registry_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/registry"
)

func filled() *registry.Registry {
	r := registry.New()
	r.Register(registry.LLM, "openai", "the openai provider")
	r.Register(registry.LLM, "Gemini", "the gemini provider")
	r.Register(registry.LLM, "ollama", "the ollama provider")
	r.Register(registry.Git, "git", "the git provider")
	return r
}

func TestGet(t *testing.T) {
	r := filled()
	tests := []struct {
		category registry.Category
		name     string
		want     any
	}{
		{registry.LLM, "openai", "the openai provider"},
		{registry.LLM, "gemini", "the gemini provider"},
		{registry.LLM, " OLLAMA ", "the ollama provider"},
		{registry.Git, "git", "the git provider"},
	}
	for _, tt := range tests {
		got, err := r.Get(tt.category, tt.name)
		if err != nil || got != tt.want {
			t.Errorf("Get(%s, %q) = %v, %v; want %v", tt.category, tt.name, got, err, tt.want)
		}
	}
}

func TestUnknownNameListsTheKnownOnes(t *testing.T) {
	r := filled()
	_, err := r.Get(registry.LLM, "claude")
	var e *errcode.Error
	if !errors.As(err, &e) || e.Code != errcode.ProviderNotFound {
		t.Fatalf("err = %v, want PROVIDER_NOT_FOUND", err)
	}
	for _, text := range []string{e.Message, e.Fix} {
		if !strings.Contains(text, "gemini, ollama, openai") {
			t.Errorf("%q does not list the known names in order", text)
		}
	}
	if !strings.Contains(e.Message, `"claude"`) {
		t.Errorf("message %q does not name what was asked for", e.Message)
	}

	// A name of another category is unknown here.
	if _, err := r.Get(registry.GitHub, "openai"); !errcode.HasCode(err, errcode.ProviderNotFound) {
		t.Errorf("Get(github, openai) err = %v", err)
	}
}

func TestDefault(t *testing.T) {
	r := filled()
	got, err := r.Default(registry.LLM)
	if err != nil || got != "the openai provider" {
		t.Fatalf("first registered should be the default: %v, %v", got, err)
	}
	if err := r.SetDefault(registry.LLM, "Ollama"); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.Default(registry.LLM); got != "the ollama provider" {
		t.Errorf("Default after SetDefault = %v", got)
	}
	if err := r.SetDefault(registry.LLM, "nope"); !errcode.HasCode(err, errcode.ProviderNotFound) {
		t.Errorf("SetDefault(unknown) err = %v", err)
	}
	if got, _ := r.Default(registry.LLM); got != "the ollama provider" {
		t.Errorf("a failed SetDefault changed the default to %v", got)
	}
	if _, err := r.Default(registry.GitHub); !errcode.HasCode(err, errcode.ProviderNotFound) {
		t.Errorf("Default of an empty category: %v", err)
	}
}

func TestRegisterReplaces(t *testing.T) {
	r := filled()
	r.Register(registry.LLM, "openai", "a newer openai provider")
	if got, _ := r.Get(registry.LLM, "openai"); got != "a newer openai provider" {
		t.Errorf("Get = %v", got)
	}
	if n := r.Names(registry.LLM); strings.Join(n, ",") != "gemini,ollama,openai" {
		t.Errorf("Names = %v", n)
	}
}

func TestNamesAndCategories(t *testing.T) {
	r := filled()
	if n := r.Names(registry.GitHub); len(n) != 0 {
		t.Errorf("Names(github) = %v", n)
	}
	r.Register("embedding", "local", 1)
	got := fmt.Sprint(r.Categories())
	if got != "[embedding git github llm]" {
		t.Errorf("Categories = %s", got)
	}
}

func TestConcurrentUse(t *testing.T) {
	r := registry.New()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("p%d", i)
			r.Register(registry.LLM, name, i)
			if _, err := r.Get(registry.LLM, name); err != nil {
				t.Error(err)
			}
			_, _ = r.Default(registry.LLM)
			_ = r.Names(registry.LLM)
		}()
	}
	wg.Wait()
	if n := len(r.Names(registry.LLM)); n != 8 {
		t.Errorf("registered %d, want 8", n)
	}
}
