//go:build unix

package config

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// A repository can ship .oss-dev/config.toml as a FIFO, a link to a device
// or a huge file; so can anything else that puts a file in a config
// folder. Every layer refuses it with CONFIG_INVALID naming the file,
// without blocking and without reading more than the cap.
func TestLoadRefusesSpecialConfigFiles(t *testing.T) {
	cases := map[string]func(t *testing.T, p string){
		"fifo": func(t *testing.T, p string) {
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Fatal(err)
			}
		},
		"link to /dev/zero": func(t *testing.T, p string) {
			if err := os.Symlink("/dev/zero", p); err != nil {
				t.Fatal(err)
			}
		},
		"link to /dev/urandom": func(t *testing.T, p string) {
			if err := os.Symlink("/dev/urandom", p); err != nil {
				t.Fatal(err)
			}
		},
		"huge file": func(t *testing.T, p string) {
			f, err := os.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(2 << 30); err != nil {
				t.Fatal(err)
			}
		},
	}
	want := map[string]string{"fifo": "is a named pipe, not a regular file", "link to /dev/zero": "is a device, not a regular file",
		"link to /dev/urandom": "is a device, not a regular file", "huge file": "is larger than 1 MiB"}
	for _, layer := range []string{"system1", "user", "project"} {
		for name, make := range cases {
			t.Run(layer+"/"+name, func(t *testing.T) {
				f := newFixture(t)
				p := f.path(layer)
				mustMkdir(t, filepath.Dir(p))
				make(t, p)
				_, err := f.load()
				if !errcode.HasCode(err, errcode.ConfigInvalid) {
					t.Fatalf("err = %v, want CONFIG_INVALID", err)
				}
				if !strings.Contains(err.Error(), "config.toml: cannot read the config file: "+want[name]) {
					t.Errorf("error %q does not name the file and say %q", err, want[name])
				}
			})
		}
	}
}
