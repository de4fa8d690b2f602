// Package cache is the `oss-dev cache` command group.
package cache

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	svc "github.com/oss-dev/oss-dev/internal/service/workspace"
)

// NewCmdCache builds `oss-dev cache`.
func NewCmdCache(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cache <command>",
		Short: "Show or clear cached GitHub answers and cloned repositories",
		Long: `GitHub's answers are kept on disk with their ETags: within github.cache_ttl a
repeated read makes no request, after it a conditional request that costs no
rate limit. Repositories analysed by OWNER/REPO are cloned shallow under the
same folder.`,
		Example: `  $ oss-dev cache info
  $ oss-dev cache clear --repos`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(newCmdInfo(f), newCmdClear(f))
	return cmd
}

func newCmdInfo(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "info",
		Short: "Show where the caches are and how large they are",
		Long: `Show each cache's folder, entry count and size.
With --json: [{"name", "path", "entries", "bytes"}].`,
		Example: `  $ oss-dev cache info`,
		Args:    cmdutil.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			parts, err := f.Workspace().Usage()
			if err != nil {
				return err
			}
			return render(f, parts, "")
		},
	}
}

func newCmdClear(f *cmdutil.Factory) *cobra.Command {
	var repos bool
	cmd := &cobra.Command{
		Use:   "clear",
		Short: "Remove cached GitHub answers (and cloned repositories with --repos)",
		Long: `Remove the cached GitHub answers; the next read fetches afresh. With --repos,
also remove the shallow clones made by 'analyze repo OWNER/REPO'. Nothing
outside the cache folder is touched.
With --json: the caches as they were before, [{"name", "path", "entries", "bytes"}].`,
		Example: `  $ oss-dev cache clear
  $ oss-dev cache clear --repos`,
		Args: cmdutil.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			parts, err := f.Workspace().Clear(repos)
			if err != nil {
				return err
			}
			return render(f, parts, "removed ")
		},
	}
	cmd.Flags().BoolVar(&repos, "repos", false, "Also remove the cloned repositories")
	return cmd
}

func render(f *cmdutil.Factory, parts []svc.Part, verb string) error {
	if f.Output.WantsJSON() {
		return f.Output.Export(f.IO.Out, parts)
	}
	t := cmdutil.NewTable(f.IO, "CACHE", "ENTRIES", "SIZE", "PATH")
	for _, p := range parts {
		t.AddRow(p.Name, fmt.Sprintf("%s%d", verb, p.Entries), humanBytes(p.Bytes), p.Path)
	}
	return t.Render()
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
