package approvals

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
)

// The audit log masks every credential the process knows, whatever its
// shape: from the environment, the model's key and a configured URL.
func TestAuditLogMasksKnownSecrets(t *testing.T) {
	cfg := config.Default()
	cfg.Approval.AuditLog = filepath.Join(t.TempDir(), "audit.jsonl")
	cfg.Model.APIKey = "model-key-without-shape"
	cfg.GitHub.APIURL = "https://alice:url-password-1@ghe.example.com/api/v3/"
	log := AuditLog(&cfg, []string{"DEPLOY_TOKEN=env-token-without-shape", "PATH=/usr/bin"}, t.TempDir())
	log.Write(approval.Record{Tool: "run_command", Decision: "approve",
		Command: "curl -u x:env-token-without-shape https://example.com/?k=model-key-without-shape",
		Reason:  "GitHub said: url-password-1"})
	raw, err := os.ReadFile(cfg.Approval.AuditLog)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"env-token-without-shape", "model-key-without-shape", "url-password-1"} {
		if strings.Contains(string(raw), s) {
			t.Errorf("%q in the audit log: %s", s, raw)
		}
	}
	if !strings.Contains(string(raw), "curl -u x:****") {
		t.Errorf("the command is not recorded: %s", raw)
	}
}
