package deps

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/safefile/safefiletest"
)

// split returns the sorted IDs of the direct and transitive packages.
func split(res *Result) (direct, transitive []string) {
	for _, p := range res.Packages {
		if p.Direct {
			direct = append(direct, p.ID)
		} else {
			transitive = append(transitive, p.ID)
		}
	}
	sort.Strings(direct)
	sort.Strings(transitive)
	return direct, transitive
}

func TestDirectAndTransitive(t *testing.T) {
	tests := []struct {
		fixture    string
		direct     []string
		transitive []string
	}{
		{"npm",
			[]string{"npm:@scope/ui@2.1.4", "npm:debug@2.6.9", "npm:express@4.18.2", "npm:fsevents@2.3.3", "npm:lodash@4.17.21", "npm:react@>=17", "npm:typescript@5.3.3"},
			[]string{"npm:debug@4.3.4", "npm:ms@2.0.0", "npm:ms@2.1.2"}},
		{"yarn-v1",
			[]string{"npm:@babel/code-frame@7.12.13", "npm:chalk@2.4.2", "npm:jest@29.7.0"},
			[]string{"npm:@babel/highlight@7.13.10", "npm:ansi-styles@3.2.1", "npm:js-tokens@4.0.0"}},
		{"yarn-berry",
			[]string{"npm:prettier@3.2.5", "npm:react@18.2.0"},
			[]string{"npm:js-tokens@4.0.0", "npm:loose-envify@1.4.0"}},
		{"pnpm",
			[]string{"npm:react-dom@18.2.0", "npm:react@18.2.0", "npm:vitest@1.2.2"},
			[]string{"npm:js-tokens@4.0.0", "npm:loose-envify@1.4.0", "npm:scheduler@0.23.0"}},
		{"poetry",
			[]string{"PyPI:click@8.1.7", "PyPI:poetry-core@>=1.0.0", "PyPI:pytest@8.0.2", "PyPI:requests@2.31.0"},
			[]string{"PyPI:certifi@2024.2.2", "PyPI:charset-normalizer@3.3.2", "PyPI:colorama@0.4.6", "PyPI:idna@3.6", "PyPI:iniconfig@2.0.0"}},
		{"uv",
			[]string{"PyPI:hatchling", "PyPI:httpx@0.27.0", "PyPI:matplotlib@3.8.3", "PyPI:pydantic@2.6.4", "PyPI:pytest@8.1.1", "PyPI:ruff@0.3.4"},
			[]string{"PyPI:anyio@4.3.0", "PyPI:email-validator@2.1.1", "PyPI:idna@3.6", "PyPI:sniffio@1.3.1", "PyPI:typing-extensions@4.10.0"}},
		{"cargo",
			[]string{"crates.io:anyhow@1.0.81", "crates.io:cc@1.0.90", "crates.io:libc@0.2.153", "crates.io:regex@1.10.4", "crates.io:serde@1.0.197", "crates.io:tempfile@3.10.1"},
			[]string{"crates.io:aho-corasick@1.1.3", "crates.io:fastrand@2.0.2", "crates.io:memchr@2.7.2", "crates.io:serde_derive@1.0.197"}},
		{"ruby",
			[]string{"RubyGems:nokogiri@1.16.3", "RubyGems:puma@6.4.2", "RubyGems:rails@7.1.3.2", "RubyGems:rspec-rails@6.1.2", "RubyGems:rubocop@1.62.1"},
			[]string{"RubyGems:actionpack@7.1.3.2", "RubyGems:nio4r@2.7.1", "RubyGems:racc@1.7.3", "RubyGems:rack@3.0.10"}},
		{"composer",
			[]string{"Packagist:guzzlehttp/guzzle@7.8.1", "Packagist:monolog/monolog@3.5.0", "Packagist:phpunit/phpunit@11.0.8"},
			[]string{"Packagist:guzzlehttp/psr7@2.6.2", "Packagist:psr/log@3.0.0", "Packagist:sebastian/diff@6.0.1"}},
		{"gomod",
			[]string{"Go:example.com/forked@v1.0.0", "Go:github.com/spf13/cobra@v1.8.0", "Go:golang.org/x/sync@v0.6.0"},
			[]string{"Go:github.com/inconshreveable/mousetrap@v1.1.0", "Go:github.com/spf13/pflag@v1.0.5"}},
		{"gradle",
			[]string{"Maven:com.google.guava:guava@33.1.0-jre", "Maven:com.squareup.okhttp3:logging-interceptor@4.12.0", "Maven:com.squareup.okhttp3:okhttp@4.12.0",
				"Maven:org.jetbrains.kotlinx:kotlinx-coroutines-core@1.8.0", "Maven:org.junit.jupiter:junit-jupiter@5.10.2",
				"Maven:org.junit.platform:junit-platform-launcher@1.10.2", "Maven:org.postgresql:postgresql@42.7.3", "Maven:org.projectlombok:lombok@1.18.32"},
			[]string{"Maven:com.google.guava:failureaccess@1.0.2", "Maven:com.squareup.okio:okio@3.6.0"}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			res := scanFixture(t, tt.fixture)
			direct, transitive := split(res)
			sort.Strings(tt.direct)
			sort.Strings(tt.transitive)
			if !reflect.DeepEqual(direct, tt.direct) {
				t.Errorf("direct = %q\nwant     %q", direct, tt.direct)
			}
			if !reflect.DeepEqual(transitive, tt.transitive) {
				t.Errorf("transitive = %q\nwant         %q", transitive, tt.transitive)
			}
			if len(res.Warnings) > 0 {
				t.Errorf("unexpected warnings: %+v", res.Warnings)
			}
		})
	}
}

