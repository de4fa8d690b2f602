// Package registry keeps the providers (or provider constructors) that the
// composition root makes available, by category and name, with a default
// per category. It is filled at start-up and read after; it is safe for
// concurrent use all the same.
package registry

import (
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// Category groups providers of one kind.
type Category string

// The provider categories of the blueprint.
const (
	GitHub Category = "github"
	Git    Category = "git"
	LLM    Category = "llm"
)

// Registry maps (category, name) to a provider. The zero value is not
// usable; call New.
type Registry struct {
	mu        sync.RWMutex
	entries   map[Category]map[string]any
	defaults  map[Category]string
	knownCats []Category
}

// New returns an empty registry that knows the three built-in categories.
func New() *Registry {
	return &Registry{
		entries:   map[Category]map[string]any{},
		defaults:  map[Category]string{},
		knownCats: []Category{GitHub, Git, LLM},
	}
}

// Register adds p under name in category, replacing any earlier entry of
// that name. The first provider registered in a category becomes its
// default until SetDefault says otherwise. Names are matched without
// regard to case.
func (r *Registry) Register(category Category, name string, p any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	name = normalize(name)
	if r.entries[category] == nil {
		r.entries[category] = map[string]any{}
	}
	r.entries[category][name] = p
	if _, ok := r.defaults[category]; !ok {
		r.defaults[category] = name
	}
	if !slices.Contains(r.knownCats, category) {
		r.knownCats = append(r.knownCats, category)
	}
}

// Get returns the provider registered under name in category. An unknown
// name is a PROVIDER_NOT_FOUND error that lists the names there are.
func (r *Registry) Get(category Category, name string) (any, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	p, ok := r.entries[category][normalize(name)]
	if !ok {
		return nil, r.notFound(category, name)
	}
	return p, nil
}

// SetDefault makes name the default of category; name must be registered.
func (r *Registry) SetDefault(category Category, name string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	name = normalize(name)
	if _, ok := r.entries[category][name]; !ok {
		return r.notFound(category, name)
	}
	r.defaults[category] = name
	return nil
}

// Default returns the default provider of category: the one SetDefault
// named, else the first registered. An empty category is PROVIDER_NOT_FOUND.
func (r *Registry) Default(category Category) (any, error) {
	r.mu.RLock()
	name, ok := r.defaults[category]
	r.mu.RUnlock()
	if !ok {
		return nil, errcode.Newf(errcode.ProviderNotFound,
			"this build has no "+string(category)+" provider; check the category name",
			"no %s provider is registered", category)
	}
	return r.Get(category, name)
}

// Names returns the names registered in category, sorted.
func (r *Registry) Names(category Category) []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.names(category)
}

// Categories returns the categories the registry knows, sorted.
func (r *Registry) Categories() []Category {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := slices.Clone(r.knownCats)
	slices.Sort(out)
	return out
}

func (r *Registry) names(category Category) []string {
	out := make([]string, 0, len(r.entries[category]))
	for n := range r.entries[category] {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (r *Registry) notFound(category Category, name string) error {
	known := r.names(category)
	if len(known) == 0 {
		return errcode.Newf(errcode.ProviderNotFound,
			"this build has no "+string(category)+" provider; check the category name",
			"no %s provider is registered (asked for %q)", category, name)
	}
	return errcode.Newf(errcode.ProviderNotFound,
		"use one of: "+strings.Join(known, ", "),
		"unknown %s provider %q; known: %s", category, name, strings.Join(known, ", "))
}

func normalize(name string) string { return strings.ToLower(strings.TrimSpace(name)) }
