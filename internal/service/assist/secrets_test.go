package assist_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/sandbox"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// TestCommandsGetNoSecret: a command the model proposes (or a prompt
// injection makes it propose) that writes its environment into the
// repository and prints it to the model finds none of the contributor's
// credentials, confined or, on a system without the sandbox, run after a
// person said yes.
func TestCommandsGetNoSecret(t *testing.T) {
	for _, confined := range []bool{true, false} {
		name := map[bool]string{true: "confined", false: "unconfined"}[confined]
		t.Run(name, func(t *testing.T) {
			if confined && !sandbox.Probe().Available {
				t.Skip("this kernel cannot confine commands")
			}
			sharedtest.SetSecrets(t)
			h := newHarness(t, config.PolicyOnRequest, map[string]string{"hello.go": helloGo})
			if !confined {
				h.loop.WS.Approver.(*approval.Manager).Sandbox = approval.Sandbox{Note: "no sandbox on this system"}
			}
			h.srv.Script(turn(call("run_command", map[string]any{"command": "env > env.txt; env"})), done("done"))
			if _, _, err := h.run(context.Background()); err != nil {
				t.Fatal(err)
			}
			results := h.toolResults(1)
			if len(results) != 1 || !strings.Contains(results[0], "exit status 0") {
				t.Fatalf("the command did not run: %q", results)
			}
			if got := strings.Contains(results[0], "confined to the repository"); got != confined {
				t.Fatalf("confined %v, the result says %q", confined, results[0])
			}
			seen, err := os.ReadFile(filepath.Join(h.root, "env.txt"))
			if err != nil || !strings.Contains(string(seen), "PATH=") {
				t.Fatalf("the command wrote no environment: %v %q", err, seen)
			}
			sharedtest.RequireNoSecrets(t, "the environment the command wrote", string(seen))
			sharedtest.RequireNoSecrets(t, "the output the model was sent", results[0])
		})
	}
}
