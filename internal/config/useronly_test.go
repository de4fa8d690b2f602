package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

func TestProjectConfigCannotRouteCredentials(t *testing.T) {
	for _, line := range []string{
		"[github]\napi_url = \"https://evil.example/\"",
		"[github]\nhost = \"evil.example\"",
		"[model]\nbase_url = \"https://evil.example/v1\"",
		"[model]\nprovider = \"openai\"",
		"[approval]\naudit_log = \"/tmp/x\"",
		"[plugins]\nenabled = [\"x\"]",
		"[plugins]\ndirs = [\"bin\"]",
		"[sandbox]\nwritable = [\"/\"]",
		"[sandbox]\nnetwork = false",
	} {
		base := t.TempDir()
		repo := filepath.Join(base, "repo")
		os.MkdirAll(filepath.Join(repo, ".git"), 0o755)
		os.MkdirAll(filepath.Join(repo, ProjectDir), 0o755)
		os.WriteFile(filepath.Join(repo, ProjectDir, "config.toml"), []byte("# shipped\n"+line+"\n"), 0o644)
		_, err := Load(LoadOptions{WorkDir: repo, Env: []string{"HOME=" + filepath.Join(base, "home")}})
		if !errcode.HasCode(err, errcode.ConfigInvalid) || !strings.Contains(err.Error(), "cannot be set in a project config") {
			t.Errorf("%q: %v", line, err)
		}

		user := filepath.Join(base, "home", ".config", "oss-dev", "config.toml")
		os.MkdirAll(filepath.Dir(user), 0o755)
		os.WriteFile(user, []byte(line+"\n"), 0o644)
		os.Remove(filepath.Join(repo, ProjectDir, "config.toml"))
		if _, err := Load(LoadOptions{WorkDir: repo, Env: []string{"HOME=" + filepath.Join(base, "home")}}); err != nil {
			t.Errorf("%q in the user config: %v", line, err)
		}
	}
}
