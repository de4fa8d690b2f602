package deps

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzParser runs parse on arbitrary bytes, seeded with the fixtures, and
// checks what any parser must guarantee: no panic, edges inside the
// package list, evidence inside the file.
func fuzzParser(f *testing.F, rel string, parse parseFunc, seeds ...string) {
	for _, s := range seeds {
		data, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(s)))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := parse(rel, data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if fr == nil {
			return
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, e := range fr.edges {
			if e[0] < 0 || e[1] < 0 || e[0] >= len(fr.pkgs) || e[1] >= len(fr.pkgs) {
				t.Fatalf("edge %v outside %d packages", e, len(fr.pkgs))
			}
		}
		for _, p := range fr.pkgs {
			for _, ev := range p.ev {
				if ev.File != rel || ev.Line < 0 || ev.Line > lines {
					t.Fatalf("evidence %+v outside %s (%d lines)", ev, rel, lines)
				}
			}
		}
	})
}

func FuzzPackageJSON(f *testing.F) {
	fuzzParser(f, "package.json", parsePackageJSON, "npm/package.json", "npm/packages/utils/package.json", "yarn-berry/package.json")
}

func FuzzPackageLock(f *testing.F) {
	f.Add([]byte(`{"lockfileVersion":1,"dependencies":{"a":{"version":"1.0.0","requires":{"b":"^1"},"dependencies":{"b":{"version":"1.1.0"}}}}}`))
	fuzzParser(f, "package-lock.json", parsePackageLock, "npm/package-lock.json", "monorepo/web/package-lock.json")
}

func FuzzYarnLock(f *testing.F) {
	fuzzParser(f, "yarn.lock", parseYarnLock, "yarn-v1/yarn.lock", "yarn-berry/yarn.lock")
}

func FuzzPnpmLock(f *testing.F) {
	f.Add([]byte("lockfileVersion: '6.0'\ndependencies:\n  a:\n    specifier: ^1\n    version: 1.0.0\npackages:\n  /a@1.0.0:\n    dev: false\n    dependencies:\n      b: 2.0.0\n  /b@2.0.0:\n    dev: false\n"))
	fuzzParser(f, "pnpm-lock.yaml", parsePnpmLock, "pnpm/pnpm-lock.yaml")
}

func FuzzGoMod(f *testing.F) {
	fuzzParser(f, "go.mod", parseGoMod, "gomod/go.mod", "monorepo/services/api/go.mod")
}

func FuzzGoSum(f *testing.F) {
	fuzzParser(f, "go.sum", parseGoSum, "gomod/go.sum")
}

func FuzzRequirements(f *testing.F) {
	fuzzParser(f, "requirements-dev.txt", parseRequirements, "requirements/requirements.txt",
		"requirements/requirements-lock.txt", "requirements/requirements/base.txt")
}

func FuzzPyproject(f *testing.F) {
	fuzzParser(f, "pyproject.toml", parsePyproject, "poetry/pyproject.toml", "uv/pyproject.toml")
}

func FuzzPoetryLock(f *testing.F) {
	fuzzParser(f, "poetry.lock", parsePoetryLock, "poetry/poetry.lock")
}

func FuzzUVLock(f *testing.F) {
	fuzzParser(f, "uv.lock", parseUVLock, "uv/uv.lock")
}

func FuzzPipfile(f *testing.F) {
	fuzzParser(f, "Pipfile", parsePipfile, "pipenv/Pipfile")
}

func FuzzPipfileLock(f *testing.F) {
	fuzzParser(f, "Pipfile.lock", parsePipfileLock, "pipenv/Pipfile.lock")
}

func FuzzCargoToml(f *testing.F) {
	fuzzParser(f, "Cargo.toml", parseCargoToml, "cargo/Cargo.toml", "cargo/crates/core/Cargo.toml")
}

func FuzzCargoLock(f *testing.F) {
	fuzzParser(f, "Cargo.lock", parseCargoLock, "cargo/Cargo.lock")
}

func FuzzGemfileLock(f *testing.F) {
	fuzzParser(f, "Gemfile.lock", parseGemfileLock, "ruby/Gemfile.lock")
}

func FuzzGemfile(f *testing.F) {
	fuzzParser(f, "Gemfile", parseGemfile, "ruby/Gemfile")
}

func FuzzComposerJSON(f *testing.F) {
	fuzzParser(f, "composer.json", parseComposerJSON, "composer/composer.json")
}

func FuzzComposerLock(f *testing.F) {
	fuzzParser(f, "composer.lock", parseComposerLock, "composer/composer.lock")
}

func FuzzPom(f *testing.F) {
	fuzzParser(f, "pom.xml", parsePom, "maven/pom.xml", "maven/service/pom.xml")
}

func FuzzGradleBuild(f *testing.F) {
	f.Add([]byte("dependencies {\n  implementation 'g:a:1.0'\n  api group: 'g', name: 'b', version: '2'\n}\n"))
	fuzzParser(f, "build.gradle.kts", parseGradleBuild, "gradle/app/build.gradle.kts")
}

func FuzzGradleLock(f *testing.F) {
	fuzzParser(f, "gradle.lockfile", parseGradleLock, "gradle/app/gradle.lockfile")
}

func FuzzVersionCatalog(f *testing.F) {
	fuzzParser(f, "gradle/libs.versions.toml", parseVersionCatalog, "gradle/gradle/libs.versions.toml")
}

// FuzzJSONKeyLines checks that every line the key finder reports lies in
// the input.
func FuzzJSONKeyLines(f *testing.F) {
	f.Add([]byte(`{"a": {"b": [1, {"c": 2}]}}`))
	f.Add([]byte("{\n\"x\":\n[\n]\n}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := strings.Count(string(data), "\n") + 1
		for k, l := range jsonKeyLines(data, 4) {
			if l < 1 || l > lines {
				t.Fatalf("key %q on line %d of %d", k, l, lines)
			}
		}
	})
}

// FuzzPEP508 checks that a parsed requirement always has a name.
func FuzzPEP508(f *testing.F) {
	for _, s := range []string{"requests", "a[b,c]>=1,<2 ; python_version<'3'", "x @ https://h/x.whl ; os_name=='nt'", "(bad"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if r, ok := parsePEP508(s); ok && r.name == "" {
			t.Fatalf("parsePEP508(%q) accepted a requirement without a name", s)
		}
	})
}
