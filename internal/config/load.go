package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// Layer names where a value came from.
type Layer string

// The layers, lowest priority first.
const (
	LayerDefault Layer = "default"
	LayerSystem  Layer = "system"
	LayerUser    Layer = "user"
	LayerProject Layer = "project"
	LayerEnv     Layer = "env"
)

// Origin is where one key's value came from: a file and line, an
// environment variable, or the built-in default.
type Origin struct {
	Layer Layer `json:"layer"`
	// File and Line locate the value in a file layer; Line is 0 when unknown.
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	// Variable is the OSS_DEV_ variable of the env layer.
	Variable string `json:"variable,omitempty"`
}

// String is the origin as `config show --origin` prints it:
// "default", "env OSS_DEV_APPROVAL__POLICY", "user /home/me/.config/oss-dev/config.toml:3".
func (o Origin) String() string {
	switch o.Layer {
	case LayerDefault:
		return "default"
	case LayerEnv:
		return "env " + o.Variable
	}
	if o.Line > 0 {
		return fmt.Sprintf("%s %s:%d", o.Layer, o.File, o.Line)
	}
	return fmt.Sprintf("%s %s", o.Layer, o.File)
}

// LayerFile is one config file a layer reads, present or not.
type LayerFile struct {
	Layer  Layer  `json:"layer"`
	Path   string `json:"path"`
	Exists bool   `json:"exists"`
}

// LoadOptions says where to load from.
type LoadOptions struct {
	// WorkDir is where the search for the project's repository starts.
	WorkDir string
	// Env is the environment as KEY=VALUE entries; nil means os.Environ().
	Env []string
}

// Loaded is the merged configuration with the provenance of every value.
type Loaded struct {
	Config Config
	// Origins maps every key (approval.policy, approval.tools.NAME, ...) to
	// where its value came from.
	Origins map[string]Origin
	// Files lists the files of every layer, lowest priority first.
	Files []LayerFile
	// Paths are the layer files as resolved for the working directory.
	Paths Paths
	// ProjectTrusted is true when the project file is the user's own (see
	// trust.go); otherwise its values only tighten, and Ignored lists the
	// ones that are not in force, with why.
	ProjectTrusted bool
	Ignored        []Ignored

	project *projectOnly
	// data holds each file's bytes as read, so that FileRules lists the
	// rules of the very content trust was decided on.
	data map[string][]byte
}

// Load reads every layer, lowest first: built-in defaults, system files
// (earlier $XDG_CONFIG_DIRS entries win), the user file, the project file and
// OSS_DEV_ variables. It is strict: any unknown key, wrong type, out-of-range
// value or secret in a file fails with CONFIG_INVALID or CONFIG_SECRET,
// naming the file, line and key. It only reads; it creates nothing.
func Load(opts LoadOptions) (*Loaded, error) {
	env := opts.Env
	if env == nil {
		env = os.Environ()
	}
	e := newEnvLookup(env)
	ix := newKeyIndex()
	l := &Loaded{Config: Default(), Origins: map[string]Origin{}, Paths: resolvePaths(opts.WorkDir, e)}
	for _, d := range ix.defs {
		l.Origins[d.name] = Origin{Layer: LayerDefault}
	}

	for _, lf := range layerFiles(l.Paths) {
		exists, err := l.loadFile(ix, e, lf)
		lf.Exists = exists
		l.Files = append(l.Files, lf)
		if err != nil {
			return nil, err
		}
	}

	as, probs := decodeEnv(ix, env)
	if len(probs) > 0 {
		return nil, envError(probs)
	}
	for _, a := range as {
		if err := l.apply(a, Origin{Layer: LayerEnv, Variable: a.variable}); err != nil {
			return nil, err
		}
	}
	if err := l.applyFloors(); err != nil {
		return nil, err
	}
	return l, nil
}

// layerFiles lists the files in the order they are applied: system files
// from the last $XDG_CONFIG_DIRS entry to the first, so the first wins.
func layerFiles(p Paths) []LayerFile {
	var out []LayerFile
	for i := len(p.System) - 1; i >= 0; i-- {
		out = append(out, LayerFile{Layer: LayerSystem, Path: p.System[i]})
	}
	if p.User != "" {
		out = append(out, LayerFile{Layer: LayerUser, Path: p.User})
	}
	if p.Project != "" {
		out = append(out, LayerFile{Layer: LayerProject, Path: p.Project})
	}
	return out
}

