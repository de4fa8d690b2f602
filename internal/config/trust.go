package config

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"github.com/oss-dev/oss-dev/internal/atomicfile"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// A project config (.oss-dev/config.toml) may be the contributor's own or
// may have come with the repository. Which it is is decided the way
// `direnv allow` decides for an .envrc: oss-dev records the SHA-256 of the
// file's content in the user's state folder whenever it writes the file
// for the user (config set/unset --project, rules added or removed there,
// an "always" answer), and the file is the user's own only while its
// content is exactly that. A committed file, one edited by a pull, one
// reached through a symbolic link, or one the user wrote by hand before is
// not: it may only tighten (see restrictProject).

// PinsFile is the name of the record of project configs oss-dev wrote.
const PinsFile = "project-configs.json"

type pins struct {
	Files map[string]string `json:"files"`
}

// pinsPath is the record in the state folder, "" when none is known.
func pinsPath(e envLookup) string {
	d := e.stateDir()
	if d == "" {
		return ""
	}
	return filepath.Join(d, PinsFile)
}

// pinKey names a project config in the record: its path with the
// repository's folder resolved, so one file has one name.
func pinKey(path string) string {
	dir, err := filepath.EvalSymlinks(filepath.Dir(path))
	if err != nil {
		return filepath.Clean(path)
	}
	return filepath.Join(dir, filepath.Base(path))
}

