package safefile

import (
	"io/fs"
)

// FS is the folder as an fs.FS for code written against that interface:
// its opens stay inside the folder like the Root's own, and its ReadFile
// reads regular files of at most max bytes.
func (r *Root) FS(max int64) fs.FS { return rootFS{r: r, max: max} }

type rootFS struct {
	r   *Root
	max int64
}

func (f rootFS) valid(op, name string) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return nil
}

func (f rootFS) Open(name string) (fs.File, error) {
	if err := f.valid("open", name); err != nil {
		return nil, err
	}
	file, err := f.r.Open(name)
	if err != nil {
		return nil, err
	}
	return file, nil
}

func (f rootFS) ReadFile(name string) ([]byte, error) {
	if err := f.valid("readfile", name); err != nil {
		return nil, err
	}
	return f.r.ReadFile(name, f.max)
}

func (f rootFS) Stat(name string) (fs.FileInfo, error) {
	if err := f.valid("stat", name); err != nil {
		return nil, err
	}
	return f.r.Stat(name)
}

func (f rootFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := f.valid("readdir", name); err != nil {
		return nil, err
	}
	return f.r.ReadDir(name)
}
