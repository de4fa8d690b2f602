package plugin

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// Source says where a plugin was found.
type Source string

// The sources, in the order a name is looked up: a built-in plugin cannot
// be shadowed, and a plugin folder wins over PATH.
const (
	BuiltIn Source = "built-in"
	User    Source = "user"
	Path    Source = "PATH"
)

// ExtPrefix starts the file name of a command-only extension, oss-dev-NAME.
const ExtPrefix = "oss-dev-"

// Found is one plugin that discovery saw. Only manifests and file metadata
// are read: no plugin process is started.
type Found struct {
	Name   string
	Source Source
	// Dir is the plugin's folder, "" for an extension on PATH and built-ins.
	Dir string
	// Manifest is nil for a command-only extension and when the manifest
	// could not be read.
	Manifest *Manifest
	// Exe is the program to start.
	Exe string
	// Err says why the plugin cannot load (PLUGIN_LOAD_FAILED).
	Err error
}

// Extension reports whether f is a command-only extension (oss-dev-NAME).
func (f Found) Extension() bool { return f.Manifest == nil && f.Err == nil && f.Source != BuiltIn }

// Discover finds the plugins in dirs (each a folder of NAME/plugin.toml
// folders and oss-dev-NAME executables) and the oss-dev-NAME executables
// on pathList (a PATH value), in that order. A name seen twice is kept
// once, first found first; a folder that cannot be read is skipped.
func Discover(dirs []string, pathList string) []Found {
	var out []Found
	seen := map[string]bool{}
	add := func(f Found) {
		if !seen[f.Name] {
			seen[f.Name] = true
			out = append(out, f)
		}
	}
	for _, d := range dirs {
		for _, f := range scanPluginDir(d) {
			add(f)
		}
	}
	for _, d := range filepath.SplitList(pathList) {
		if d == "" || !filepath.IsAbs(d) {
			continue // a relative PATH entry would run whatever the current folder holds
		}
		for _, f := range scanPathDir(d) {
			add(f)
		}
	}
	return out
}

func scanPluginDir(dir string) []Found {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []Found
	for _, e := range entries {
		if e.IsDir() {
			if ValidName(e.Name()) {
				out = append(out, LoadDir(filepath.Join(dir, e.Name()), User))
			}
			continue
		}
		if name, ok := extName(e.Name()); ok {
			if exe, err := checkExe(filepath.Join(dir, e.Name())); err == nil {
				out = append(out, Found{Name: name, Source: User, Exe: exe})
			}
		}
	}
	return out
}

func scanPathDir(dir string) []Found {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []Found
	for _, e := range entries {
		name, ok := extName(e.Name())
		if !ok || e.IsDir() {
			continue
		}
		if exe, err := checkExe(filepath.Join(dir, e.Name())); err == nil {
			out = append(out, Found{Name: name, Source: Path, Exe: exe})
		}
	}
	return out
}

// extName returns NAME for a file oss-dev-NAME (oss-dev-NAME.exe on Windows).
func extName(file string) (string, bool) {
	if runtime.GOOS == "windows" {
		file = strings.TrimSuffix(strings.ToLower(file), ".exe")
	}
	name, ok := strings.CutPrefix(file, ExtPrefix)
	return name, ok && ValidName(name)
}

// LoadDir reads the plugin in dir: its manifest, else an oss-dev-NAME
// executable of the folder's name as a command-only extension.
func LoadDir(dir string, src Source) Found {
	f := Found{Name: filepath.Base(dir), Source: src, Dir: dir}
	file := filepath.Join(dir, ManifestFile)
	data, err := safefile.ReadFile(file, maxManifest)
	if errors.Is(err, fs.ErrNotExist) {
		if exe, xerr := checkExe(filepath.Join(dir, ExtPrefix+f.Name)); xerr == nil {
			f.Exe = exe
			return f
		}
		f.Err = loadFailed(f.Name, "its folder "+dir+" holds neither "+ManifestFile+" nor an executable "+ExtPrefix+f.Name, "")
		return f
	}
	if err != nil {
		f.Err = errcode.Wrap(errcode.PluginLoadFailed, err, "plugin "+f.Name+": "+file+" cannot be read: "+err.Error(), "")
		return f
	}
	m, err := ParseManifest(data, file)
	if err != nil {
		f.Err = err
		return f
	}
	f.Manifest = m
	if m.Name != f.Name {
		f.Err = loadFailed(f.Name, "its manifest names it "+m.Name, "name the folder as the manifest does, or reinstall it")
		return f
	}
	f.Exe, err = insideExe(dir, m.Executable)
	if err != nil {
		f.Err = loadFailed(f.Name, err.Error(), "")
	}
	return f
}

