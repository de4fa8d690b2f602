package assist

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/oss-dev/oss-dev/internal/safefile"
)

// maxFileBytes bounds a file the tools read whole or edit.
const maxFileBytes = 1 << 20

// relPath turns a path the model gave into a clean slash-separated path
// inside the repository, or a ToolError. The repository's .git folder (its
// hooks and config run code and may hold credentials) and oss-dev's own
// .oss-dev folder (workflow state, project config) are out of bounds at
// any depth and in any letter case.
func relPath(root, p string) (string, error) {
	if p == "" {
		return ".", nil
	}
	if strings.ContainsRune(p, 0) {
		return "", toolErrorf("the path contains a NUL byte")
	}
	if filepath.IsAbs(p) || strings.HasPrefix(p, "/") {
		rel, err := filepath.Rel(root, filepath.Clean(p))
		if err != nil {
			return "", toolErrorf("%s is outside the repository; give a path relative to its root", clip(p, 200))
		}
		p = rel
	}
	clean := path.Clean(filepath.ToSlash(p))
	if clean == ".." || strings.HasPrefix(clean, "../") || strings.HasPrefix(clean, "/") {
		return "", toolErrorf("%s is outside the repository; the assistant reads and writes only inside it", clip(p, 200))
	}
	for _, part := range strings.Split(clean, "/") {
		if strings.EqualFold(part, ".git") || strings.EqualFold(part, ".oss-dev") {
			return "", toolErrorf("%s is inside %s, which the assistant does not touch", clip(p, 200), part)
		}
	}
	return clean, nil
}

// readInside reads a regular file of the repository through its Root: a
// link that leads out of it, a FIFO or a device is an error, never read.
func readInside(root, rel string, max int64) ([]byte, error) {
	r, err := safefile.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return r.ReadFile(rel, max)
}

// current returns the content of rel and whether it exists, for a change
// about to be made. A link, a folder or a special file is refused: a write
// through a link would change a file the diff does not name.
func current(root, rel string) (content string, mode fs.FileMode, existed bool, err error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return "", 0, false, err
	}
	defer r.Close()
	info, err := r.Lstat(filepath.FromSlash(rel))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", 0o644, false, nil
	case err != nil:
		return "", 0, false, toolErrorf("cannot use %s: %v", rel, cause(err))
	case info.Mode()&fs.ModeSymlink != 0:
		return "", 0, false, toolErrorf("%s is a symbolic link; change the file it points to by its own path", rel)
	case !info.Mode().IsRegular():
		return "", 0, false, toolErrorf("%s is not a regular file", rel)
	}
	data, err := readInside(root, rel, maxFileBytes)
	if err != nil {
		return "", 0, false, toolErrorf("cannot read %s: %v", rel, cause(err))
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", 0, false, toolErrorf("%s is a binary file; the assistant changes text files only", rel)
	}
	return string(data), info.Mode().Perm(), true, nil
}

// writeInside replaces rel with data atomically (a temporary file in the
// same folder, then a rename), through an os.Root so that no link leads
// the write out of the repository. A crash or cancellation leaves the old
// file or the new one, never half of it.
func writeInside(root, rel string, data []byte, mode fs.FileMode) error {
	r, err := os.OpenRoot(root)
	if err != nil {
		return err
	}
	defer r.Close()
	name := filepath.FromSlash(rel)
	if dir := filepath.Dir(name); dir != "." {
		if err := r.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	tmp := filepath.Join(filepath.Dir(name), ".oss-dev-tmp-"+randomHex(6))
	f, err := r.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	if err := errors.Join(werr, serr, f.Close()); err != nil {
		_ = r.Remove(tmp)
		return err
	}
	if err := r.Rename(tmp, name); err != nil {
		_ = r.Remove(tmp)
		return err
	}
	return nil
}

// removeInside removes the regular file rel of the repository.
func removeInside(root, rel string) error {
	r, err := os.OpenRoot(root)
	if err != nil {
		return err
	}
	defer r.Close()
	return r.Remove(filepath.FromSlash(rel))
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// cause is the part of a file error worth telling the model: the reason,
// without the absolute path of the user's folder.
func cause(err error) string {
	var se *safefile.Error
	if errors.As(err, &se) {
		return se.Error()
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