// find returns the package with the given ID.
func find(t *testing.T, res *Result, id string) Package {
	t.Helper()
	for _, p := range res.Packages {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no package %s among %d", id, len(res.Packages))
	return Package{}
}

func TestScopesAndEvidence(t *testing.T) {
	tests := []struct {
		fixture, id string
		scope       Scope
		evidence    string // FILE:LINE that must be among the evidence
		constraint  string
	}{
		{"npm", "npm:typescript@5.3.3", Dev, "package.json:16", "~5.3.0"},
		{"npm", "npm:fsevents@2.3.3", Optional, "package-lock.json:72", "^2.3.3"},
		{"npm", "npm:debug@4.3.4", Runtime, "package-lock.json:36", ""},
		{"pnpm", "npm:vitest@1.2.2", Dev, "pnpm-lock.yaml:76", "^1.2.0"},
		{"poetry", "PyPI:iniconfig@2.0.0", Test, "poetry.lock:48", ""},
		{"poetry", "PyPI:click@8.1.7", Optional, "pyproject.toml:10", "^8.1"},
		{"uv", "PyPI:ruff@0.3.4", Dev, "pyproject.toml:17", "==0.3.4"},
		{"uv", "PyPI:pytest@8.1.1", Test, "uv.lock:84", ">=8"},
		{"requirements", "PyPI:gunicorn@21.2.0", Runtime, "requirements.txt:6", "==21.2.0"},
		{"requirements", "PyPI:psycopg@3.1.18", Runtime, "requirements/base.txt:2", "==3.1.18"},
		{"requirements", "PyPI:pytest@8.1.1", Dev, "requirements-dev.txt:2", "==8.1.1"},
		{"cargo", "crates.io:fastrand@2.0.2", Dev, "Cargo.lock:26", ""},
		{"cargo", "crates.io:cc@1.0.90", Build, "Cargo.toml:25", "1.0.90"},
		{"cargo", "crates.io:aho-corasick@1.1.3", Optional, "Cargo.lock:5", ""},
		{"ruby", "RubyGems:rspec-rails@6.1.2", Dev, "Gemfile:11", "~> 6.1"},
		{"composer", "Packagist:sebastian/diff@6.0.1", Dev, "composer.lock:53", ""},
		{"gomod", "Go:golang.org/x/sync@v0.6.0", Runtime, "go.mod:20", ""},
		{"maven", "Maven:org.slf4j:slf4j-api@2.0.12", Runtime, "pom.xml:47", "2.0.12"},
		{"maven", "Maven:org.junit.jupiter:junit-jupiter@5.10.2", Test, "service/pom.xml:28", "5.10.2"},
		{"maven", "Maven:com.fasterxml.jackson.core:jackson-databind@2.17.0", Runtime, "service/pom.xml:17", "2.17.0"},
		{"maven", "Maven:com.example:shop-model@2.3.0", Runtime, "service/pom.xml:12", "2.3.0"},
		{"maven", "Maven:jakarta.servlet:jakarta.servlet-api@6.0.0", Build, "pom.xml:51", "6.0.0"},
		{"gradle", "Maven:com.squareup.okhttp3:okhttp@4.12.0", Runtime, "gradle/libs.versions.toml:7", "4.12.0"},
		{"gradle", "Maven:org.projectlombok:lombok@1.18.32", Build, "app/build.gradle.kts:13", "1.18.32"},
		{"gradle", "Maven:com.google.guava:guava@33.1.0-jre", Runtime, "app/build.gradle.kts:11", "33.1.0-jre"},
	}
	for _, tt := range tests {
		t.Run(tt.fixture+"/"+tt.id, func(t *testing.T) {
			p := find(t, scanFixture(t, tt.fixture), tt.id)
			if p.Scope != tt.scope {
				t.Errorf("scope = %s, want %s", p.Scope, tt.scope)
			}
			if p.Constraint != tt.constraint {
				t.Errorf("constraint = %q, want %q", p.Constraint, tt.constraint)
			}
			var got []string
			for _, e := range p.Evidence {
				got = append(got, e.File+":"+itoa(e.Line))
			}
			if !strings.Contains(strings.Join(got, " ")+" ", tt.evidence+" ") {
				t.Errorf("evidence %v lacks %s", got, tt.evidence)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestGoReplaceAndNotes(t *testing.T) {
	res := scanFixture(t, "gomod")
	forked := find(t, res, "Go:example.com/forked@v1.0.0")
	if forked.Replaced != "github.com/someone/forked v1.0.1-fix" {
		t.Errorf("replaced = %q", forked.Replaced)
	}
	if len(res.Edges) != 0 {
		t.Errorf("go.mod gives no edges, got %v", res.Edges)
	}
	var sum Manifest
	for _, m := range res.Manifests {
		if m.Path == "go.sum" {
			sum = m
		}
	}
	if sum.Kind != KindLockfile || sum.RecordsEdges || len(sum.Notes) == 0 {
		t.Errorf("go.sum manifest = %+v; want a lock file that says it records no edges", sum)
	}
}

func TestMonorepoFromFileList(t *testing.T) {
	// A file list as git ls-files prints it: only what is listed is read,
	// and vendored or fixture folders are left out even when tracked.
	files := []string{
		"web/package.json", "web/package-lock.json", "services/api/go.mod", "ml/requirements.txt",
		"tools/cli/Cargo.toml", "testdata/fixture-app/package.json", "README.md",
	}
	res, err := Scan(context.Background(), filepath.Join("testdata", "monorepo"), files)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, m := range res.Manifests {
		paths = append(paths, m.Path)
	}
	want := []string{"ml/requirements.txt", "services/api/go.mod", "tools/cli/Cargo.toml", "web/package-lock.json", "web/package.json"}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("manifests = %q, want %q", paths, want)
	}
	var ecos []string
	for _, e := range res.Summary.ByEcosystem {
		ecos = append(ecos, string(e.Ecosystem))
	}
	if !reflect.DeepEqual(ecos, []string{"Go", "PyPI", "crates.io", "npm"}) {
		t.Errorf("ecosystems = %v", ecos)
	}
	if res.Summary.Direct+res.Summary.Transitive != res.Summary.Packages {
		t.Errorf("summary does not add up: %+v", res.Summary)
	}
}

// copyTree copies the folder src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// write creates root/rel with content.
func write(t *testing.T, root, rel, content string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWalkSkipsInstalledAndVendoredCode(t *testing.T) {
	root := t.TempDir()
	copyTree(t, filepath.Join("testdata", "monorepo"), root)
	for _, rel := range []string{
		"web/node_modules/react/package.json", ".venv/lib/requirements.txt", "vendor/github.com/x/y/go.mod",
		"tools/cli/target/debug/Cargo.toml", ".git/Cargo.toml",
	} {
		write(t, root, rel, `{"dependencies": {"should-not-appear": "1.0.0"}}`)
	}
	walked, err := Scan(context.Background(), root, nil)
	if err != nil {
		t.Fatal(err)
	}
	golden := scanFixture(t, "monorepo")
	if !reflect.DeepEqual(walked.Packages, golden.Packages) || len(walked.Warnings) != 0 {
		t.Errorf("walking a tree with node_modules, .venv, vendor and target found more than the fixture: %+v", walked.Warnings)
	}
}

func TestMalformedFileBecomesAWarning(t *testing.T) {
	root := t.TempDir()
	write(t, root, "a/package-lock.json", `{"lockfileVersion": 3, "packages": {`)
	write(t, root, "b/go.mod", "module x\n\nrequire (\n\tgithub.com/a/b v1.0.0\n")
	write(t, root, "c/Cargo.lock", "[[package]]\nname = \n")
	write(t, root, "d/pom.xml", "<project><dependencies><dependency>")
	write(t, root, "e/yarn.lock", "\"a@^1\":\n  version \"1.0.0\"\n  broken\nnot a header\n")
	write(t, root, "f/package.json", `{"dependencies": {"left-pad": "1.3.0"}}`)
	res, err := Scan(context.Background(), root, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]diag.Diagnostic{}
	for _, w := range res.Warnings {
		if w.Severity != diag.Warning || w.Code != CodeMalformed || w.Source == nil {
			t.Errorf("warning %+v: want a MANIFEST_MALFORMED warning with its file", w)
			continue
		}
		got[w.Source.File] = w
	}
	for _, f := range []string{"a/package-lock.json", "b/go.mod", "c/Cargo.lock", "d/pom.xml", "e/yarn.lock"} {
		if w, ok := got[f]; !ok || w.Summary == "" {
			t.Errorf("no warning for the malformed %s (warnings: %+v)", f, res.Warnings)
		}
	}
	if w := got["c/Cargo.lock"]; w.Source == nil || w.Source.Line != 2 {
		t.Errorf("Cargo.lock warning %+v, want line 2", w)
	}
	if w := got["e/yarn.lock"]; w.Source == nil || w.Source.Line != 4 {
		t.Errorf("yarn.lock warning %+v, want line 4", w)
	}
	if len(res.Packages) != 1 || res.Packages[0].ID != "npm:left-pad@1.3.0" {
		t.Errorf("the good file was not reported: %+v", res.Packages)
	}
}

func TestRequirementIncludes(t *testing.T) {
	root := t.TempDir()
	write(t, root, "requirements.txt", "-r requirements-test.txt\nrequests==2.31.0\n")
	write(t, root, "requirements-test.txt", "--requirement=requirements.txt\npytest\n-r ../../etc/passwd\n-r missing.txt\n")
	res, err := Scan(context.Background(), root, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := find(t, res, "PyPI:requests@2.31.0").Scope; got != Runtime {
		t.Errorf("requests scope = %s, want runtime", got)
	}
	if got := find(t, res, "PyPI:pytest").Scope; got != Test {
		t.Errorf("pytest scope = %s, want test", got)
	}
	var msgs []string
	for _, w := range res.Warnings {
		msgs = append(msgs, w.Source.File+": "+w.Summary)
	}
	joined := strings.Join(msgs, "\n")
	if !strings.Contains(joined, "outside the repository") || !strings.Contains(joined, "missing.txt") {
		t.Errorf("warnings = %s; want one for the path outside the root and one for the missing file", joined)
	}
}

func TestScanErrors(t *testing.T) {
	if _, err := Scan(context.Background(), filepath.Join(t.TempDir(), "absent"), nil); !errcode.HasCode(err, errcode.NotFound) {
		t.Errorf("missing root: err = %v, want NOT_FOUND", err)
	}
	file := filepath.Join(t.TempDir(), "f")
	write(t, filepath.Dir(file), "f", "x")
	if _, err := Scan(context.Background(), file, nil); !errcode.HasCode(err, errcode.InvalidInput) {
		t.Errorf("file as root: err = %v, want INVALID_INPUT", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Scan(ctx, filepath.Join("testdata", "npm"), nil); !errcode.HasCode(err, errcode.Canceled) {
		t.Errorf("canceled: err = %v, want CANCELED", err)
	}
}

func TestEmptyRepository(t *testing.T) {
	res, err := Scan(context.Background(), t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Packages == nil || res.Edges == nil || res.Manifests == nil || res.Summary.Packages != 0 {
		t.Errorf("an empty repository should give empty, non-nil lists: %+v", res)
	}
}

// TestLinksOutAreNamedNotRead scans an attacker's repository: manifests
// that are links out of it, a folder that is one, a chain of links, a
// named pipe and a link to /dev/zero in manifests' places. Nothing beside
// the repository is read, each is a warning naming the link and its
// target, and a link to another file of the repository is read.
func TestLinksOutAreNamedNotRead(t *testing.T) {
	safefiletest.Supported(t)
	root := filepath.Join(t.TempDir(), "repo")
	write(t, root, "reqs/base.txt", "flask==3.0.0\n")
	outside := safefiletest.Outside(t, root)
	write(t, outside, "package.json", `{"dependencies": {"secret": "1.0.0"}}`)
	safefiletest.Link(t, root, "package.json", filepath.Join(outside, "package.json"))
	safefiletest.Link(t, root, "web", "../outside")
	safefiletest.Link(t, root, "chain/a/requirements.txt", "../b/requirements.txt")
	safefiletest.Link(t, root, "chain/b/requirements.txt", "../../../outside/package.json")
	safefiletest.Link(t, root, "Gemfile", "/dev/zero")
	safefiletest.FIFO(t, root, "Cargo.toml")
	safefiletest.Link(t, root, "app/requirements.txt", "../reqs/base.txt")
	write(t, root, "requirements.txt", "-r linked.txt\n")
	safefiletest.Link(t, root, "linked.txt", filepath.Join(outside, "package.json"))
	files := []string{"package.json", "web/package.json", "chain/a/requirements.txt", "Gemfile", "Cargo.toml", "app/requirements.txt", "requirements.txt"}
	res, err := Scan(context.Background(), root, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Packages {
		if p.Name != "flask" {
			t.Errorf("a package from outside the repository: %+v", p)
		}
	}
	find(t, res, "PyPI:flask@3.0.0")
	var msgs []string
	for _, w := range res.Warnings {
		msgs = append(msgs, w.Source.File+": "+w.Summary)
	}
	joined := strings.Join(msgs, "\n")
	for _, want := range []string{
		"package.json: package.json is a symbolic link to " + filepath.Join(outside, "package.json") + ", outside the repository: not read",
		"web/package.json: web/package.json leads outside the repository: web is a symbolic link to ../outside: not read",
		"chain/a/requirements.txt: chain/a/requirements.txt leads outside the repository: chain/b/requirements.txt is a symbolic link to ../../../outside/package.json: not read",
		"Gemfile: Gemfile is a symbolic link to /dev/zero, outside the repository: not read",
		"Cargo.toml: Cargo.toml is a named pipe, not a regular file: not read",
		"requirements.txt: the included file linked.txt is a symbolic link to",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("no warning %q in:\n%s", want, joined)
		}
	}
}

func TestListedButDeletedFileIsSkipped(t *testing.T) {
	root := t.TempDir()
	write(t, root, "go.mod", "module x\n\nrequire github.com/a/b v1.0.0\n")
	res, err := Scan(context.Background(), root, []string{"go.mod", "web/package.json"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 0 || len(res.Packages) != 1 {
		t.Errorf("warnings %+v, packages %+v", res.Warnings, res.Packages)
	}
}

func TestGemspecDependencies(t *testing.T) {
	root := t.TempDir()
	write(t, root, "mygem.gemspec", `Gem::Specification.new do |spec|
  spec.name = "mygem"
  spec.add_dependency "rack", ">= 2.2", "< 4"
  spec.add_runtime_dependency("concurrent-ruby", "~> 1.0")
  spec.add_development_dependency 'rspec', '~> 3.12'
  # spec.add_dependency "commented-out"
end
`)
	res, err := Scan(context.Background(), root, nil)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]Scope{"RubyGems:rack": Runtime, "RubyGems:concurrent-ruby": Runtime, "RubyGems:rspec": Dev} {
		var p *Package
		for i := range res.Packages {
			if string(res.Packages[i].Ecosystem)+":"+res.Packages[i].Name == id {
				p = &res.Packages[i]
			}
		}
		if p == nil || p.Scope != want || !p.Direct {
			t.Errorf("%s = %+v, want a direct %s dependency", id, p, want)
		}
	}
	if len(res.Packages) != 3 {
		t.Errorf("packages = %+v, want rack, concurrent-ruby and rspec only", res.Packages)
	}
}

func TestDocsRequirementsAreScopedDocs(t *testing.T) {
	root := t.TempDir()
	write(t, root, "requirements.txt", "requests==2.31.0\n")
	write(t, root, "docs/requirements.txt", "sphinx==7.2.6\n")
	write(t, root, "pyproject.toml", "[project]\nname = \"x\"\ndependencies = []\n\n[project.optional-dependencies]\ndocs = [\"furo\"]\nhttp2 = [\"h2\"]\n")
	res, err := Scan(context.Background(), root, nil)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]Scope{"PyPI:requests@2.31.0": Runtime, "PyPI:sphinx@7.2.6": Docs, "PyPI:furo": Docs, "PyPI:h2": Optional} {
		if got := find(t, res, id).Scope; got != want {
			t.Errorf("%s scope = %s, want %s", id, got, want)
		}
	}
}

func TestExampleAndDocsManifestsAreApart(t *testing.T) {
	root := t.TempDir()
	write(t, root, "package.json", `{"dependencies": {"lodash": "^4.17.21", "debug": "^4.3.4"}}`)
	write(t, root, "examples/chat/package.json", `{"dependencies": {"socket.io": "^4.7.0", "debug": "^4.3.4"}}`)
	write(t, root, "docs/package.json", `{"devDependencies": {"vitepress": "^1.0.0"}}`)
	res, err := Scan(context.Background(), root, nil)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{"npm:lodash@^4.17.21": "", "npm:debug@^4.3.4": "", "npm:socket.io@^4.7.0": "example", "npm:vitepress@^1.0.0": "docs"} {
		if got := find(t, res, id).Role; got != want {
			t.Errorf("%s role = %q, want %q", id, got, want)
		}
	}
	roles := map[string]string{}
	for _, m := range res.Manifests {
		roles[m.Path] = m.Role
	}
	if roles["package.json"] != "" || roles["examples/chat/package.json"] != "example" || roles["docs/package.json"] != "docs" {
		t.Errorf("manifest roles = %v", roles)
	}
	if s := res.Summary; s.Direct != 2 || s.Apart != 2 || s.Packages != s.Direct+s.Transitive+s.Apart {
		t.Errorf("summary = %+v; want 2 direct, 2 apart, and counts that add up", s)
	}
}

// TestLockOnlyVersionsAnnotateTheDeclaredRow scans a uv.lock that resolves
// a declared dependency twice, once per Python version, as uv does: the
// second version annotates the declared row instead of adding one.
func TestLockOnlyVersionsAnnotateTheDeclaredRow(t *testing.T) {
	root := t.TempDir()
	write(t, root, "pyproject.toml", "[project]\nname = \"app\"\nversion = \"1.0\"\ndependencies = [\"sphinx<9\"]\n")
	write(t, root, "uv.lock", `version = 1
requires-python = ">=3.10"

[[package]]
name = "app"
version = "1.0"
source = { editable = "." }
dependencies = [
    { name = "sphinx", version = "8.1.3", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version < '3.11'" },
    { name = "sphinx", version = "8.2.3", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version >= '3.11'" },
]

[[package]]
name = "docutils"
version = "0.21.2"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "sphinx"
version = "8.1.3"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "docutils" },
]

[[package]]
name = "sphinx"
version = "8.2.3"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "docutils" },
]
`)
	res, err := Scan(context.Background(), root, nil)
	if err != nil {
		t.Fatal(err)
	}
	var rows []Package
	for _, p := range res.Packages {
		if p.Name == "sphinx" {
			rows = append(rows, p)
		}
	}
	if len(rows) != 1 || !rows[0].Direct || rows[0].Version != "8.1.3" || len(rows[0].OtherVersions) != 1 || rows[0].OtherVersions[0] != "8.2.3" {
		t.Fatalf("sphinx rows = %+v; want one direct row, 8.1.3, with 8.2.3 as another version", rows)
	}
	for _, e := range res.Edges {
		if e.From == "PyPI:sphinx@8.2.3" || e.To == "PyPI:sphinx@8.2.3" {
			t.Errorf("an edge still names the folded row: %+v", e)
		}
	}
	if res.Summary.Direct != 1 {
		t.Errorf("summary = %+v; want one direct dependency", res.Summary)
	}
}

func TestPnpmWorkspaceMembers(t *testing.T) {
	root := t.TempDir()
	write(t, root, "pnpm-workspace.yaml", "packages:\n  - 'packages/*'\n  - '!packages/skipped'\n")
	write(t, root, "package.json", `{"devDependencies": {"typescript": "^5.4.0"}}`)
	write(t, root, "packages/core/package.json", `{"dependencies": {"picocolors": "^1.0.0"}}`)
	write(t, root, "packages/cli/package.json", `{"dependencies": {"@x/core": "workspace:*", "cac": "^6.7.14"}}`)
	res, err := Scan(context.Background(), root, nil)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]Manifest{}
	for _, m := range res.Manifests {
		byPath[m.Path] = m
	}
	for _, p := range []string{"packages/core/package.json", "packages/cli/package.json"} {
		if got := byPath[p].WorkspaceRoot; got != "pnpm-workspace.yaml" {
			t.Errorf("%s workspace_root = %q, want pnpm-workspace.yaml", p, got)
		}
	}
	if byPath["package.json"].WorkspaceRoot != "" {
		t.Errorf("the root package.json is not a member of itself")
	}
	cli := byPath["packages/cli/package.json"]
	if len(cli.LocalDependencies) != 1 || cli.LocalDependencies[0].Name != "@x/core" || cli.LocalDependencies[0].Spec != "workspace:*" {
		t.Errorf("cli local dependencies = %+v", cli.LocalDependencies)
	}
	for _, p := range res.Packages {
		if p.Name == "@x/core" {
			t.Errorf("a workspace member counted as a package: %+v", p)
		}
	}
}

// TestDeepNestingEnds parses build files of one very long line of opened
// blocks and of many nested lines: each ends, the pom with an error that
// says why, as a file made to be parsed in quadratic time would not.
func TestDeepNestingEnds(t *testing.T) {
	const n = 200_000
	oneLine := strings.Repeat("dependencies { ", n) + strings.Repeat("}", n)
	manyLines := strings.Repeat("kotlin {\n", n) + "implementation 'g:a:1'\n" + strings.Repeat("}\n", n)
	for name, text := range map[string]string{"one line": oneLine, "many lines": manyLines} {
		if _, err := parseGradleBuild("build.gradle", []byte(text)); err != nil {
			t.Errorf("build.gradle, %s: %v", name, err)
		}
	}
	pom := "<project>" + strings.Repeat("<a>", n) + strings.Repeat("</a>", n) + "</project>"
	_, err := parsePom("pom.xml", []byte(pom))
	if err == nil || !strings.Contains(err.Error(), "nested") {
		t.Errorf("pom.xml nested %d deep: err = %v, want one about its nesting", n, err)
	}
}
