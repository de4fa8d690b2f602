// Package github is the GitHub provider: REST through google/go-github and
// GraphQL where one query saves many REST calls. It takes an *http.Client
// that already authenticates, caches and retries (internal/provider/transport)
// and turns GitHub's answers into model values and errcode errors.
package github

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	gh "github.com/google/go-github/v93/github"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/redact"
)

// Options locate the GitHub instance.
type Options struct {
	// Host is github.com (the default) or a GitHub Enterprise Server host.
	Host string
	// APIURL is the REST base URL; empty derives https://api.github.com/
	// or https://HOST/api/v3/ from Host.
	APIURL string
	// UploadURL is the uploads base URL; empty derives it like APIURL.
	UploadURL string
	// GraphQLURL is the GraphQL endpoint; empty derives it from APIURL
	// (https://api.github.com/graphql, https://HOST/api/graphql).
	GraphQLURL string
	// Anonymous says the HTTP client sends no token. GraphQL, which has no
	// anonymous access, is then skipped in favour of REST.
	Anonymous bool
	// UserAgent overrides the User-Agent header.
	UserAgent string
	// Redactor knows the secrets of the process; answers that quote one
	// are not kept in the GraphQL cache. Nil knows secret shapes only.
	Redactor *redact.Redactor
}

// Client is the GitHub provider. It is safe for concurrent use.
type Client struct {
	rest       *gh.Client
	http       *http.Client
	host       string
	graphqlURL string
	anonymous  bool
	redactor   *redact.Redactor
}

// perPage is the largest page GitHub serves.
const perPage = 100

// New returns a client that sends its requests through httpClient.
func New(httpClient *http.Client, o Options) (*Client, error) {
	if httpClient == nil {
		httpClient = &http.Client{}
	}
	host := strings.ToLower(strings.TrimSpace(o.Host))
	if host == "" {
		host = model.DefaultHost
	}
	apiURL, uploadURL, graphqlURL := o.APIURL, o.UploadURL, o.GraphQLURL
	if apiURL == "" {
		apiURL = "https://api.github.com/"
		if host != model.DefaultHost {
			apiURL = "https://" + host + "/api/v3/"
		}
	}
	if !strings.HasSuffix(apiURL, "/") {
		apiURL += "/"
	}
	base, err := url.Parse(apiURL)
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, errcode.New(errcode.ConfigInvalid, "github.api_url "+quote(o.APIURL)+" is not an absolute URL",
			"set github.api_url to the REST base, such as https://ghe.example.com/api/v3/")
	}
	if uploadURL == "" {
		uploadURL = "https://uploads.github.com/"
		if host != model.DefaultHost || o.APIURL != "" {
			uploadURL = strings.TrimSuffix(apiURL, "api/v3/") + "api/uploads/"
		}
	}
	if graphqlURL == "" {
		if strings.HasSuffix(base.Path, "/api/v3/") {
			graphqlURL = strings.TrimSuffix(apiURL, "v3/") + "graphql"
		} else {
			graphqlURL = apiURL + "graphql"
		}
	}
	opts := []gh.ClientOptionsFunc{
		gh.WithHTTPClient(httpClient),
		gh.WithURLs(&apiURL, &uploadURL),
		// The transport waits for and reports rate limits; go-github's own
		// check would refuse requests on stale knowledge.
		gh.WithDisableRateLimitCheck(),
	}
	if o.UserAgent != "" {
		opts = append(opts, gh.WithUserAgent(o.UserAgent))
	}
	rest, err := gh.NewClient(opts...)
	if err != nil {
		return nil, errcode.Wrap(errcode.ConfigInvalid, err, "the GitHub URLs are not valid: "+err.Error(),
			"check github.host and github.api_url in the configuration")
	}
	return &Client{rest: rest, http: httpClient, host: host, graphqlURL: graphqlURL, anonymous: o.Anonymous, redactor: o.Redactor}, nil
}

// Host is the GitHub host the client talks to.
func (c *Client) Host() string { return c.host }

// APIURL is the REST base URL in use.
func (c *Client) APIURL() string { return c.rest.BaseURL() }

// GraphQLURL is the GraphQL endpoint in use.
func (c *Client) GraphQLURL() string { return c.graphqlURL }

func quote(s string) string { return "\"" + s + "\"" }

// limitOr returns limit, or def when limit is not positive.
func limitOr(limit, def int) int {
	if limit <= 0 {
		return def
	}
	return limit
}

// collect pages through a list endpoint until limit items are gathered
// (limit <= 0: all of them) or GitHub has no next page in its Link header.
func collect[T any](ctx context.Context, limit int, fetch func(ctx context.Context, page, size int) ([]T, *gh.Response, error)) ([]T, error) {
	var out []T
	size := perPage
	if limit > 0 && limit < perPage {
		size = limit
	}
	page := 1
	for {
		items, resp, err := fetch(ctx, page, size)
		if err != nil {
			return out, err
		}
		out = append(out, items...)
		if limit > 0 && len(out) >= limit {
			return out[:limit], nil
		}
		if resp == nil || resp.NextPage == 0 {
			return out, nil
		}
		page = resp.NextPage
	}
}
