package repo

import (
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// ActionStep is one `uses:` step of a GitHub Actions workflow with its
// `with:` inputs, for readers that need more than the run commands (the
// toolchain versions a setup action installs).
type ActionStep struct {
	// Uses is the action without its ref (actions/setup-go); Ref is what
	// follows the @ (v5, stable, 1.75.0).
	Uses string
	Ref  string
	Job  string
	Line int
	With []ActionInput
}

// ActionInput is one `with:` input. When its value names a matrix key
// (${{ matrix.go }}), Matrix lists the values the matrix gives that key,
// include entries too, each with its own line; MatrixKey names the key.
type ActionInput struct {
	Name      string
	Value     string
	Line      int
	MatrixKey string
	Matrix    []MatrixValue
}

// MatrixValue is one value of a matrix key.
type MatrixValue struct {
	Value string
	Line  int
}

// Input returns the named input, with ok false when the step has none.
func (s ActionStep) Input(name string) (ActionInput, bool) {
	for _, in := range s.With {
		if in.Name == name {
			return in, true
		}
	}
	return ActionInput{}, false
}

// WorkflowActions reads the `uses:` steps of a GitHub Actions workflow in
// job and step order. Matrix references in inputs are expanded from the
// job's strategy.matrix. A document that is not YAML is an error whose
// text names the line when the parser gives one.
func WorkflowActions(data []byte) ([]ActionStep, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(err)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	jobs := MapValue(doc.Content[0], "jobs")
	if jobs == nil || jobs.Kind != yaml.MappingNode {
		return nil, nil
	}
	var out []ActionStep
	for i := 0; i+1 < len(jobs.Content); i += 2 {
		name, job := jobs.Content[i].Value, jobs.Content[i+1]
		matrix := MapValue(MapValue(job, "strategy"), "matrix")
		steps := MapValue(job, "steps")
		if steps == nil || steps.Kind != yaml.SequenceNode {
			continue
		}
		for _, step := range steps.Content {
			uses := MapValue(step, "uses")
			if uses == nil || uses.Kind != yaml.ScalarNode {
				continue
			}
			action, ref, _ := strings.Cut(uses.Value, "@")
			s := ActionStep{Uses: action, Ref: ref, Job: name, Line: uses.Line}
			with := MapValue(step, "with")
			if with != nil && with.Kind == yaml.MappingNode {
				for j := 0; j+1 < len(with.Content); j += 2 {
					k, v := with.Content[j], with.Content[j+1]
					if v.Kind != yaml.ScalarNode {
						continue
					}
					in := ActionInput{Name: k.Value, Value: v.Value, Line: v.Line}
					if key := matrixKey(v.Value); key != "" {
						in.MatrixKey = key
						in.Matrix = matrixValues(matrix, key)
					}
					s.With = append(s.With, in)
				}
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// matrixKey returns KEY when s is exactly ${{ matrix.KEY }}.
func matrixKey(s string) string {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "${{") || !strings.HasSuffix(s, "}}") {
		return ""
	}
	inner := strings.TrimSpace(s[3 : len(s)-2])
	key, ok := strings.CutPrefix(inner, "matrix.")
	if !ok || key == "" || strings.ContainsAny(key, " ()|&.[]'\"") {
		return ""
	}
	return key
}

// matrixValues lists the scalar values of key in a matrix: its own list
// (or single value) and the include entries that set it.
func matrixValues(matrix *yaml.Node, key string) []MatrixValue {
	var out []MatrixValue
	add := func(n *yaml.Node) {
		switch {
		case n == nil:
		case n.Kind == yaml.ScalarNode:
			out = append(out, MatrixValue{Value: n.Value, Line: n.Line})
		case n.Kind == yaml.SequenceNode:
			for _, c := range n.Content {
				if c.Kind == yaml.ScalarNode {
					out = append(out, MatrixValue{Value: c.Value, Line: c.Line})
				}
			}
		}
	}
	add(MapValue(matrix, key))
	if inc := MapValue(matrix, "include"); inc != nil && inc.Kind == yaml.SequenceNode {
		for _, entry := range inc.Content {
			add(MapValue(entry, key))
		}
	}
	return out
}

// yamlError keeps the parser's message, which names the line.
func yamlError(err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return fmt.Errorf("%s", strings.Join(te.Errors, "; "))
	}
	return fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "yaml: "))
}

// CIStep is one shell command a CI configuration runs, with where it runs
// and its line in the file.
type CIStep struct {
	Command string
	Dir     string
	Line    int
}

// CISteps reads the shell commands of the CI configuration at path (a
// GitHub workflow, GitLab CI, CircleCI, Travis, Azure, Cirrus, AppVeyor,
// Bitbucket or a Jenkinsfile), the same way the analysis reads them. It
// reports false when path is not a CI configuration it knows.
func CISteps(path string, data []byte) ([]CIStep, bool) {
	var steps []ciStep
	switch {
	case strings.HasPrefix(path, ".github/workflows/"):
		steps = parseGitHubWorkflow(data)
	case path == ".gitlab-ci.yml", path == ".circleci/config.yml", path == ".travis.yml", path == "azure-pipelines.yml",
		path == ".cirrus.yml", path == "appveyor.yml", path == ".appveyor.yml", path == "bitbucket-pipelines.yml":
		steps = parseCIScripts(data)
	case path == "Jenkinsfile":
		steps = parseJenkinsfile(data)
	default:
		return nil, false
	}
	out := make([]CIStep, 0, len(steps))
	for _, s := range steps {
		out = append(out, CIStep{Command: s.Command, Dir: s.Dir, Line: s.Line})
	}
	return out, true
}
