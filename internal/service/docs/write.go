package docs

import (
	"context"
	"os"
	"path/filepath"

	"github.com/oss-dev/oss-dev/internal/atomicfile"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/service/setup"
)

// FileName is the guide's file name in a repository.
const FileName = "START_HERE.md"

// Write puts data at path once the approval manager approves it. The file
// is replaced whole (a temporary file renamed over it), so a reader never
// sees half of it and a symbolic link at path is replaced, not followed.
func Write(ctx context.Context, m setup.Approver, path string, data []byte) error {
	if m == nil {
		return errcode.New(errcode.ApprovalNotConfigured, "no approval manager to ask before writing "+path, "use --stdout to print the guide instead")
	}
	action := "write the contributor guide " + filepath.Base(path)
	if fi, err := os.Lstat(path); err == nil {
		// Refused before asking: the temporary file would go in the
		// folder above, outside a repository passed as --out.
		if fi.IsDir() {
			return errcode.New(errcode.InvalidInput, path+" is a folder, not a file to write the guide to", "pass --out with the path of a file, or use --stdout")
		}
		action = "replace " + path + " with the generated contributor guide"
	}
	req := approval.Request{Tool: config.ToolDocs, Action: action, Paths: []string{path}, Mutating: true,
		Detail: "writes " + path + " (" + plural(len(data), "byte") + ")"}
	if _, err := m.Request(ctx, req); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(path, data, 0o644); err != nil {
		return errcode.Wrap(errcode.InvalidInput, err, "could not write "+path+": "+err.Error(), "check that its folder exists and is writable, or use --stdout")
	}
	return nil
}
