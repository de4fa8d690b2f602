package doctor

import (
	"strings"
	"testing"
)

// FuzzVersionOf reads any --version output: a version that is part of the
// output and that atLeast can compare, or an error quoting one line.
func FuzzVersionOf(f *testing.F) {
	for _, s := range []string{
		"git version 2.43.0\n",
		"gh version 2.40.1 (2023-12-13)\nhttps://github.com/cli/cli/releases/tag/v2.40.1\n",
		"Universal Ctags 6.0.0(p6.0.20221218.0), Copyright (C) 2015-2022 Universal Ctags Team\n",
		"go version go1.24.0 linux/amd64",
		"version 99999999999999999999.1",
		"no version here\nsecond line",
		"1.\x1b[2J2",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, out []byte) {
		v, err := versionOf(out)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("the error spans lines: %q", err)
			}
			return
		}
		if v == "" || !strings.Contains(string(out), v) {
			t.Fatalf("version %q is not in the output", v)
		}
		if !atLeast(v, 0, 0) {
			t.Fatalf("version %q is not at least 0.0", v)
		}
	})
}
