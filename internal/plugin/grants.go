package plugin

import (
	"encoding/json"
	"path/filepath"
	"slices"

	"github.com/oss-dev/oss-dev/internal/atomicfile"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// Grants records what the user granted plugins at install: the plugins
// that may receive the GitHub token. It lives in the user's state folder,
// not in the plugin's own folder, which the plugin could write.
type Grants struct{ Path string }

// GrantsPath is the grants file in the state folder stateDir.
func GrantsPath(stateDir string) string {
	if stateDir == "" {
		return ""
	}
	return filepath.Join(stateDir, "plugin-grants.json")
}

type grantsFile struct {
	GitHubToken []string `json:"github_token"`
}

func (g Grants) read() grantsFile {
	var f grantsFile
	if g.Path == "" {
		return f
	}
	if data, err := safefile.ReadFile(g.Path, 1<<20); err == nil {
		_ = json.Unmarshal(data, &f)
	}
	return f
}

// Granted reports whether name was granted the GitHub token.
func (g Grants) Granted(name string) bool { return slices.Contains(g.read().GitHubToken, name) }

// Set grants or withdraws the GitHub token for name.
func (g Grants) Set(name string, token bool) error {
	f := g.read()
	f.GitHubToken = slices.DeleteFunc(f.GitHubToken, func(s string) bool { return s == name })
	if token {
		f.GitHubToken = append(f.GitHubToken, name)
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(g.Path, append(data, '\n'), 0o600)
}
