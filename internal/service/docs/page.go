package docs

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/oss-dev/oss-dev/internal/intelligence/deps"
)

//go:embed page.html.tmpl
var pageText string

//go:embed page.css
var pageCSS []byte

//go:embed page.js
var pageJS []byte

// favicon is the page's icon: a browser asks for one, and a 404 for it
// would be an error in the console.
var favicon = []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0072B2"/><path d="M4 8h8M8 4l4 4-4 4" stroke="#fff" stroke-width="2" fill="none"/></svg>`)

// asset is one response the site can give.
type asset struct {
	contentType string
	body        []byte
	// csp is the asset's Content-Security-Policy.
	csp string
}

// The policies: the page may load only its own style, script and images;
// an SVG opened on its own may run nothing.
const (
	pageCSP  = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	imageCSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
	plainCSP = "default-src 'none'; frame-ancestors 'none'"
)

// Site is the page and what it loads, built once and served from memory.
// It knows no folder: a path that is not one of its own is 404, so no
// file of the repository or of this machine can be reached through it.
type Site struct {
	assets map[string]asset
	// hosts are the Host headers it answers; empty answers any (tests
	// through httptest set none).
	hosts map[string]bool
}

// pageView is what the page template reads.
type pageView struct {
	*Guide
	Deps *deps.Summary
	// Direct are the project's direct dependencies, for the text list
	// beside the graph.
	Direct []deps.Package
}

// NewSite renders the page for a result.
func NewSite(res *Result) (*Site, error) {
	md, err := Markdown(res.Guide)
	if err != nil {
		return nil, err
	}
	view := pageView{Guide: res.Guide}
	if res.Deps != nil {
		view.Deps = &res.Deps.Summary
		for _, p := range res.Deps.Packages {
			if p.Direct && p.Role == "" {
				view.Direct = append(view.Direct, p)
			}
		}
	}
	t, err := template.New("page").Funcs(pageFuncs).Parse(pageText)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, view); err != nil {
		return nil, err
	}
	s := &Site{assets: map[string]asset{
		"/":              {"text/html; charset=utf-8", b.Bytes(), pageCSP},
		"/style.css":     {"text/css; charset=utf-8", pageCSS, plainCSP},
		"/copy.js":       {"text/javascript; charset=utf-8", pageJS, plainCSP},
		"/languages.svg": {"image/svg+xml", LanguageChart(res.Guide.Languages), imageCSP},
		"/deps.svg":      {"image/svg+xml", DependencyGraph(res.Guide.Name, res.Deps), imageCSP},
		"/" + FileName:   {"text/markdown; charset=utf-8", md, plainCSP},
		"/favicon.svg":   {"image/svg+xml", favicon, imageCSP},
	}}
	return s, nil
}

// AllowHosts makes the site answer only requests addressed to these
// host:port names, so a page elsewhere cannot reach it through a DNS name
// that it points at 127.0.0.1 (DNS rebinding).
func (s *Site) AllowHosts(hosts ...string) {
	s.hosts = map[string]bool{}
	for _, h := range hosts {
		s.hosts[h] = true
	}
}

// Paths lists what the site serves.
func (s *Site) Paths() []string {
	out := make([]string, 0, len(s.assets))
	for p := range s.assets {
		out = append(out, p)
	}
	return out
}

// ServeHTTP answers GET and HEAD for the site's own paths, exactly as
// spelled; anything else, a traversal or a name from the repository
// included, is 404 with no body worth reading.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	if s.hosts != nil && !s.hosts[r.Host] {
		http.Error(w, "unknown host", http.StatusMisdirectedRequest)
		return
	}
	a, ok := s.assets[r.URL.Path]
	if !ok || r.URL.RawPath != "" || strings.Contains(r.RequestURI, "..") {
		h.Set("Content-Security-Policy", plainCSP)
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h.Set("Content-Type", a.contentType)
	h.Set("Content-Security-Policy", a.csp)
	h.Set("Content-Length", strconv.Itoa(len(a.body)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(a.body)
}

var pageFuncs = template.FuncMap{
	"clean":  func(s string) string { return clean(s, false) },
	"lines":  func(s string) string { return strings.Trim(clean(s, true), "\n") },
	"kindOf": kindTitle,
	"origin": stepOrigin,
	"kinds":  func() []string { return shownKinds },
	"pct":    func(f float64) string { return fmt.Sprintf("%.1f%%", f) },
	"plural": plural,
	"join":   strings.Join,
	"conv":   conventionText,
	"deref":  func(l *Location) Location { return *l },
	"str":    func(l Location) string { return clean(l.String(), false) },
	"locs": func(ls []Location) string {
		var parts []string
		for i, l := range ls {
			if i == 3 {
				parts = append(parts, fmt.Sprintf("and %d more", len(ls)-3))
				break
			}
			parts = append(parts, clean(l.String(), false))
		}
		return strings.Join(parts, ", ")
	},
	"few":  func(ls []Location) string { return fewLocs(ls, func(s string) string { return clean(s, false) }) },
	"vary": func(c Command) string { return variantsText(c, func(s string) string { return clean(s, false) }) },
	"add":  func(a, b int) int { return a + b },
	"top":  topLanguages,
}
