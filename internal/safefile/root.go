package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// ErrOutside is returned (wrapped in *Error) for a path that leads out of
// a Root: through a symbolic link whose target lies outside, or through
// "..". Error.Link names the link and Error.Target where it points.
var ErrOutside = errors.New("leads outside the repository")

// maxLinks bounds the links followed when explaining a path, as the
// kernel's own limit does.
const maxLinks = 40

// Root reads the files of one folder written by someone else, a
// repository: every open goes through an os.Root, so a symbolic link can
// lead anywhere inside the folder but never out of it, and only regular
// files under a size cap are read.
type Root struct {
	root *os.Root
}

// OpenRoot opens dir for reading the files under it.
func OpenRoot(dir string) (*Root, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Root{root: r}, nil
}

// Sub opens the folder rel as a Root of its own: opening a file directly
// in it then costs one system call instead of one per folder of the path.
// Its links may not leave it, so it reads nothing r would refuse.
func (r *Root) Sub(rel string) (*Root, error) {
	sub, err := r.root.OpenRoot(filepath.FromSlash(rel))
	if err != nil {
		return nil, r.explain(rel, err)
	}
	return &Root{root: sub}, nil
}

// Close releases the folder.
func (r *Root) Close() error { return r.root.Close() }

// Dir is the folder the Root was opened at.
func (r *Root) Dir() string { return r.root.Name() }

// ReadFile reads the regular file at rel (slash-separated, relative to the
// folder), at most max bytes. A path that leaves the folder is an *Error
// wrapping ErrOutside; a FIFO, device or folder one wrapping ErrNotRegular.
func (r *Root) ReadFile(rel string, max int64) ([]byte, error) {
	f, err := r.Open(rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadOpened(f, rel, max)
}

// Open opens rel for reading without blocking on a FIFO. It refuses what
// is neither a regular file nor a folder, so the caller may read what it
// gets.
func (r *Root) Open(rel string) (*os.File, error) {
	f, err := openIn(r.root, filepath.FromSlash(rel))
	if err != nil {
		return nil, r.explain(rel, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		f.Close()
		return nil, &Error{Path: rel, Kind: kindOf(info.Mode()), Err: ErrNotRegular}
	}
	return f, nil
}

// Stat follows links inside the folder.
func (r *Root) Stat(rel string) (fs.FileInfo, error) {
	info, err := r.root.Stat(filepath.FromSlash(rel))
	if err != nil {
		return nil, r.explain(rel, err)
	}
	return info, nil
}

// Lstat does not follow a link at rel itself.
func (r *Root) Lstat(rel string) (fs.FileInfo, error) {
	info, err := r.root.Lstat(filepath.FromSlash(rel))
	if err != nil {
		return nil, r.explain(rel, err)
	}
	return info, nil
}

// ReadDir lists the folder at rel, sorted by name.
func (r *Root) ReadDir(rel string) ([]fs.DirEntry, error) {
	f, err := r.Open(rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	entries, err := f.ReadDir(-1)
	sortEntries(entries)
	return entries, err
}

// Outside reports whether rel leads out of the folder, and through which
// link: the link's path inside the folder and its target as written.
// A link to "../x" or to an absolute path is outside; a link to another
// file of the folder is not.
func (r *Root) Outside(rel string) (link, target string, ok bool) {
	var done []string // components resolved so far, each a real folder inside
	pending := splitRel(rel)
	links := 0
	for len(pending) > 0 {
		c := pending[0]
		pending = pending[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(done) == 0 {
				if link == "" {
					return rel, "", true
				}
				return link, target, true
			}
			done = done[:len(done)-1]
			continue
		}
		p := path.Join(append(done, c)...)
		info, err := r.root.Lstat(filepath.FromSlash(p))
		if err != nil || info.Mode()&fs.ModeSymlink == 0 {
			// a real entry, or a missing one: nothing further leaves
			if err != nil {
				return "", "", false
			}
			done = append(done, c)
			continue
		}
		if links++; links > maxLinks {
			return "", "", false
		}
		t, err := r.root.Readlink(filepath.FromSlash(p))
		if err != nil {
			return "", "", false
		}
		link, target = p, t
		if isAbsTarget(t) {
			return link, target, true
		}
		pending = append(splitRel(t), pending...)
	}
	return "", "", false
}

// explain turns an os.Root refusal into an *Error naming the link that
// leaves; other errors pass unchanged.
func (r *Root) explain(rel string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if link, target, ok := r.Outside(rel); ok {
		return &Error{Path: rel, Kind: "symbolic link", Link: link, Target: target, Err: ErrOutside}
	}
	return err
}

// splitRel splits a slash path, and on Windows a backslash one too.
func splitRel(p string) []string {
	return strings.Split(filepath.ToSlash(p), "/")
}

// isAbsTarget reports a link target that os.Root always treats as leaving:
// an absolute path, or one with a volume name.
func isAbsTarget(t string) bool {
	return strings.HasPrefix(filepath.ToSlash(t), "/") || filepath.IsAbs(t) || filepath.VolumeName(t) != ""
}

func sortEntries(entries []fs.DirEntry) {
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
}
