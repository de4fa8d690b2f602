package docs_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/service/analysis"
	"github.com/oss-dev/oss-dev/internal/service/docs"
)

func site(t *testing.T, root string) (*docs.Result, *httptest.Server) {
	t.Helper()
	res, err := (&docs.Service{Repos: repos()}).Build(context.Background(), docs.Request{Target: analysis.RepoTarget{Local: root}, Deps: true})
	if err != nil {
		t.Fatal(err)
	}
	s, err := docs.NewSite(res)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return res, srv
}

func get(t *testing.T, srv *httptest.Server, path string) (int, http.Header, string) {
	t.Helper()
	// The request line is sent as written: no client-side cleaning of ..
	req, err := http.NewRequest("GET", srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.URL.Opaque = path
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// TestSiteServesOnlyItsOwnPaths: the page and its parts answer; every
// other path, the repository's own files, traversals and a symbolic link
// to a file outside included, is 404.
func TestSiteServesOnlyItsOwnPaths(t *testing.T) {
	files := map[string]string{}
	for k, v := range goProject {
		files[k] = v
	}
	root := gitRepo(t, files)
	if err := os.Symlink("/etc/passwd", filepath.Join(root, "passwd-link")); err != nil {
		t.Fatal(err)
	}
	_, srv := site(t, root)
	for _, p := range []string{"/", "/style.css", "/copy.js", "/languages.svg", "/deps.svg", "/START_HERE.md", "/favicon.svg"} {
		code, h, body := get(t, srv, p)
		if code != 200 || body == "" || h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") {
			t.Errorf("GET %s: %d, headers %v, %d bytes", p, code, h, len(body))
		}
	}
	for _, p := range []string{"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/passwd-link", "/README.md", "/go.mod", "/.git/config",
		"/internal/", "/internal/x/x.go", "//etc/passwd", "/index.html", "/style.css/..", "/./style.css"} {
		code, _, body := get(t, srv, p)
		if code != 404 || strings.Contains(body, "root:") || strings.Contains(body, "module example.com") {
			t.Errorf("GET %s: %d %q, want 404", p, code, body)
		}
	}
	resp, err := srv.Client().Post(srv.URL+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d", resp.StatusCode)
	}
}

// TestSiteRefusesOtherHosts: with its hosts set, a request naming another
// host (a DNS name rebound to 127.0.0.1) gets nothing.
func TestSiteRefusesOtherHosts(t *testing.T) {
	res, err := (&docs.Service{Repos: repos()}).Build(context.Background(), docs.Request{Target: analysis.RepoTarget{Local: gitRepo(t, goProject)}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := docs.NewSite(res)
	if err != nil {
		t.Fatal(err)
	}
	s.AllowHosts("127.0.0.1:1234")
	for host, want := range map[string]int{"127.0.0.1:1234": 200, "evil.example:1234": 421, "localhost:1234": 421} {
		r := httptest.NewRequest("GET", "http://"+host+"/", nil)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != want {
			t.Errorf("Host %s: %d, want %d", host, w.Code, want)
		}
	}
}

// TestHostileRepositoryStaysTextOnThePage: nothing from the repository
// becomes markup, script or a link on the page or in its pictures.
func TestHostileRepositoryStaysTextOnThePage(t *testing.T) {
	files := map[string]string{}
	for k, v := range hostileFiles {
		files[k] = v
	}
	files["package.json"] = `{"name": "hostile", "description": "Desc <script>alert('pkg')</script>",
  "scripts": {"test": "node test.js"},
  "dependencies": {"<script>alert('dep')</script>": "1.0.0", "left-pad": "javascript:alert(6)"}}`
	_, srv := site(t, gitRepo(t, files))
	_, _, page := get(t, srv, "/")
	if n := strings.Count(page, "<script"); n != 1 || !strings.Contains(page, `<script src="/copy.js" defer></script>`) {
		t.Errorf("the page has %d script elements, want only its own:\n%s", n, page)
	}
	for _, bad := range []string{"<img src=x", "=\"javascript", "<a href=\"j", " onerror=", "\x1b", "\u202e", "<h1>x", "]0;owned"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	for _, want := range []string{"Desc &lt;script&gt;alert(&#39;pkg&#39;)&lt;/script&gt;", "npm test -- --grep &#39;&lt;script&gt;alert(4)&lt;/script&gt;&#39;",
		"<code>&lt;script&gt;alert(&#39;dep&#39;)&lt;/script&gt;</code>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks the escaped text %q", want)
		}
	}
	_, _, graph := get(t, srv, "/deps.svg")
	if strings.Contains(graph, "<script") || !strings.Contains(graph, "&lt;script&gt;alert(&#39;dep&#39;)") {
		t.Errorf("deps.svg:\n%s", graph)
	}
}
