package config

import (
	"os"
	"reflect"
	"testing"
)

// FuzzDecodeFile feeds arbitrary bytes to the file decoder: it must never
// panic, and it either reports problems or yields assignments that apply
// cleanly. A config that loads must also survive `config show`: its TOML
// rendering decodes to the same config.
func FuzzDecodeFile(f *testing.F) {
	if seed, err := os.ReadFile("testdata/edit/input.toml"); err == nil {
		f.Add(seed)
	}
	for _, s := range []string{
		"",
		"schema_version = 1\n",
		"[approval]\npolicy = \"auto\"\n[approval.tools]\ngit_branch = \"never\"\n",
		"[[approval.allow]]\nprogram = \"go\"\nargs = [\"test\", \"./...\"]\n",
		"approval.deny = [{program = \"rm\", args = [\"-rf\"]}]\n",
		"[github]\ncache_ttl = \"1h30m\"\nmax_retries = 0x3\n",
		"[model]\ntemperature = 1e0\ncontext_window = 1_000\n",
		"[ui\n",
		"[github]\ntoken = \"x\"\n",
		"a = { b = { c = 1 } }\n",
		"[profile]\nlanguages = [\"é\", \"\\u0000\"]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ix := newKeyIndex()
		as, probs := decodeFile(ix, data)
		if len(probs) > 0 {
			if len(as) > 0 {
				t.Fatalf("both assignments and problems")
			}
			for _, p := range probs {
				if p.msg == "" || p.code == "" {
					t.Fatalf("problem without a message or code: %+v", p)
				}
			}
			return
		}
		l := &Loaded{Config: Default(), Origins: map[string]Origin{}}
		for _, a := range as {
			if err := assign(&l.Config, a.def, a.val); err != nil {
				t.Fatalf("decoded value does not apply: %v", err)
			}
		}
		shown := l.TOML(false)
		as2, probs2 := decodeFile(ix, shown)
		if len(probs2) > 0 {
			t.Fatalf("rendered config does not load:\n%s\n%+v", shown, probs2)
		}
		c2 := Default()
		for _, a := range as2 {
			if err := assign(&c2, a.def, a.val); err != nil {
				t.Fatal(err)
			}
		}
		if !equalConfigs(l.Config, c2) {
			t.Fatalf("round trip changed the config:\n%+v\n%+v\n%s", l.Config, c2, shown)
		}
	})
}

// equalConfigs compares configs, taking an empty list or table as equal to
// a missing one.
func equalConfigs(a, b Config) bool {
	norm := func(c Config) Config {
		for _, p := range []*[]string{&c.Plugins.Enabled, &c.Plugins.Disabled, &c.Plugins.Dirs, &c.Profile.Languages, &c.Profile.Interests, &c.Sandbox.Writable} {
			if len(*p) == 0 {
				*p = nil
			}
		}
		for _, rs := range []*[]Rule{&c.Approval.Allow, &c.Approval.Deny} {
			if len(*rs) == 0 {
				*rs = nil
			}
			for i := range *rs {
				if len((*rs)[i].Args) == 0 {
					(*rs)[i].Args = nil
				}
			}
		}
		if len(c.Approval.Tools) == 0 {
			c.Approval.Tools = nil
		}
		return c
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

// FuzzSetEdit edits arbitrary file contents: an edit must never panic; it
// is refused, or it yields a file that adds no problem and holds the value.
func FuzzSetEdit(f *testing.F) {
	if seed, err := os.ReadFile("testdata/edit/input.toml"); err == nil {
		f.Add(seed, uint8(3), "auto")
	}
	f.Add([]byte(""), uint8(0), "1")
	f.Add([]byte("approval = { policy = \"never\" }\n"), uint8(8), "auto")
	f.Add([]byte("approval.policy = \"never\"\r\n[ui]\r\n"), uint8(13), "x")
	f.Add([]byte("[approval.tools]\ngit_branch = \"auto\"\n[approval]\n"), uint8(30), "never")
	f.Fuzz(func(t *testing.T, data []byte, pick uint8, text string) {
		keys := append(newKeyIndex().defs, toolKey("git"))
		d := keys[int(pick)%len(keys)]
		s, err := parseSetting(d.name, text)
		if err != nil {
			return
		}
		if syntaxCheck(data) != nil {
			return
		}
		doc, err := parseDocument(data)
		if err != nil {
			t.Fatalf("valid TOML the editor cannot read: %v", err)
		}
		out, err := doc.set(s)
		if err != nil {
			return
		}
		if checkEdit("f", data, out) != nil {
			return
		}
		as, probs := decodeFile(newKeyIndex(), out)
		if len(probs) > 0 {
			// The file had problems before; the edit added none.
			return
		}
		c := Default()
		for _, a := range as {
			if err := assign(&c, a.def, a.val); err != nil {
				t.Fatal(err)
			}
		}
		want, _ := fromText(d, text)
		if got := value(&c, d); !reflect.DeepEqual(got, want) && !(d.kind == kindStrings && len(want.([]string)) == 0) {
			t.Fatalf("after set %s = %q the file holds %#v, want %#v:\n%s", d.name, text, got, want, out)
		}
	})
}
