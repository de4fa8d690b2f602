package toolchain

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
)

func commands(steps []Step) []string {
	var out []string
	for _, s := range steps {
		out = append(out, s.Command)
	}
	return out
}

func TestPlanOrder(t *testing.T) {
	f := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		rep  *repo.Report
		goos string
		want []string
	}{
		{
			name: "go convention",
			fsys: fstest.MapFS{"go.mod": f("module x\n\ngo 1.22\n")},
			want: []string{"go mod download"},
		},
		{
			name: "npm lockfile",
			fsys: fstest.MapFS{"package.json": f("{}"), "package-lock.json": f("{}")},
			want: []string{"npm ci"},
		},
		{
			name: "pnpm and yarn berry lockfiles",
			fsys: fstest.MapFS{"package.json": f("{}"), "pnpm-lock.yaml": f("")},
			want: []string{"pnpm install --frozen-lockfile"},
		},
		{
			name: "yarn 2",
			fsys: fstest.MapFS{"package.json": f("{}"), "yarn.lock": f(""), ".yarnrc.yml": f("")},
			want: []string{"yarn install --immutable"},
		},
		{
			name: "python dev extra in a venv",
			fsys: fstest.MapFS{"pyproject.toml": f("[project]\nname='x'\n[project.optional-dependencies]\ndev = ['pytest']\n")},
			want: []string{"python3 -m venv .venv", ".venv/bin/pip install -e '.[dev]'"},
		},
		{
			name: "python dev requirements on Windows",
			fsys: fstest.MapFS{"setup.py": f(""), "requirements-dev.txt": f("")},
			goos: "windows",
			want: []string{"python -m venv .venv", `'.venv\Scripts\pip' install -r requirements-dev.txt`},
		},
		{
			name: "poetry keeps its own environment",
			fsys: fstest.MapFS{"pyproject.toml": f("[tool.poetry]\n"), "poetry.lock": f("")},
			want: []string{"poetry install"},
		},
		{
			name: "java and ruby",
			fsys: fstest.MapFS{"pom.xml": f("<project/>"), "mvnw": f(""), "Gemfile": f("")},
			want: []string{"./mvnw -q dependency:resolve", "bundle install"},
		},
		{
			name: "gradle and cargo",
			fsys: fstest.MapFS{"build.gradle": f(""), "Cargo.toml": f("[package]\n")},
			want: []string{"cargo fetch", "gradle dependencies"},
		},
		{
			name: "composer, mix and a .NET solution",
			fsys: fstest.MapFS{"composer.json": f("{}"), "mix.exs": f(""), "App.sln": f("")},
			rep:  &repo.Report{PackageManagers: []repo.PackageManager{{Name: "nuget", Ecosystem: "dotnet", Evidence: repo.Location{Path: "App.sln"}}}},
			want: []string{"composer install", "mix deps.get", "dotnet restore App.sln"},
		},
		{
			name: "pub get, with Flutter's for a Flutter package",
			fsys: fstest.MapFS{"pubspec.yaml": f("name: app\ndependencies:\n  flutter:\n    sdk: flutter\n")},
			want: []string{"flutter pub get"},
		},
		{
			name: "a Dart package's pub get",
			fsys: fstest.MapFS{"pubspec.yaml": f("name: args\nenvironment:\n  sdk: ^3.3.0\n")},
			want: []string{"dart pub get"},
		},
		{
			name: "CI's mix deps.get covers the convention",
			fsys: fstest.MapFS{"mix.exs": f("")},
			rep: &repo.Report{Commands: []repo.Command{
				{Kind: repo.KindSetup, Command: "mix deps.get --only test", CI: true, Sources: []repo.Location{{Path: ".github/workflows/ci.yml", Line: 9}}},
			}},
			want: []string{"mix deps.get --only test"},
		},
		{
			name: "CI first, then CONTRIBUTING, then what neither covers",
			fsys: fstest.MapFS{
				"go.mod": f("module x\n"), "package.json": f("{}"), "package-lock.json": f("{}"), "requirements.txt": f(""),
				"CONTRIBUTING.md": f("# Contributing\n\n```console\n$ make deps\nInstalling...\n$ npm install -g yarn\n$ go mod download\n```\n"),
			},
			rep: &repo.Report{Commands: []repo.Command{
				{Kind: repo.KindSetup, Command: "npm ci", CI: true, Sources: []repo.Location{{Path: ".github/workflows/ci.yml", Line: 9}}},
				{Kind: repo.KindSetup, Command: "python -m pip install -r requirements.txt", CI: true, Sources: []repo.Location{{Path: ".github/workflows/ci.yml", Line: 10}}},
				{Kind: repo.KindSetup, Command: "go mod download", CI: false},
			}},
			want: []string{"npm ci", "python3 -m venv .venv", ".venv/bin/python -m pip install -r requirements.txt", "make deps", "npm install -g yarn", "go mod download"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := commands(Plan(tc.fsys, tc.rep, PlanOptions{GOOS: tc.goos}))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("plan:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

func TestPlanMarksGlobalInstalls(t *testing.T) {
	fsys := fstest.MapFS{"CONTRIBUTING.md": {Data: []byte("```sh\nnpm install -g pnpm\npip install --user tox\nsudo apt-get install protobuf-compiler && npm ci\n```\n")}}
	steps := Plan(fsys, nil, PlanOptions{})
	global := map[string]bool{}
	for _, s := range steps {
		global[s.Command] = s.Global
		if s.Global && s.Note == "" {
			t.Errorf("%s is global but says not why", s.Command)
		}
	}
	for cmd, want := range map[string]bool{"npm install -g pnpm": true, "pip install --user tox": true, "npm ci": false} {
		if g, ok := global[cmd]; !ok || g != want {
			t.Errorf("%s: global %v (planned %v); want %v", cmd, g, ok, want)
		}
	}
	if _, ok := global["sudo apt-get install protobuf-compiler"]; ok {
		t.Errorf("a system package install from a guide was planned: %v", commands(steps))
	}
}

func TestPlanEvidence(t *testing.T) {
	fsys := fstest.MapFS{"CONTRIBUTING.md": {Data: []byte("Set up:\n\n```bash\nnpm ci\n```\n")}, "package.json": {Data: []byte("{}")}}
	steps := Plan(fsys, nil, PlanOptions{})
	if len(steps) != 1 || steps[0].Source != FromContributing || steps[0].Evidence[0].String() != "CONTRIBUTING.md:4" {
		t.Fatalf("steps %+v; want npm ci from CONTRIBUTING.md:4 and no convention step after it", steps)
	}
}

func TestGuideSetupCommands(t *testing.T) {
	guide := "Intro\n\n```python\npip install nothing\n```\n\n```sh\n# comment\ngit clone x && cd x\npip install -e . \\\n  --quiet\npytest\n```\n"
	got := GuideSetupCommands([]byte(guide))
	if len(got) != 1 || got[0].Command != "pip install -e . --quiet" || got[0].Line != 10 {
		t.Fatalf("got %+v; want only pip install -e . --quiet at line 10", got)
	}
}
