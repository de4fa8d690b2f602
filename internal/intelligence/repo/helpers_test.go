package repo

import "github.com/oss-dev/oss-dev/internal/model"

type testCommit = model.Commit

func toCommits(subjects []string) []model.Commit {
	out := make([]model.Commit, len(subjects))
	for i, s := range subjects {
		out[i] = model.Commit{Subject: s}
	}
	return out
}
