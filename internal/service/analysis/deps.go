package analysis

import (
	"context"
	"io"

	"github.com/oss-dev/oss-dev/internal/intelligence/deps"
	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
)

// DepsReport is the dependency scan of a repository: manifests and lock
// files, packages with their scope, direct or transitive, evidence, and the
// graph's edges. Its JSON shape is documented in
// internal/intelligence/deps/SCHEMA.md.
type DepsReport = deps.Result

// GraphFormat is an output format of the dependency graph.
type GraphFormat = deps.Format

// ParseGraphFormat checks a --graph value: json, dot or mermaid.
func ParseGraphFormat(s string) (GraphFormat, error) { return deps.ParseFormat(s) }

// WriteDepsGraph writes the dependency graph of r in format f.
func WriteDepsGraph(w io.Writer, r *DepsReport, f GraphFormat) error { return deps.WriteGraph(w, r, f) }

// WriteDepsText writes the plain dependency report: counts, files read,
// direct dependencies with where each is declared, warnings.
func WriteDepsText(w io.Writer, r *DepsReport) error { return deps.WriteText(w, r) }

// AnalyzeDeps scans the dependencies of the target alone: a local tree in
// place, a remote one in its cached clone, cloned or updated first.
func (s *RepoService) AnalyzeDeps(ctx context.Context, t RepoTarget) (*DepsReport, error) {
	dir := t.Local
	if t.Remote() {
		var err error
		if dir, err = s.ensureClone(ctx, t); err != nil {
			return nil, err
		}
	}
	s.progress("Reading the dependencies of " + t.Display())
	return s.scanDeps(ctx, dir)
}

// AnalyzeRepoAndDeps runs AnalyzeRepo and then scans the dependencies of
// the same tree, without fetching a remote twice.
func (s *RepoService) AnalyzeRepoAndDeps(ctx context.Context, t RepoTarget) (*RepoReport, *DepsReport, error) {
	rep, err := s.AnalyzeRepo(ctx, t)
	if err != nil {
		return nil, nil, err
	}
	dir := t.Local
	if t.Remote() {
		dir = s.ClonePath(t)
	}
	s.progress("Reading the dependencies of " + t.Display())
	d, err := s.scanDeps(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	return rep, d, nil
}

// scanDeps reads the tracked files of dir when it is inside a git work
// tree, so ignored folders (build output, installed packages) stay out, and
// leaves out the vendored ones the language analysis leaves out too;
// elsewhere it walks the folder.
func (s *RepoService) scanDeps(ctx context.Context, dir string) (*DepsReport, error) {
	files, err := s.git().LsFiles(ctx, dir)
	if err != nil || files == nil {
		files = nil // not a work tree, or git is missing: walk instead
	} else {
		files = repo.DropVendored(dir, files)
	}
	return deps.Scan(ctx, dir, files)
}
