// Package issues holds `oss-dev issues`: list a repository's issues,
// search GitHub's issues and view one issue.
package issues

import (
	"errors"
	"time"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	issuesvc "github.com/oss-dev/oss-dev/internal/service/issues"
)

// NewCmdIssues builds the `issues` group.
func NewCmdIssues(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "issues <command>",
		Short: "List, search and view GitHub issues",
		Long: `List a repository's issues, search GitHub for issues to work on, and view
one issue with its labels, assignees and linked pull requests.`,
		Example: `  $ oss-dev issues list cli/cli --label bug --assignee none
  $ oss-dev issues search --good-first --lang go
  $ oss-dev issues view https://github.com/cli/cli/issues/123`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(NewCmdList(f, nil), NewCmdSearch(f, nil), NewCmdView(f, nil))
	return cmd
}

// service returns the issues service, or an error when the build has none.
func service(get func() *issuesvc.Service) (*issuesvc.Service, error) {
	if get == nil {
		return nil, errcode.New(errcode.ProviderNotFound, "no GitHub provider is configured in this build",
			"report this with the output of 'oss-dev --version'")
	}
	return get(), nil
}

// refError turns a parse failure into the INVALID_REFERENCE error users see.
func refError(err error) error {
	var re *model.RefError
	if errors.As(err, &re) {
		return errcode.New(errcode.InvalidReference, re.Error(), re.Hint())
	}
	return err
}

// defaultHost is the configured GitHub host, for references without one.
func defaultHost(f *cmdutil.Factory) string {
	if f.Config == nil {
		return model.DefaultHost
	}
	cfg, err := f.Config()
	if err != nil || cfg == nil || cfg.GitHub.Host == "" {
		// A broken configuration is reported by the provider that needs it.
		return model.DefaultHost
	}
	return cfg.GitHub.Host
}

// ago says how long ago t was, in the largest whole unit.
func ago(now, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return cmdutil.Plural(int(d/time.Minute), "minute") + " ago"
	case d < 24*time.Hour:
		return cmdutil.Plural(int(d/time.Hour), "hour") + " ago"
	case d < 30*24*time.Hour:
		return cmdutil.Plural(int(d/(24*time.Hour)), "day") + " ago"
	case d < 365*24*time.Hour:
		return cmdutil.Plural(int(d/(30*24*time.Hour)), "month") + " ago"
	}
	return cmdutil.Plural(int(d/(365*24*time.Hour)), "year") + " ago"
}
