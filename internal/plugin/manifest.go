package plugin

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// ManifestFile is the name of a plugin's manifest in its folder.
const ManifestFile = "plugin.toml"

// maxManifest bounds what is read of a manifest.
const maxManifest = 64 << 10

// NeedGitHubToken is the one thing a manifest may ask for in needs.
const NeedGitHubToken = "github_token"

// Manifest is a plugin.toml: who the plugin is and what it contributes.
type Manifest struct {
	Name        string `toml:"name" json:"name"`
	Version     string `toml:"version" json:"version"`
	Description string `toml:"description" json:"description"`
	Protocol    int    `toml:"protocol" json:"protocol"`
	// Executable is relative to the plugin's folder.
	Executable string        `toml:"executable" json:"executable"`
	Needs      []string      `toml:"needs" json:"needs"`
	Commands   []CommandSpec `toml:"commands" json:"commands"`
	Hooks      []HookSpec    `toml:"hooks" json:"hooks"`
	Tools      []ToolSpec    `toml:"tools" json:"tools"`
}

// CommandSpec is a command the plugin adds: `oss-dev NAME`.
type CommandSpec struct {
	Name    string `toml:"name" json:"name"`
	Summary string `toml:"summary" json:"summary"`
}

// HookSpec is a hook: Event is before:PHASE or after:PHASE.
type HookSpec struct {
	Event string `toml:"event" json:"event"`
}

// ToolSpec is a tool the plugin offers the assistant. Schema is the JSON
// Schema of its arguments; Mutates says it changes something, so a call is
// approved first.
type ToolSpec struct {
	Name        string `toml:"name" json:"name"`
	Description string `toml:"description" json:"description"`
	Schema      string `toml:"schema" json:"schema"`
	Mutates     bool   `toml:"mutates" json:"mutates"`
}

// ParseManifest reads and validates a manifest; file names it in errors.
// A manifest that is not valid TOML, has an unknown key, or breaks a rule
// is PLUGIN_LOAD_FAILED with what is wrong and where.
func ParseManifest(data []byte, file string) (*Manifest, error) {
	var m Manifest
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, manifestError(file, tomlProblem(err))
	}
	if err := m.Validate(); err != nil {
		return nil, manifestError(file, err.Error())
	}
	return &m, nil
}

func manifestError(file, why string) error {
	return errcode.Newf(errcode.PluginLoadFailed, "correct "+file+" (PLUGINS.md describes the manifest)", "%s: %s", file, why)
}

func tomlProblem(err error) string {
	var sm *toml.StrictMissingError
	if errors.As(err, &sm) {
		var keys []string
		for _, e := range sm.Errors {
			keys = append(keys, strings.Join(e.Key(), "."))
		}
		return "unknown key " + strings.Join(keys, ", ")
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		return fmt.Sprintf("line %d, column %d: %s", line, col, strings.TrimPrefix(de.Error(), "toml: "))
	}
	return strings.TrimPrefix(err.Error(), "toml: ")
}

// Validate checks the manifest's rules: names, the protocol, an executable
// inside the folder, known hook events, tools with an object schema.
func (m *Manifest) Validate() error {
	checks := []func() error{m.checkHead, m.checkExecutable, m.checkCommands, m.checkHooks, m.checkTools}
	for _, c := range checks {
		if err := c(); err != nil {
			return err
		}
	}
	return nil
}

func (m *Manifest) checkHead() error {
	if !ValidName(m.Name) {
		return fmt.Errorf("name %q: use a lower-case letter, then lower-case letters, digits and '-' (at most 40)", m.Name)
	}
	if err := plainText("version", m.Version, 64, true); err != nil {
		return err
	}
	if err := plainText("description", m.Description, 200, false); err != nil {
		return err
	}
	if m.Protocol != Protocol {
		return fmt.Errorf("protocol %d: this oss-dev speaks protocol %d", m.Protocol, Protocol)
	}
	for _, n := range m.Needs {
		if n != NeedGitHubToken {
			return fmt.Errorf("needs %q: the only thing a plugin may ask for is %q", n, NeedGitHubToken)
		}
	}
	return nil
}

