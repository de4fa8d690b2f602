package mentoring_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
	"github.com/oss-dev/oss-dev/internal/service/mentoring/mentoringtest"
)

// TestMissingToolchainBlocksVerification: the repository asks for a
// toolchain this machine lacks, so VERIFICATION blocks with the
// requirement, what was found and the fix instead of running the tests;
// unblock refuses while it is missing and goes on once it is on PATH.
func TestMissingToolchainBlocksVerification(t *testing.T) {
	w := mentoringtest.New(t)
	s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
	ctx := context.Background()
	if _, err := s.Start(ctx, mentoringtest.IssueID, ""); err != nil {
		t.Fatalf("start: %v", err)
	}
	s.WorkDir = w.Clone()
	w.Write(".tool-versions", "bun 1.1.0\n")
	w.Write("status.txt", "fixed\n")
	w.Write("parser_test.go", "package widget\n\n// ParseConfig skips empty lines.\n")
	res, err := s.Next(ctx, "")
	if err != nil {
		t.Fatalf("next: %v", err)
	}
	if res.Workflow.Phase != "BLOCKED" {
		t.Fatalf("after next: %s; want BLOCKED", res.Workflow.Phase)
	}
	for _, want := range []string{"bun 1.1.0 (.tool-versions:1)", "not found", "fix: "} {
		if !strings.Contains(res.Workflow.Blocked, want) {
			t.Errorf("block reason %q lacks %q", res.Workflow.Blocked, want)
		}
	}
	if res.Verification != nil {
		t.Errorf("the tests ran though they cannot pass: %+v", res.Verification)
	}

	if _, err := s.Unblock(ctx, ""); !errcode.HasCode(err, errcode.WorkflowGuardFailed) || !strings.Contains(err.Error(), "still missing") {
		t.Fatalf("unblock with bun still missing: %v; want a guard failure saying it is still missing", err)
	}

	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "bun"), []byte("#!/bin/sh\necho 1.1.0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	sum, err := s.Unblock(ctx, "")
	if err != nil || sum.Phase != "VERIFICATION" {
		t.Fatalf("unblock with bun on PATH: %s, %v; want VERIFICATION", sum.Phase, err)
	}
	// the tests run now; what VALIDATION says of the change is not this test's concern
	res, err = s.Next(ctx, "")
	if res == nil || res.Verification == nil || !res.Verification.Passed || res.Workflow.Phase == "BLOCKED" {
		t.Fatalf("after unblock: %+v, %v; want the tests run and passed", res, err)
	}
}

var _ = mentoring.Service{}