// loadFile applies one file, reporting whether it exists.
func (l *Loaded) loadFile(ix *keyIndex, e envLookup, lf LayerFile) (bool, error) {
	data, err := readConfigFile(lf.Path, e.home())
	if err != nil || data == nil {
		return false, err
	}
	if l.data == nil {
		l.data = map[string][]byte{}
	}
	l.data[lf.Path] = data
	as, probs := decodeFile(ix, data)
	if len(probs) > 0 {
		return true, fileError(displayPath(lf.Path, e.home()), probs)
	}
	for _, a := range as {
		if lf.Layer == LayerProject && a.def.userOnly {
			return true, userOnlyError(displayPath(lf.Path, e.home()), a.line, a.def.name)
		}
	}
	if lf.Layer == LayerProject {
		trusted, why := projectTrust(e, lf.Path, data)
		l.ProjectTrusted = trusted
		if !trusted {
			return true, l.restrictProject(as, lf, why)
		}
	}
	for _, a := range as {
		if err := l.apply(a, Origin{Layer: lf.Layer, File: lf.Path, Line: a.line}); err != nil {
			return true, err
		}
	}
	return true, nil
}

func (l *Loaded) apply(a assignment, o Origin) error {
	if err := assign(&l.Config, a.def, a.val); err != nil {
		return errcode.Wrap(errcode.ConfigInvalid, err, err.Error(), "correct the value")
	}
	l.Origins[a.def.name] = o
	return nil
}

// readConfigFile returns a config file's bytes, or nil with no error when
// there is no file there. A folder, a link loop or a file that cannot be
// read is an error that says so.
func readConfigFile(path, home string) ([]byte, error) {
	shown := displayPath(path, home)
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		// No file, or a file where a parent folder would be: nothing to read.
		return nil, nil
	case err != nil:
		return nil, errcode.Wrap(errcode.ConfigInvalid, err,
			fmt.Sprintf("%s: cannot read the config file: %s", shown, reason(err)),
			"repair or remove "+shown)
	case info.IsDir():
		return nil, errcode.New(errcode.ConfigInvalid,
			shown+": is a folder, but the config must be a file",
			"remove or rename the folder "+shown+"; the config is a TOML file at that path")
	}
	// A repository can ship its config as a FIFO or a link to /dev/zero:
	// only a regular file of a sane size is read, so nothing hangs.
	data, err := safefile.ReadFile(path, safefile.ConfigMax)
	var se *safefile.Error
	if errors.As(err, &se) {
		return nil, errcode.Wrap(errcode.ConfigInvalid, err,
			fmt.Sprintf("%s: cannot read the config file: %s", shown, strings.TrimPrefix(se.Error(), path+" ")),
			"replace "+shown+" with a TOML file of at most 1 MiB, or remove it")
	}
	if err != nil {
		return nil, errcode.Wrap(errcode.ConfigInvalid, err,
			fmt.Sprintf("%s: cannot read the config file: %s", shown, reason(err)),
			"make it readable (chmod u+r "+shown+") or remove it")
	}
	return data, nil
}

// reason is the system's explanation of a file error, without the path
// that the message already names.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// maxListed bounds the problems one error lists.
const maxListed = 10

// fileError lists a file's problems, each as FILE:LINE: message, with the
// code and fix of the first.
func fileError(shown string, probs []problem) error {
	var b strings.Builder
	for i, p := range probs {
		if i == maxListed {
			fmt.Fprintf(&b, "\n(and %d more)", len(probs)-maxListed)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		switch {
		case p.col > 0:
			fmt.Fprintf(&b, "%s:%d:%d: %s", shown, p.line, p.col, p.msg)
		case p.line > 0:
			fmt.Fprintf(&b, "%s:%d: %s", shown, p.line, p.msg)
		default:
			fmt.Fprintf(&b, "%s: %s", shown, p.msg)
		}
	}
	// A secret in a file matters most: its code and fix lead.
	lead := probs[0]
	for _, p := range probs {
		if p.code == errcode.ConfigSecret {
			lead = p
			break
		}
	}
	return errcode.New(lead.code, b.String(), strings.ReplaceAll(lead.fix, "{file}", shown))
}

func envError(probs []envProblem) error {
	var b strings.Builder
	for i, p := range probs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.msg)
	}
	return errcode.New(probs[0].code, b.String(), probs[0].fix)
}

func userOnlyError(file string, line int, key string) error {
	return errcode.Newf(errcode.ConfigInvalid,
		fmt.Sprintf("delete it from %s and set it in your own config: oss-dev config set --user %s VALUE (or %s)", file, key, EnvName(key)),
		"%s:%d: %s cannot be set in a project config: a repository's own config could send your credentials elsewhere or start programs", file, line, key)
}