func contentHash(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func readPins(path string) pins {
	p := pins{Files: map[string]string{}}
	if path == "" {
		return p
	}
	data, err := safefile.ReadFile(path, safefile.StateMax)
	if err != nil || json.Unmarshal(data, &p) != nil || p.Files == nil {
		return pins{Files: map[string]string{}}
	}
	return p
}

// projectTrust says whether the project config at path, whose content is
// data, is the user's own, and why not when it is not.
func projectTrust(e envLookup, path string, data []byte) (bool, string) {
	if link := linkIn(path); link != "" {
		return false, link + " is a symbolic link"
	}
	want, ok := readPins(pinsPath(e)).Files[pinKey(path)]
	switch {
	case !ok:
		return false, "oss-dev did not write it for you: it came with the repository, or was written by hand"
	case want != contentHash(data):
		return false, "it changed since oss-dev last wrote it for you"
	}
	return true, ""
}

// linkIn returns the first of the project config and its folder that is a
// symbolic link, or "".
func linkIn(path string) string {
	for _, p := range []string{filepath.Dir(path), path} {
		if info, err := os.Lstat(p); err == nil && info.Mode()&fs.ModeSymlink != 0 {
			return p
		}
	}
	return ""
}

// isProjectConfig reports whether path is a repository's .oss-dev/config.toml.
func isProjectConfig(path string) bool {
	return filepath.Base(path) == fileName && filepath.Base(filepath.Dir(path)) == ProjectDir
}

// trustedBefore reports whether a project config about to be edited is the
// user's own: absent, or pinned with exactly this content.
func trustedBefore(path string, old []byte) bool {
	if old == nil {
		return linkIn(path) == ""
	}
	ok, _ := projectTrust(newEnvLookup(os.Environ()), path, old)
	return ok
}

// pin records data as the content oss-dev wrote for the user at path.
func pin(path string, data []byte) error {
	return pinAt(pinsPath(newEnvLookup(os.Environ())), path, data)
}

// pinAt records data for path in the record at record.
func pinAt(record, path string, data []byte) error {
	if record == "" {
		return errors.New("no state folder is known to record the project config in")
	}
	if err := os.MkdirAll(filepath.Dir(record), 0o700); err != nil {
		return err
	}
	lock := flock.New(record + ".lock")
	ctx, cancel := context.WithTimeout(context.Background(), lockWait)
	defer cancel()
	if ok, err := lock.TryLockContext(ctx, 10*time.Millisecond); err != nil || !ok {
		return fmt.Errorf("another oss-dev is writing %s", record)
	}
	defer func() { _ = lock.Unlock() }()
	p := readPins(record)
	p.Files[pinKey(path)] = contentHash(data)
	out, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(record, append(out, '\n'), 0o600)
}

// Ignored is a value a layer set that is not in force, and why.
type Ignored struct {
	Key    string `json:"key"`
	Value  any    `json:"value"`
	Origin Origin `json:"origin"`
	Why    string `json:"why"`
}

// IgnoredFix says how a contributor makes a project config of their own
// count in full.
const IgnoredFix = "if you wrote this project config yourself, read it and run 'oss-dev config trust' to make it count in full"

// strictness orders the policies from the strictest: never < on_request <
// on_failure < auto < yolo. An unknown policy counts as the loosest.
func strictness(p Policy) int {
	for i, name := range policyNames() {
		if string(p) == name {
			return i
		}
	}
	return len(policyNames())
}

// projectOnly holds what a project config that is not the user's own may
// still do: its policies, applied after every layer as a floor.
type projectOnly struct {
	why    string
	floors []floor
}

type floor struct {
	a assignment
	o Origin
}

// restrictProject applies what an untrusted project file may set (deny
// rules, schema_version), keeps its policies to apply last as floors, and
// records everything else as ignored.
func (l *Loaded) restrictProject(as []assignment, lf LayerFile, why string) error {
	l.project = &projectOnly{why: why}
	for _, a := range as {
		o := Origin{Layer: lf.Layer, File: lf.Path, Line: a.line}
		switch {
		case a.def.name == "approval.deny", a.def.name == "schema_version":
			if err := l.apply(a, o); err != nil {
				return err
			}
		case a.def.name == "approval.policy", strings.HasPrefix(a.def.name, toolPrefix):
			l.project.floors = append(l.project.floors, floor{a, o})
		default:
			l.ignore(a, o, "a project config that is not your own may only add deny rules and tighten approval policies; "+why)
		}
	}
	return nil
}

func (l *Loaded) ignore(a assignment, o Origin, why string) {
	l.Ignored = append(l.Ignored, Ignored{Key: a.def.name, Value: displayValue(a.def, a.val), Origin: o, Why: why})
}

// applyFloors makes the effective policy, and each tool's, the stricter of
// what every other layer says and what the untrusted project says: a
// user's never and a project's yolo give never.
func (l *Loaded) applyFloors() error {
	if l.project == nil {
		return nil
	}
	// approval.policy first: a tool without a policy of its own follows it.
	for _, pass := range []bool{true, false} {
		for _, f := range l.project.floors {
			if (f.a.def.name == "approval.policy") != pass {
				continue
			}
			if err := l.applyFloor(f); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *Loaded) applyFloor(f floor) error {
	want := Policy(f.a.val.(string))
	cur, from := l.Config.Approval.Policy, l.Origins["approval.policy"]
	if tool, ok := strings.CutPrefix(f.a.def.name, toolPrefix); ok {
		if p, set := l.Config.Approval.Tools[Tool(tool)]; set {
			cur, from = p, l.Origins[f.a.def.name]
		}
	}
	if strictness(want) < strictness(cur) {
		return l.apply(f.a, f.o)
	}
	if want != cur {
		l.ignore(f.a, f.o, fmt.Sprintf("looser than %s (%s); a project config that is not your own may only tighten; %s", cur, from, l.project.why))
	}
	return nil
}

// TrustProject records the project config at path, as it is now, as the
// user's own, as `direnv allow` does for an .envrc: its values count in
// full until its content changes. It returns the recorded hash. A link, a
// special file or a file that does not load is refused.
func TrustProject(path string) (string, error) {
	home, _ := os.UserHomeDir()
	shown := displayPath(path, home)
	if !isProjectConfig(path) {
		return "", errcode.Newf(errcode.InvalidInput, "run it inside the repository", "%s is not a project config", shown)
	}
	if link := linkIn(path); link != "" {
		return "", errcode.Newf(errcode.ConfigInvalid, "replace the link with the file itself, then run the command again",
			"%s is a symbolic link: only a regular file inside the repository can be trusted", displayPath(link, home))
	}
	data, err := readConfigFile(path, home)
	if err != nil {
		return "", err
	}
	if data == nil {
		return "", errcode.Newf(errcode.ConfigNotFound, "write one with 'oss-dev config set --project KEY VALUE'", "there is no project config at %s", shown)
	}
	if _, probs := decodeFile(newKeyIndex(), data); len(probs) > 0 {
		return "", fileError(shown, probs)
	}
	if err := pin(path, data); err != nil {
		return "", errcode.Wrap(errcode.ConfigWrite, err, "could not record "+shown+" as yours: "+err.Error(), "make the state folder writable, then run the command again")
	}
	return contentHash(data), nil
}
