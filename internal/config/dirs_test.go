package config

import (
	"path/filepath"
	"testing"
)

func TestDirsPerSystem(t *testing.T) {
	j := filepath.Join
	tests := []struct {
		name string
		goos string
		env  map[string]string
		want Dirs
	}{
		{"linux defaults", "linux", map[string]string{"HOME": "/h"}, Dirs{
			Config: j("/h", ".config", "oss-dev"), Cache: j("/h", ".cache", "oss-dev"),
			State: j("/h", ".local", "state", "oss-dev"), Data: j("/h", ".local", "share", "oss-dev"),
		}},
		{"macOS defaults", "darwin", map[string]string{"HOME": "/h"}, Dirs{
			Config: j("/h", ".config", "oss-dev"), Cache: j("/h", "Library", "Caches", "oss-dev"),
			State: j("/h", ".local", "state", "oss-dev"), Data: j("/h", ".local", "share", "oss-dev"),
		}},
		{"windows defaults", "windows", map[string]string{"USERPROFILE": "/u", "APPDATA": "/roaming", "LOCALAPPDATA": "/local"}, Dirs{
			Config: j("/roaming", "oss-dev"), Cache: j("/local", "oss-dev", "cache"),
			State: j("/local", "oss-dev", "state"), Data: j("/local", "oss-dev", "data"),
		}},
		{"XDG wins on macOS", "darwin", map[string]string{"HOME": "/h", "XDG_CONFIG_HOME": "/c", "XDG_CACHE_HOME": "/k", "XDG_STATE_HOME": "/s", "XDG_DATA_HOME": "/d"}, Dirs{
			Config: j("/c", "oss-dev"), Cache: j("/k", "oss-dev"), State: j("/s", "oss-dev"), Data: j("/d", "oss-dev"),
		}},
		{"XDG wins on Windows", "windows", map[string]string{"APPDATA": "/roaming", "LOCALAPPDATA": "/local", "XDG_CONFIG_HOME": "/c", "XDG_CACHE_HOME": "/k", "XDG_STATE_HOME": "/s", "XDG_DATA_HOME": "/d"}, Dirs{
			Config: j("/c", "oss-dev"), Cache: j("/k", "oss-dev"), State: j("/s", "oss-dev"), Data: j("/d", "oss-dev"),
		}},
		{"relative XDG values are ignored", "linux", map[string]string{"HOME": "/h", "XDG_CACHE_HOME": "rel", "XDG_DATA_HOME": "rel"}, Dirs{
			Config: j("/h", ".config", "oss-dev"), Cache: j("/h", ".cache", "oss-dev"),
			State: j("/h", ".local", "state", "oss-dev"), Data: j("/h", ".local", "share", "oss-dev"),
		}},
		{"no home", "linux", map[string]string{}, Dirs{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := envLookup{vars: tt.env, goos: tt.goos}.dirs()
			want := tt.want
			if want.Cache != "" {
				want.Repos, want.GitHubCache = j(want.Cache, "repos"), j(want.Cache, "github")
			}
			if want.Data != "" {
				want.Plugins = j(want.Data, "plugins")
			}
			if got != want {
				t.Errorf("dirs = %+v\nwant   %+v", got, want)
			}
		})
	}
}

func TestResolveDirsReadsTheGivenEnvironment(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/ignored")
	d := ResolveDirs([]string{"HOME=/h", "XDG_DATA_HOME=/d"})
	if want := filepath.Join("/d", "oss-dev", "plugins"); d.Plugins != want {
		t.Errorf("Plugins = %q, want %q", d.Plugins, want)
	}
}
