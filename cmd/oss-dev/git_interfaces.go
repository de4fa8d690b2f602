package main

import (
	intelexplain "github.com/oss-dev/oss-dev/internal/intelligence/explain"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
	"github.com/oss-dev/oss-dev/internal/service/approvals"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
)

// The git provider satisfies the interface of every consumer openGit is
// used for; a method a consumer adds that the provider lacks fails the
// build here rather than a command at run time.
var (
	_ analysis.Repo     = (*git.Repo)(nil)
	_ intelexplain.Repo = (*git.Repo)(nil)
	_ mentoring.Repo    = (*git.Repo)(nil)
	_ approvals.Repo    = (*git.Repo)(nil)
)
