package transport

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// tempPrefix starts the names of entry files still being written.
const tempPrefix = ".tmp-"

// CacheStats counts the entries of a cache folder.
type CacheStats struct {
	// Entries is the number of entry files (unfinished writes included).
	Entries int `json:"entries"`
	// Bytes is their total size.
	Bytes int64 `json:"bytes"`
}

// Usage counts the entries under dir. A missing dir is empty.
func Usage(dir string) (CacheStats, error) {
	return walkEntries(dir, false)
}

// Clear removes every cache entry under dir and reports what it removed. It
// touches only files and folders named as the cache names them, so pointing
// it at the wrong folder by mistake deletes nothing else. A missing dir is
// not an error.
func Clear(dir string) (CacheStats, error) {
	return walkEntries(dir, true)
}

func walkEntries(dir string, remove bool) (CacheStats, error) {
	var st CacheStats
	tops, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	var firstErr error
	for _, top := range tops {
		if !top.IsDir() || !isHex(top.Name(), 2*pathDirBytes) {
			continue
		}
		sub := filepath.Join(dir, top.Name())
		files, err := os.ReadDir(sub)
		if err != nil {
			firstErr = errors.Join(firstErr, err)
			continue
		}
		for _, f := range files {
			name := f.Name()
			if f.IsDir() || !(isHex(name, 64) || strings.HasPrefix(name, tempPrefix)) {
				continue
			}
			info, err := f.Info()
			if err != nil {
				continue // removed meanwhile
			}
			if remove {
				if err := os.Remove(filepath.Join(sub, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
					firstErr = errors.Join(firstErr, err)
					continue
				}
			}
			st.Entries++
			st.Bytes += info.Size()
		}
		if remove {
			_ = os.Remove(sub) // only succeeds when empty, as it should
		}
	}
	return st, firstErr
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
