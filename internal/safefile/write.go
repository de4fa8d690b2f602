package safefile

import (
	"crypto/rand"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile replaces rel (slash-separated, relative to the folder) with
// data, creating its folders. The data goes to a new file beside it that
// is then renamed over it, so whatever stood at rel, a link or a named
// pipe, is replaced and never followed or opened; and like every open of a
// Root, no link leads the write out of the folder.
func (r *Root) WriteFile(rel string, data []byte, perm fs.FileMode) error {
	name := filepath.FromSlash(rel)
	if dir := filepath.Dir(name); dir != "." {
		if err := r.root.MkdirAll(dir, 0o755); err != nil {
			return r.explain(rel, err)
		}
	}
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+"."+randomHex(6)+".tmp")
	f, err := r.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return r.explain(rel, err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = r.root.Rename(tmp, name)
	}
	if err != nil {
		_ = r.root.Remove(tmp)
	}
	return err
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
