package config

import (
	"bytes"
	"context"
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
)

// lockWait is how long a write waits for another oss-dev writing the same
// file before it gives up.
const lockWait = 10 * time.Second

// Set writes key = value into the config file at path. The key and value
// are checked first, then the edited file as a whole; only then is the
// file (and its folder) created or replaced, atomically, under a file lock
// held across the read-modify-write. The rest of the file stays exactly as
// it was, comments and order included. value is text as a user types it:
// lists comma-separated, durations like 5m.
func Set(path, key, value string) error {
	s, err := parseSetting(key, value)
	if err != nil {
		return err
	}
	_, err = editFile(path, func(doc *document) ([]byte, bool, error) {
		out, err := doc.set(s)
		return out, err == nil, err
	})
	return err
}

// Unset removes the line that sets key from the config file at path and
// reports whether there was one. A missing file is left missing. Keys that
// are not valid (a misspelt key, say) can be unset too: that is how a
// broken file gets repaired.
func Unset(path, key string) (bool, error) {
	parts := strings.Split(key, ".")
	removed, err := editFile(path, func(doc *document) ([]byte, bool, error) {
		return doc.unset(parts)
	})
	if err == nil && !removed {
		if _, known := newKeyIndex().lookup(key); !known {
			return false, UnknownKeyError(key)
		}
	}
	return removed, err
}

// editFile applies edit to the file's text and writes the result when it
// changed. It runs the edit once without creating anything, so a refused
// edit leaves no trace, then again under the lock on fresh contents.
func editFile(path string, edit func(*document) ([]byte, bool, error)) (bool, error) {
	if path == "" {
		return false, errcode.New(errcode.ConfigWrite, "there is no config file to write: no home folder is known",
			"set HOME (or XDG_CONFIG_HOME) and run the command again")
	}
	home, _ := os.UserHomeDir()
	shown := displayPath(path, home)
	project := isProjectConfig(path)
	if link := linkIn(path); project && link != "" {
		// Following it would write wherever the repository points.
		return false, errcode.Newf(errcode.ConfigWrite, "remove the link "+displayPath(link, home)+"; oss-dev then writes a regular file in the repository",
			"%s is a symbolic link: a project config is written only as a regular file inside the repository", displayPath(link, home))
	}
	target, err := resolveLink(path)
	if err != nil {
		return false, writeError(shown, err)
	}

	old, err := readConfigFile(target, home)
	if err != nil {
		return false, err
	}
	changed, err := applyEdit(shown, old, edit)
	if err != nil || changed == nil {
		return false, err
	}

	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, writeError(shown, err)
	}
	lock := flock.New(filepath.Join(dir, "."+filepath.Base(target)+".lock"))
	ctx, cancel := context.WithTimeout(context.Background(), lockWait)
	defer cancel()
	ok, err := lock.TryLockContext(ctx, 10*time.Millisecond)
	if err != nil || !ok {
		if err == nil {
			err = ctx.Err()
		}
		return false, errcode.Wrap(errcode.ConfigWrite, err,
			fmt.Sprintf("%s: another oss-dev is writing this file", shown),
			"wait for it to finish, then run the command again")
	}
	defer func() { _ = lock.Unlock() }()

	old, err = readConfigFile(target, home)
	if err != nil {
		return false, err
	}
	changed, err = applyEdit(shown, old, edit)
	if err != nil || changed == nil {
		return false, err
	}
	// A project config stays the user's own only when it was before this
	// write: writing into one that came with the repository must not make
	// its other values count.
	keep := project && trustedBefore(target, old)
	if err := atomicfile.WriteFile(target, changed, 0o644); err != nil {
		return false, writeError(shown, err)
	}
	if keep {
		if err := pin(target, changed); err != nil {
			return true, errcode.Wrap(errcode.ConfigWrite, err, "wrote "+shown+" but could not record it as yours: "+err.Error()+"; until then its values only tighten",
				"make the state folder writable, then run the command again")
		}
	}
	return true, nil
}

// applyEdit returns the edited text, or nil when nothing changes.
func applyEdit(shown string, old []byte, edit func(*document) ([]byte, bool, error)) ([]byte, error) {
	if p := syntaxCheck(old); p != nil {
		err := fileError(shown, []problem{*p}).(*errcode.Error)
		err.Message += "\nnothing was changed"
		return nil, err
	}
	doc, err := parseDocument(old)
	if err != nil {
		return nil, errcode.Wrap(errcode.ConfigInvalid, err, shown+": invalid TOML: "+err.Error(), "fix the file's syntax; nothing was changed")
	}
	out, changed, err := edit(doc)
	if err != nil {
		if e, ok := err.(*errcode.Error); ok {
			e.Message = shown + ": " + e.Message
		}
		return nil, err
	}
	if !changed || (old != nil && bytes.Equal(out, old)) {
		return nil, nil
	}
	if err := checkEdit(shown, old, out); err != nil {
		return nil, err
	}
	return out, nil
}

// resolveLink follows a symbolic link at path, so that a config file kept
// in a dotfiles repository is edited where it lives.
func resolveLink(path string) (string, error) {
	info, err := os.Lstat(path)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return path, nil
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", err
	}
	return target, nil
}

func writeError(shown string, err error) error {
	fix := "check that the folder of " + shown + " exists or can be created, and that you may write to it"
	if errors.Is(err, fs.ErrPermission) {
		fix = "the folder is read-only for you: make it writable, or choose the other layer (--user or --project)"
	}
	return errcode.Wrap(errcode.ConfigWrite, err, fmt.Sprintf("cannot write %s: %s", shown, reason(err)), fix)
}
