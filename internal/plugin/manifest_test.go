package plugin

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

const helloManifest = `name = "hello"
version = "0.1.0"
description = "Says hello"
protocol = 1
executable = "bin/hello"
[[commands]]
name = "hello"
summary = "Say hello"
[[hooks]]
event = "before:VALIDATION"
[[tools]]
name = "word_count"
description = "Count words in a file"
schema = '{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}'
mutates = false
`

func TestParseManifest(t *testing.T) {
	m, err := ParseManifest([]byte(helloManifest), "plugin.toml")
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "hello" || m.Version != "0.1.0" || m.Executable != "bin/hello" || len(m.Commands) != 1 ||
		m.Hooks[0].Event != "before:VALIDATION" || m.Tools[0].Name != "word_count" || m.Tools[0].Mutates {
		t.Fatalf("parsed %+v", m)
	}
}

func TestParseManifestRefuses(t *testing.T) {
	base := strings.Replace(helloManifest, "[[commands]]", "%s\n[[commands]]", 1)
	cases := []struct {
		name, replace, with, want string
	}{
		{"bad name", `name = "hello"`, `name = "Hello"`, `name "Hello"`},
		{"protocol 2", "protocol = 1", "protocol = 2", "this oss-dev speaks protocol 1"},
		{"absolute executable", `"bin/hello"`, `"/bin/sh"`, "relative to the plugin's folder"},
		{"climbing executable", `"bin/hello"`, `"../x"`, "inside the plugin's folder"},
		{"unclean executable", `"bin/hello"`, `"bin/../../x"`, "inside the plugin's folder"},
		{"unknown key", "protocol = 1", "protocol = 1\ncolour = 1", "unknown key colour"},
		{"unknown phase", "before:VALIDATION", "before:LUNCH", `hook event "before:LUNCH"`},
		{"unknown when", "before:VALIDATION", "during:VALIDATION", `hook event "during:VALIDATION"`},
		{"tool schema", `'{"type":"object"`, `'{"type":"array"`, "JSON object schema"},
		{"control in description", `"Says hello"`, `"Says \u001b[2Jhello"`, "control characters"},
		{"needs", "protocol = 1", "protocol = 1\nneeds = [\"ssh_key\"]", `needs "ssh_key"`},
		{"no version", `version = "0.1.0"`, ``, "version is missing"},
		{"not toml", `name = "hello"`, `name = `, "line 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := strings.Replace(strings.Replace(base, "%s", "", 1), c.replace, c.with, 1)
			_, err := ParseManifest([]byte(text), "x/plugin.toml")
			if err == nil {
				t.Fatalf("accepted:\n%s", text)
			}
			if errcode.CodeOf(err) != errcode.PluginLoadFailed || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "x/plugin.toml") {
				t.Fatalf("error %q (code %s), want PLUGIN_LOAD_FAILED naming the file and %q", err, errcode.CodeOf(err), c.want)
			}
		})
	}
}

func TestDuplicateCommandIsRefused(t *testing.T) {
	text := helloManifest + "[[commands]]\nname = \"hello\"\nsummary = \"again\"\n"
	if _, err := ParseManifest([]byte(text), "plugin.toml"); err == nil || !strings.Contains(err.Error(), "listed twice") {
		t.Fatalf("error %v", err)
	}
}

// FuzzManifest feeds the parser arbitrary manifests: it never panics, and
// whatever it accepts keeps the rules the host relies on (names it can use
// as commands, an executable inside the folder, shown text without
// control characters).
func FuzzManifest(f *testing.F) {
	f.Add([]byte(helloManifest))
	f.Add([]byte("name = \"x\"\nversion = \"1\"\nprotocol = 1\nexecutable = \"x\"\n"))
	f.Add([]byte("name = \"x\"\nversion = \"1\"\nprotocol = 1\nexecutable = \"a/../../b\"\n"))
	f.Add([]byte("name = \"x\"\nversion = \"\\u009b2J\"\nprotocol = 1\nexecutable = \"x\"\n[[hooks]]\nevent = \"after:COMMIT_PR\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseManifest(data, "plugin.toml")
		if err != nil {
			if errcode.CodeOf(err) != errcode.PluginLoadFailed {
				t.Fatalf("error without PLUGIN_LOAD_FAILED: %v", err)
			}
			return
		}
		if !ValidName(m.Name) || m.Protocol != Protocol {
			t.Fatalf("accepted name %q protocol %d", m.Name, m.Protocol)
		}
		if strings.HasPrefix(m.Executable, "/") || strings.HasPrefix(m.Executable, "../") || strings.Contains(m.Executable, "/../") {
			t.Fatalf("accepted executable %q", m.Executable)
		}
		for _, s := range []string{m.Version, m.Description} {
			if !utf8.ValidString(s) || strings.ContainsAny(s, "\x1b\r\n\u009b") {
				t.Fatalf("accepted text %q", s)
			}
		}
		for _, c := range m.Commands {
			if !ValidName(c.Name) {
				t.Fatalf("accepted command %q", c.Name)
			}
		}
		for _, h := range m.Hooks {
			if _, _, ok := ParseEvent(h.Event); !ok {
				t.Fatalf("accepted event %q", h.Event)
			}
		}
	})
}
