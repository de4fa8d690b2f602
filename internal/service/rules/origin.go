package rules

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"runtime"
	"sort"
	"strings"

	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	"github.com/oss-dev/oss-dev/internal/intelligence/toolchain"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// Origin finds command among the commands of the repository at root (its
// Makefile and justfile targets, package scripts, tox and nox sessions,
// CI steps, each ecosystem's build and test commands, and the setup steps
// `oss-dev setup` would run) and says where it is defined and what it
// runs. It returns nil for a command the repository does not define.
//
// The workflow, `setup` and `config rules check` all call it, so the
// three judge the same command in the same repository the same way.
//
// It reads only the files that can define commands (repo.Commands), not
// the whole tree: a check runs before every command the workflow runs.
func Origin(ctx context.Context, root, command string) (*approval.Origin, error) {
	rep, err := repo.Commands(ctx, repo.Options{Root: root})
	if err != nil {
		return nil, err
	}
	want := normalize(command)
	for _, c := range rep.Commands {
		if normalize(c.Command) == want {
			return OriginAt(root, c.Sources, c.Runs), nil
		}
	}
	dir, err := safefile.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer dir.Close()
	for _, st := range toolchain.Plan(dir.FS(safefile.ConfigMax), rep, toolchain.PlanOptions{GOOS: runtime.GOOS}) {
		if normalize(st.Command) == want {
			return OriginAt(root, st.Evidence, nil), nil
		}
	}
	return nil, nil
}

// OriginAt describes a command of the repository at root defined at
// sources (paths relative to root), with the digest of those files.
func OriginAt(root string, sources []repo.Location, runs []string) *approval.Origin {
	o := &approval.Origin{Sources: []string{}, Runs: runs}
	seen := map[string]bool{}
	for _, s := range sources {
		o.Sources = append(o.Sources, s.String())
		if s.Path != "" && !seen[s.Path] {
			seen[s.Path] = true
			o.Files = append(o.Files, s.Path)
		}
	}
	sort.Strings(o.Files)
	if len(o.Sources) == 0 {
		o.Sources = append(o.Sources, "the repository's analysis")
	}
	o.Digest = digest(root, o.Files)
	return o
}

// maxDefiningFile bounds what is hashed of one file; a bigger one pins nothing.
const maxDefiningFile = 8 << 20

// digest hashes the names and contents of files, read inside root only (a
// symlink out of the repository is unreadable). "" when one cannot be read:
// then "always" cannot be tied to it, and is not offered.
func digest(root string, files []string) string {
	if len(files) == 0 {
		return ""
	}
	dir, err := safefile.OpenRoot(root)
	if err != nil {
		return ""
	}
	defer dir.Close()
	h := sha256.New()
	for _, name := range files {
		data, err := dir.ReadFile(name, maxDefiningFile)
		if err != nil {
			return ""
		}
		sum := sha256.Sum256(data)
		h.Write([]byte(name + "\x00" + hex.EncodeToString(sum[:]) + "\n"))
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

func normalize(cmd string) string { return strings.Join(strings.Fields(cmd), " ") }
