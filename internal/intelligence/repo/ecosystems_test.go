package repo

import (
	"testing"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// TestTestCommandAcrossEcosystems checks the test command mentor runs on
// trees whose CI or build files used to mislead it.
func TestTestCommandAcrossEcosystems(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"an Elixir project's own tests before its assets' npm test", map[string]string{
			"mix.exs":      "defmodule X.MixProject do\nend\n",
			"package.json": `{"scripts": {"test": "jest"}}`,
			".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n" +
				"      - run: npm ci\n      - run: npm test\n      - run: mix deps.get --only test\n      - run: mix test\n",
		}, "mix test"},
		{"a server started in the background is no test", map[string]string{
			"composer.json": `{"require-dev": {"phpunit/phpunit": "^9"}}`,
			".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n" +
				"      - run: composer install\n      - run: |\n          node tests/server.js &\n          ./vendor/bin/http_test_server &\n      - run: ./vendor/bin/phpunit\n",
		}, "./vendor/bin/phpunit"},
		{"a test CI runs in a folder it clones is CI's only", map[string]string{
			"Cargo.toml": "[package]\nname = \"x\"\n", "src/lib.rs": "\n",
			".github/workflows/ci.yml": "on: push\njobs:\n  hyper:\n    runs-on: ubuntu-latest\n    steps:\n" +
				"      - run: git clone https://github.com/hyperium/hyper\n      - run: cargo test --features full\n        working-directory: hyper\n" +
				"  main:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo test --workspace\n",
		}, "cargo test --workspace"},
		{"a .NET solution", map[string]string{
			"Lib.sln": "\n", "src/Lib/Lib.csproj": "<Project/>\n", "test/Lib.Tests/Lib.Tests.csproj": "<Project/>\n",
		}, "dotnet test"},
		{"two solutions at the root are named", map[string]string{
			"B.sln": "\n", "A.sln": "\n",
		}, "dotnet test A.sln"},
		{"the tests' project file when there is no solution", map[string]string{
			"src/Tool/Tool.fsproj": "<Project/>\n", "tests/Tool.Tests/Tool.Tests.fsproj": "<Project/>\n",
		}, "dotnet test tests/Tool.Tests/Tool.Tests.fsproj"},
		{"a Perl distribution's prove, as CI runs it", map[string]string{
			"Makefile.PL": "use ExtUtils::MakeMaker;\n", "lib/A.pm": "package A;\n1;\n", "t/a.t": "use Test::More;\n",
			".github/workflows/t.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cpanm -n --installdeps .\n      - run: prove --formatter TAP::Formatter::GitHubActions -l t\n",
		}, "prove --formatter TAP::Formatter::GitHubActions -l t"},
		{"a cabal project's packages, all of them", map[string]string{
			"cabal.project": "packages: .\n", "a.cabal": "name: a\n", "src/A.hs": "module A where\n",
		}, "cabal test all"},
		{"a Stack project", map[string]string{
			"stack.yaml": "snapshot: lts-22.7\n", "a.cabal": "name: a\n", "src/A.hs": "module A where\n",
		}, "stack test"},
		{"sbt's own test, not a subproject's", map[string]string{
			"build.sbt": "lazy val root = project\n", "src/main/scala/A.scala": "object A\n",
			".github/workflows/t.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: sbt githubWorkflowCheck\n      - run: sbt 'project coreJS' test\n      - run: sbt test\n",
		}, "sbt test"},
		{"the scripts named test before those named check", map[string]string{
			"pyproject.toml": "[project]\nname = \"a\"\n", "a/__init__.py": "\n", "scripts/check": "#!/bin/sh\nruff check .\n", "scripts/test": "#!/bin/sh\npytest\n",
			".github/workflows/t.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: scripts/check\n      - run: scripts/test\n",
		}, "scripts/test"},
		{"a solution in a folder, in the new XML form", map[string]string{
			"Src/Lib.slnx": "<Solution/>\n", "Src/Lib/Lib.csproj": "<Project/>\n", "Src/Lib.Tests/Lib.Tests.csproj": "<Project/>\n",
		}, "dotnet test Src/Lib.slnx"},
		{"a fuzzing project is not the tests", map[string]string{
			"Src/A.FuzzTests/A.FuzzTests.csproj": "<Project/>\n", "Src/A.Tests/A.Tests.csproj": "<Project/>\n", "Src/A/A.csproj": "<Project/>\n",
		}, "dotnet test Src/A.Tests/A.Tests.csproj"},
		{"PHPUnit installed by Composer, as CI runs it", map[string]string{
			"composer.json": "{}\n", "src/A.php": "<?php\n",
			".github/workflows/t.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        s: [lowest, stable]\n    steps:\n" +
				"      - run: vendor/bin/phpunit ${{ matrix.s == 'stable' && '--fail-on-deprecation' || '' }} --no-coverage 2>&1 | tee log\n",
		}, "vendor/bin/phpunit --no-coverage"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := analyzeRepo(t, sharedtest.GitRepo(t, c.files))
			if r.TestCommand == nil || r.TestCommand.Command != c.want {
				t.Errorf("test command = %+v, want %q; commands: %+v", r.TestCommand, c.want, r.Commands)
			}
		})
	}
}

// TestNuGetManagesASolution: the solution at the root is the .NET stack's
// manifest; the projects below it are its members, not stacks of their own.
func TestNuGetManagesASolution(t *testing.T) {
	r := analyzeRepo(t, sharedtest.GitRepo(t, map[string]string{
		"Lib.sln": "\n", "src/Lib/Lib.csproj": "<Project/>\n", "test/Lib.Tests/Lib.Tests.csproj": "<Project/>\n",
	}))
	var got []PackageManager
	for _, m := range r.PackageManagers {
		if m.Ecosystem == "dotnet" {
			got = append(got, m)
		}
	}
	if len(got) != 1 || got[0].Name != "nuget" || got[0].Evidence.Path != "Lib.sln" || got[0].Dir != "" {
		t.Errorf(".NET package managers = %+v, want nuget for Lib.sln alone", got)
	}
}