func loadFailed(name, why, fix string) error {
	if fix == "" {
		fix = "reinstall the plugin ('oss-dev plugins install'), or remove it ('oss-dev plugins remove " + name + "')"
	}
	return errcode.Newf(errcode.PluginLoadFailed, fix, "plugin %s cannot load: %s", name, why)
}

// insideExe resolves the manifest's executable and checks that it stays in
// the folder once links are followed, and that it is an executable file.
func insideExe(dir, rel string) (string, error) {
	exe, err := checkExe(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		return "", err
	}
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(exe)
	if err != nil {
		return "", err
	}
	if r, err := filepath.Rel(root, real); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", errors.New("its executable " + rel + " leads out of its folder")
	}
	return exe, nil
}

// checkExe checks that path is a regular file that can be executed.
func checkExe(path string) (string, error) {
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return "", errors.New("its executable " + path + " is missing")
	case !fi.Mode().IsRegular():
		return "", errors.New("its executable " + path + " is not a regular file")
	case runtime.GOOS != "windows" && fi.Mode().Perm()&0o111 == 0:
		return "", errors.New("its executable " + path + " is not executable (chmod +x)")
	}
	return path, nil
}

// Status says whether a plugin is in use.
type Status string

// The statuses.
const (
	StatusOK       Status = "ok"
	StatusDisabled Status = "disabled"
	StatusFailed   Status = "failed"
)

// Entry is a plugin with its status under the configuration.
type Entry struct {
	Found
	// Plugin is the built-in plugin; nil for external ones.
	Plugin Plugin
	Status Status
	// Reason says why the status is not ok.
	Reason string
}

// Selection is the configuration's say in which plugins are on.
type Selection struct {
	// Enabled names the external plugins the user turned on (install does).
	Enabled []string
	// Disabled names plugins turned off, built-in ones included.
	Disabled []string
}

// Catalog is every plugin known, built-in first, by name.
type Catalog struct {
	Entries []Entry
}

// NewCatalog joins the built-in plugins and the found ones under the
// selection. A found plugin named as a built-in one is failed: a built-in
// cannot be replaced.
func NewCatalog(builtins []Plugin, found []Found, sel Selection) *Catalog {
	c := &Catalog{}
	names := map[string]bool{}
	for _, p := range builtins {
		m := p.Manifest()
		e := Entry{Found: Found{Name: m.Name, Source: BuiltIn, Manifest: m}, Plugin: p, Status: StatusOK}
		if slices.Contains(sel.Disabled, m.Name) {
			e.Status, e.Reason = StatusDisabled, "in plugins.disabled"
		}
		names[m.Name] = true
		c.Entries = append(c.Entries, e)
	}
	for _, f := range found {
		c.Entries = append(c.Entries, external(f, names[f.Name], sel))
	}
	sort.SliceStable(c.Entries, func(i, j int) bool {
		if (c.Entries[i].Source == BuiltIn) != (c.Entries[j].Source == BuiltIn) {
			return c.Entries[i].Source == BuiltIn
		}
		return c.Entries[i].Name < c.Entries[j].Name
	})
	return c
}

func external(f Found, clash bool, sel Selection) Entry {
	e := Entry{Found: f, Status: StatusOK}
	switch {
	case clash:
		e.Status, e.Reason = StatusFailed, "a built-in plugin has the name "+f.Name
	case f.Err != nil:
		e.Status, e.Reason = StatusFailed, f.Err.Error()
	case slices.Contains(sel.Disabled, f.Name):
		e.Status, e.Reason = StatusDisabled, "in plugins.disabled"
	case f.Manifest != nil && !slices.Contains(sel.Enabled, f.Name):
		e.Status, e.Reason = StatusDisabled, "not in plugins.enabled ('oss-dev plugins enable "+f.Name+"')"
	}
	return e
}

// Lookup returns the entry named name.
func (c *Catalog) Lookup(name string) (Entry, bool) {
	for _, e := range c.Entries {
		if e.Name == name {
			return e, true
		}
	}
	return Entry{}, false
}

// CommandOwner returns the plugin in use that contributes the command
// name: a manifest's command or a command-only extension of that name.
func (c *Catalog) CommandOwner(name string) (Entry, bool) {
	for _, e := range c.Entries {
		if e.Status != StatusOK {
			continue
		}
		if e.Extension() && e.Name == name {
			return e, true
		}
		if e.Manifest != nil && slices.ContainsFunc(e.Manifest.Commands, func(s CommandSpec) bool { return s.Name == name }) {
			return e, true
		}
	}
	return Entry{}, false
}
