package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/redact"
	"github.com/oss-dev/oss-dev/internal/service/discovery"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/provider/ghauth"
	"github.com/oss-dev/oss-dev/internal/provider/github"
	"github.com/oss-dev/oss-dev/internal/provider/transport"
)

// gitHubDeps are what newGitHub needs besides the configuration; zero
// fields take the real ones, tests set them.
type gitHubDeps struct {
	// Token resolves the credential for a host; nil means ghauth.Resolve.
	Token func(ctx context.Context, host string) ghauth.Token
	// CacheDir holds cached answers (config.Dirs.GitHubCache); "" keeps none.
	CacheDir string
	// Logger receives one debug line per request; nil discards.
	Logger *slog.Logger
	// OnWait is told when a rate limit makes the client pause.
	OnWait func(d time.Duration, reason string)
	// Base sends the requests; nil means http.DefaultTransport.
	Base http.RoundTripper
	// Redactor is told the token, whatever its source, and masks it in
	// messages and cache entries; nil means one for this client alone.
	Redactor *redact.Redactor
}

// newGitHub builds the GitHub provider from the [github] settings: a token
// from GH_TOKEN, GITHUB_TOKEN or the gh CLI's login (none is allowed and
// means anonymous access), the transport's cache, retries and rate-limit
// handling, and the go-github client on top.
func newGitHub(ctx context.Context, cfg *config.Config, deps gitHubDeps) (*github.Client, error) {
	gc := cfg.GitHub
	resolve := deps.Token
	if resolve == nil {
		resolve = ghauth.Resolve
	}
	tok := resolve(ctx, gc.Host)
	red := deps.Redactor
	if red == nil {
		red = redact.New()
	}
	red.Add(tok.Value)
	// The client derives the API URL from the host when api_url is empty;
	// build it once here so that the transport sends the token to the
	// same origin the client talks to.
	probe, err := github.New(nil, github.Options{Host: gc.Host, APIURL: gc.APIURL})
	if err != nil {
		return nil, err
	}
	cacheDir := ""
	if gc.Cache {
		cacheDir = deps.CacheDir
	}
	rt := transport.New(transport.Options{
		Token:       tok.Value,
		TokenSource: tok.Source,
		APIURL:      probe.APIURL(),
		CacheDir:    cacheDir,
		CacheTTL:    gc.CacheTTL,
		MaxRetries:  gc.MaxRetries,
		Timeout:     gc.Timeout,
		Logger:      deps.Logger,
		OnWait:      deps.OnWait,
		Base:        deps.Base,
		Redactor:    red,
	})
	client, err := github.New(&http.Client{Transport: rt}, github.Options{
		Host:       gc.Host,
		APIURL:     probe.APIURL(),
		GraphQLURL: probe.GraphQLURL(),
		Anonymous:  !tok.IsSet(),
		UserAgent:  "oss-dev/" + versionString(),
		Redactor:   red,
	})
	if err != nil {
		return nil, err
	}
	return client, nil
}

// gitHubClient builds the GitHub provider once, on first use. With --debug
// the transport logs one line per request (method, path, status, cache
// outcome, remaining rate limit) on stderr; tokens never reach that log.
func gitHubClient(f *cmdutil.Factory) func() (*github.Client, error) {
	return sync.OnceValues(func() (*github.Client, error) {
		cfg, err := f.Config()
		if err != nil {
			return nil, err
		}
		deps := gitHubDeps{OnWait: func(d time.Duration, reason string) {
			f.IO.StartProgress(fmt.Sprintf("waiting %s: %s", d.Round(time.Second), reason))
		}, Redactor: f.IO.Redactor(), CacheDir: f.Dirs.GitHubCache}
		if f.Output.Debug {
			deps.Logger = slog.New(slog.NewTextHandler(f.IO.Redactor().Writer(f.IO.ErrOut), &slog.HandlerOptions{Level: slog.LevelDebug}))
		}
		return newGitHub(context.Background(), cfg, deps)
	})
}

// gitHubAs hands the provider out as the consumer's interface T (as
// converts it, so the compiler checks that the client has every method
// the consumer declares). A failure is a nil T, never a nil client inside
// one.
func gitHubAs[T any](client func() (*github.Client, error), as func(*github.Client) T) func() (T, error) {
	return func() (T, error) {
		c, err := client()
		if err != nil {
			var zero T
			return zero, err
		}
		return as(c), nil
	}
}

// discoveryService builds discovery over the GitHub client, with GraphQL
// answers cached beside the REST ones for github.cache_ttl, so that
// `oss-dev cache` counts and clears them.
func discoveryService(f *cmdutil.Factory, client func() (*github.Client, error)) func() (*discovery.Service, error) {
	return func() (*discovery.Service, error) {
		c, err := client()
		if err != nil {
			return nil, err
		}
		var cache *github.GraphQLCache
		if cfg, err := f.Config(); err == nil && cfg.GitHub.Cache && f.Dirs.GitHubCache != "" {
			cache = &github.GraphQLCache{Dir: f.Dirs.GitHubCache, TTL: cfg.GitHub.CacheTTL}
		}
		return discovery.New(github.NewDiscoverer(c, cache)), nil
	}
}
