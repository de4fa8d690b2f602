package sandbox

import (
	"os"
	"path/filepath"
	"strings"
)

// homeSecrets are the places under the home folder where tools keep
// credentials: keys, tokens, logins and password stores. A confined
// command cannot read them; no build needs them.
var homeSecrets = [...]string{
	".ssh", ".gnupg", ".aws", ".azure", ".kube", ".docker", ".password-store",
	".netrc", ".git-credentials", ".npmrc", ".pypirc", ".gem/credentials",
	".cargo/credentials", ".cargo/credentials.toml",
	".config/gh", ".config/gcloud", ".config/git/credentials", ".local/share/keyrings",
}

// secretPathVars name files or folders that hold credentials when a tool
// is told to keep them elsewhere than in homeSecrets. KUBECONFIG is a list.
var secretPathVars = [...]string{
	"GNUPGHOME", "KUBECONFIG", "DOCKER_CONFIG", "GH_CONFIG_DIR", "NETRC", "NPM_CONFIG_USERCONFIG",
	"npm_config_userconfig", "PASSWORD_STORE_DIR", "CLOUDSDK_CONFIG", "AZURE_CONFIG_DIR",
	"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
}

// Hidden lists the places a confined command of environment env (KEY=VALUE;
// nil means the process's) may not read: the credentials under the home
// folder (homeSecrets), where XDG_CONFIG_HOME, XDG_DATA_HOME, CARGO_HOME
// and the variables of secretPathVars move them, the absolute paths held
// by variables named as credentials (GOOGLE_APPLICATION_CREDENTIALS). It
// reads the environment before its secrets are removed: a credential
// file's variable is itself a secret. oss-dev's own folders are hidden
// too, by the launcher (see Main).
func Hidden(env []string) []string {
	if env == nil {
		env = os.Environ()
	}
	get := lookup(env)
	var out []string
	add := func(p string) {
		if filepath.IsAbs(p) {
			out = append(out, filepath.Clean(p))
		}
	}
	if home := get("HOME"); home != "" {
		for _, s := range homeSecrets {
			add(filepath.Join(home, filepath.FromSlash(s)))
		}
	}
	if d := get("XDG_CONFIG_HOME"); d != "" {
		for _, s := range []string{"gh", "gcloud", "git/credentials"} {
			add(filepath.Join(d, filepath.FromSlash(s)))
		}
	}
	if d := get("XDG_DATA_HOME"); d != "" {
		add(filepath.Join(d, "keyrings"))
	}
	if d := get("CARGO_HOME"); d != "" {
		add(filepath.Join(d, "credentials"))
		add(filepath.Join(d, "credentials.toml"))
	}
	for _, v := range secretPathVars {
		for _, p := range filepath.SplitList(get(v)) {
			add(p)
		}
	}
	for _, kv := range env {
		if name, value, _ := strings.Cut(kv, "="); IsSecretName(name) {
			add(value)
		}
	}
	return out
}

// Exposed returns the places of Hidden(env) and own (oss-dev's own
// folders) that a confined command can read all the same, because they
// lie inside a folder it may write: the temp folder (a home folder under
// /tmp), a toolchain's cache or one of extra (the configuration's
// sandbox.writable). Landlock cannot take a place out of a granted folder.
func Exposed(env, extra, own []string) []string {
	if env == nil {
		env = os.Environ()
	}
	open := []string{TempDir(env)}
	for _, c := range Caches(env) {
		open = append(open, c.Path)
	}
	open = append(open, expandHome(extra, lookup(env)("HOME"))...)
	var out []string
	for _, h := range append(Hidden(env), own...) {
		for _, w := range open {
			if filepath.IsAbs(w) && within(h, filepath.Clean(w)) {
				out = append(out, h)
				break
			}
		}
	}
	return out
}

// Readable is what a confined command may read: Dirs are whole
// hierarchies, Files single files.
type Readable struct {
	Dirs, Files []string
}

// ReadableExcept returns every hierarchy of the file system but the hidden
// ones. Landlock only grants, so nothing can be taken out of a granted
// folder: a folder that holds a hidden path is not granted itself but
// entry by entry, descending into the entries that hold one in turn, and
// leaving out the hidden ones. So with HOME=/home/ada, / gives its entries
// but home, /home its entries but ada, and /home/ada its entries but .ssh
// and the like, descending into .config and .local/share. Paths are
// compared with their symbolic links resolved, so a link to a hidden place
// (or to a folder holding one) is no way around. What is created in a
// folder taken entry by entry after this runs is not readable.
func ReadableExcept(hidden []string) Readable {
	w := walker{seen: map[string]bool{}, granted: map[string]bool{}}
	for _, h := range hidden {
		if !filepath.IsAbs(h) {
			continue // a relative place would be looked for wherever the launcher runs
		}
		h = filepath.Clean(h)
		w.hidden = append(w.hidden, h)
		if real, err := filepath.EvalSymlinks(h); err == nil && real != h {
			w.hidden = append(w.hidden, real)
		}
	}
	w.visit(string(filepath.Separator))
	return w.out
}

type walker struct {
	hidden  []string
	seen    map[string]bool // folders already taken entry by entry
	granted map[string]bool
	out     Readable
}

// visit grants p, the resolved path of an entry, or descends into it.
func (w *walker) visit(p string) {
	switch {
	case w.isHidden(p) || w.granted[p]:
	case w.holdsHidden(p):
		if !w.seen[p] {
			w.seen[p] = true
			w.descend(p)
		}
	default:
		w.granted[p] = true
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			w.out.Dirs = append(w.out.Dirs, p)
		} else if err == nil {
			w.out.Files = append(w.out.Files, p)
		}
	}
}

func (w *walker) descend(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return // an unlistable folder's entries stay unreadable: closed, not open
	}
	for _, e := range entries {
		real, err := filepath.EvalSymlinks(filepath.Join(dir, e.Name()))
		if err != nil {
			continue // a broken link or a loop leads nowhere to read
		}
		w.visit(real)
	}
}

// isHidden reports whether p is a hidden path or inside one.
func (w *walker) isHidden(p string) bool {
	for _, h := range w.hidden {
		if within(p, h) {
			return true
		}
	}
	return false
}

// holdsHidden reports whether a hidden path lies inside the folder p.
func (w *walker) holdsHidden(p string) bool {
	for _, h := range w.hidden {
		if within(h, p) {
			return true
		}
	}
	return false
}

// within reports whether p is dir or inside it.
func within(p, dir string) bool {
	if p == dir || dir == string(filepath.Separator) {
		return true
	}
	return strings.HasPrefix(p, dir+string(filepath.Separator))
}
