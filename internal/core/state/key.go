package state

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// KeyFile is the name of the per-user signing key in the state folder.
const KeyFile = "state.key"

const keySize = 32

// KeyPath is the signing key of this user on this machine in the state
// folder stateDir, or "" when no state folder is known.
func KeyPath(stateDir string) string {
	dir := stateDir
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, KeyFile)
}

// loadKey returns the key at path, creating it on first use. It is made
// readable by its owner only and put in place with a hard link, which
// fails when another process made the key first: both then use that one.
func loadKey(path string) ([]byte, error) {
	if path == "" {
		return nil, errcode.New(errcode.ConfigNotFound, "no folder is known for oss-dev's state, so workflows cannot be read or written",
			"set HOME (or XDG_STATE_HOME) and run the command again")
	}
	key, err := readKey(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	if err := createKey(path); err != nil {
		return nil, errcode.Wrap(errcode.StateCorrupted, err, "cannot create the workflow signing key "+path,
			"check that the folder "+filepath.Dir(path)+" can be created and written by you")
	}
	return readKey(path)
}

func readKey(path string) ([]byte, error) {
	key, err := safefile.ReadFile(path, 4096)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err == nil && len(key) != keySize {
		err = errors.New("the key has the wrong length")
	}
	if err != nil {
		return nil, errcode.Wrap(errcode.StateCorrupted, err, "the workflow signing key "+path+" is damaged",
			"remove it; your workflows then need 'oss-dev mentor adopt ID' once each")
	}
	return key, nil
}

func createKey(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	key := make([]byte, keySize)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".state.key-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		tmp.Close()
		return err
	}
	_, werr := tmp.Write(key)
	serr := tmp.Sync()
	if err := errors.Join(werr, serr, tmp.Close()); err != nil {
		return err
	}
	err = os.Link(tmp.Name(), path)
	switch {
	case err == nil, errors.Is(err, fs.ErrExist):
		return nil
	}
	// No hard links on this file system: a rename is the next best.
	if _, statErr := os.Lstat(path); statErr == nil {
		return nil
	}
	return os.Rename(tmp.Name(), path)
}

// sign is the MAC of a state: it binds the repository, the workflow id and
// the state's canonical JSON, so a signed state copied to another
// repository or renamed to another id does not verify.
func sign(key []byte, root, id string, canonical []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("oss-dev workflow state 1\x00"))
	m.Write([]byte(filepath.Clean(root)))
	m.Write([]byte{0})
	m.Write([]byte(id))
	m.Write([]byte{0})
	m.Write(canonical)
	return "hmac-sha256:" + hex.EncodeToString(m.Sum(nil))
}

// verify reports whether mac is the MAC of the state.
func verify(key []byte, root, id string, canonical []byte, mac string) bool {
	return hmac.Equal([]byte(sign(key, root, id, canonical)), []byte(mac))
}
