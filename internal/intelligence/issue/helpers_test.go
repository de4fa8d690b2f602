package issue

import "github.com/oss-dev/oss-dev/internal/model"

func issueOf(r Record) model.Issue { return model.Issue{Title: r.Title, Body: r.Body, Repo: r.Repo} }
