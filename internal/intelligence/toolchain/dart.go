package toolchain

import (
	"strings"

	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	"gopkg.in/yaml.v3"
)

// --- Dart and Flutter ---

// dartFiles reads pubspec.yaml: environment.sdk is the Dart SDK range the
// package needs, environment.flutter the Flutter one, and a dependency on
// the flutter SDK makes it a Flutter package, whose Dart comes with
// Flutter.
func (d *detector) dartFiles() {
	data, ok := d.read("pubspec.yaml")
	if !ok {
		return
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		d.uses("dart", true, "pubspec.yaml", Location{Path: "pubspec.yaml", Line: 1})
		d.warn(CodeMalformed, "pubspec.yaml", 0, "not a YAML mapping; the Dart SDK version is not checked")
		return
	}
	root := doc.Content[0]
	flutter := dependsOnFlutter(root)
	if flutter {
		d.uses("flutter", true, "pubspec.yaml", Location{Path: "pubspec.yaml", Line: 1})
	} else {
		d.uses("dart", true, "pubspec.yaml", Location{Path: "pubspec.yaml", Line: 1})
	}
	env := repo.MapValue(root, "environment")
	for _, tool := range []string{"sdk", "flutter"} {
		v := repo.MapValue(env, tool)
		if v == nil || v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "" {
			continue
		}
		name := map[string]string{"sdk": "dart", "flutter": "flutter"}[tool]
		// a Flutter package's Dart is the one its Flutter ships
		d.add(name, name == "flutter" || !flutter, Constraint{Range: strings.TrimSpace(v.Value), Dialect: Semver, Role: Requires,
			Source: "pubspec.yaml environment." + tool, Evidence: at("pubspec.yaml", v.Line)})
	}
}

// dependsOnFlutter: dependencies: {flutter: {sdk: flutter}}.
func dependsOnFlutter(root *yaml.Node) bool {
	dep := repo.MapValue(repo.MapValue(root, "dependencies"), "flutter")
	sdk := repo.MapValue(dep, "sdk")
	return sdk != nil && sdk.Value == "flutter"
}
