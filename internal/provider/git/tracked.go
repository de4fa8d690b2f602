package git

import (
	"context"
	"strings"
)

// IsTracked reports whether path (relative to the root) is in the index,
// that is, whether it came with the repository rather than being made here.
func (r *Repo) IsTracked(ctx context.Context, path string) (bool, error) {
	if err := checkArg("path", path); err != nil {
		return false, err
	}
	out, err := r.output(ctx, nil, "ls-files", "-z", "--", path)
	if err != nil {
		return false, err
	}
	return strings.TrimRight(string(out), "\x00") != "", nil
}
