package config

import (
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

func TestSandboxSectionIsValidated(t *testing.T) {
	f := newFixture(t)
	f.write("user", "[sandbox]\nwritable = [\"/opt/cache\", \"~/.cache/pre-commit\"]\nnetwork = false\n")
	l, err := f.load()
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Config.Sandbox; got.Network || len(got.Writable) != 2 || got.Writable[1] != "~/.cache/pre-commit" {
		t.Fatalf("sandbox section read as %+v", got)
	}
	if !Default().Sandbox.Network {
		t.Fatal("the network is off by default; it must stay on unless the user turns it off")
	}
	for _, bad := range []string{"[sandbox]\nwritable = [\"relative/dir\"]\n", "[sandbox]\nnetwork = \"no\"\n", "[sandbox]\nwriteable = []\n"} {
		f.write("user", bad)
		_, err := f.load()
		if !errcode.HasCode(err, errcode.ConfigInvalid) || !strings.Contains(err.Error(), "sandbox") {
			t.Errorf("%q: want CONFIG_INVALID naming the sandbox key, got %v", bad, err)
		}
	}
}