// checkExecutable keeps the executable inside the plugin's folder: a
// relative, clean path that does not climb out.
func (m *Manifest) checkExecutable() error {
	e := m.Executable
	switch {
	case e == "":
		return errors.New("executable is missing: name the program, relative to the plugin's folder")
	case strings.ContainsRune(e, '\\') || filepath.IsAbs(e) || path.IsAbs(e) || filepath.VolumeName(e) != "":
		return fmt.Errorf("executable %q: give a path relative to the plugin's folder, with '/'", e)
	case path.Clean(e) != e || e == "." || e == ".." || strings.HasPrefix(e, "../"):
		return fmt.Errorf("executable %q: the path must stay inside the plugin's folder and be written plainly", e)
	case strings.IndexFunc(e, unicode.IsControl) >= 0:
		return fmt.Errorf("executable %q: the path holds control characters", e)
	}
	return nil
}

func (m *Manifest) checkCommands() error {
	seen := map[string]bool{}
	for _, c := range m.Commands {
		if !ValidName(c.Name) {
			return fmt.Errorf("command name %q: use a lower-case letter, then lower-case letters, digits and '-'", c.Name)
		}
		if seen[c.Name] {
			return fmt.Errorf("command %q is listed twice", c.Name)
		}
		seen[c.Name] = true
		if err := plainText("summary of command "+c.Name, c.Summary, 120, false); err != nil {
			return err
		}
	}
	return nil
}

func (m *Manifest) checkHooks() error {
	seen := map[string]bool{}
	for _, h := range m.Hooks {
		if _, _, ok := ParseEvent(h.Event); !ok {
			return fmt.Errorf("hook event %q: write before:PHASE or after:PHASE, PHASE one of %s", h.Event, strings.Join(Phases(), ", "))
		}
		if seen[h.Event] {
			return fmt.Errorf("hook event %q is listed twice", h.Event)
		}
		seen[h.Event] = true
	}
	return nil
}

func (m *Manifest) checkTools() error {
	seen := map[string]bool{}
	for _, t := range m.Tools {
		if !validToolName(t.Name) {
			return fmt.Errorf("tool name %q: use a lower-case letter, then lower-case letters, digits and '_' (at most 40)", t.Name)
		}
		if seen[t.Name] {
			return fmt.Errorf("tool %q is listed twice", t.Name)
		}
		seen[t.Name] = true
		if err := plainText("description of tool "+t.Name, t.Description, 500, true); err != nil {
			return err
		}
		var schema map[string]any
		if err := json.Unmarshal([]byte(t.Schema), &schema); err != nil || schema["type"] != "object" {
			return fmt.Errorf("tool %q: schema must be a JSON object schema with \"type\": \"object\"", t.Name)
		}
	}
	return nil
}

// ParseEvent splits before:PHASE or after:PHASE.
func ParseEvent(event string) (when, phase string, ok bool) {
	when, phase, found := strings.Cut(event, ":")
	if !found || (when != "before" && when != "after") || !slices.Contains(Phases(), phase) {
		return "", "", false
	}
	return when, phase, true
}

// ValidName reports whether s is a plugin or command name: a lower-case
// letter, then lower-case letters, digits and '-', at most 40 bytes.
func ValidName(s string) bool { return validIdent(s, '-') }

func validToolName(s string) bool { return validIdent(s, '_') }

func validIdent(s string, sep byte) bool {
	if s == "" || len(s) > 40 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == sep) {
			return false
		}
	}
	return true
}

// plainText checks a field that is shown on a terminal: one line, no
// control characters, at most max bytes.
func plainText(field, s string, max int, required bool) error {
	switch {
	case required && strings.TrimSpace(s) == "":
		return fmt.Errorf("%s is missing", field)
	case len(s) > max:
		return fmt.Errorf("%s is longer than %d bytes", field, max)
	case strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }) >= 0:
		return fmt.Errorf("%s holds control characters", field)
	case !utf8.ValidString(s):
		return fmt.Errorf("%s is not valid UTF-8", field)
	}
	return nil
}
