package repo

import "testing"

// A published library that tests against Express does not run on it; an
// application keeps its frameworks wherever it likes.
func TestDevOnlyFrameworks(t *testing.T) {
	lib := gitRepo(t, map[string]string{
		"package.json": `{"name": "got-like", "dependencies": {"react": "^18"}, "devDependencies": {"express": "^4", "ava": "^6", "typescript": "^5"}}` + "\n",
		"index.js":     "module.exports = 1\n",
	})
	names := map[string]bool{}
	for _, f := range analyzeRepo(t, lib).Frameworks {
		names[f.Name] = true
	}
	if names["Express"] || !names["React"] || !names["TypeScript"] {
		t.Errorf("library frameworks %v: Express is only for its tests, React is used, TypeScript is a tool", names)
	}

	app := gitRepo(t, map[string]string{
		"package.json": `{"name": "app", "private": true, "devDependencies": {"express": "^4"}}` + "\n",
		"server.js":    "require('express')\n",
	})
	names = map[string]bool{}
	for _, f := range analyzeRepo(t, app).Frameworks {
		names[f.Name] = true
	}
	if !names["Express"] {
		t.Errorf("a private application's devDependencies still name its framework: %v", names)
	}
}
