package repo

import (
	"strings"
	"testing"
)

// FuzzCISteps reads any text as each kind of CI configuration (GitLab,
// CircleCI, Travis, Azure, Jenkinsfile and the others): never a panic, and
// every step found is a command on a line of the file.
func FuzzCISteps(f *testing.F) {
	for _, s := range []string{
		"test:\n  script:\n    - go test ./...\n    - |\n      make lint\n      make vet\n",
		"version: 2.1\njobs:\n  build:\n    steps:\n      - checkout\n      - run: npm test\n      - run:\n          name: lint\n          command: npm run lint\n",
		"language: go\nscript:\n  - make test\nbefore_install: go mod download\n",
		"pipeline {\n  stages {\n    stage('t') { steps { sh 'make test'\n sh \"go vet ./...\" } }\n  }\n}\n",
		"steps:\n- script: dotnet test\n  workingDirectory: src\n",
		"a: &x\n  script: [*x]\n",
		"sh '''\nmulti\n'''\n",
		"script: {run: 1}\n",
	} {
		f.Add(s)
	}
	paths := []string{".gitlab-ci.yml", ".circleci/config.yml", ".travis.yml", "azure-pipelines.yml", ".cirrus.yml", "appveyor.yml", "bitbucket-pipelines.yml", "Jenkinsfile"}
	f.Fuzz(func(t *testing.T, src string) {
		lines := strings.Count(src, "\n") + 1
		for _, p := range paths {
			steps, ok := CISteps(p, []byte(src))
			if !ok {
				t.Fatalf("%s is not read as CI", p)
			}
			for _, s := range steps {
				if strings.TrimSpace(s.Command) == "" || s.Line < 0 || s.Line > lines {
					t.Fatalf("%s: bad step %+v", p, s)
				}
			}
		}
	})
}
