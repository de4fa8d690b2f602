package plugins

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/plugin"
	"github.com/oss-dev/oss-dev/internal/plugin/plugintest"
	"github.com/oss-dev/oss-dev/internal/service/assist"
)

// TestAssistTools: the sample plugin's tool, registered with the
// assistant's tools and called through its interface.
func TestAssistTools(t *testing.T) {
	dir := t.TempDir()
	plugintest.Hello(t, dir)
	found := plugin.Discover([]string{dir}, "")
	work := t.TempDir()
	h := &plugin.Host{Catalog: plugin.NewCatalog(nil, found, plugin.Selection{Enabled: []string{"hello"}}), Runtime: &plugin.Runtime{Env: os.Environ()}, Dir: work}
	defer h.Shutdown(context.Background())
	tools := AssistTools(h)
	reg, err := assist.NewRegistry(tools...)
	if err != nil || len(reg.Schemas()) != 1 {
		t.Fatalf("registry: %v %+v", err, reg)
	}
	s := reg.Schemas()[0]
	if s.Name != "word_count" || !strings.Contains(s.Description, "(plugin hello)") || s.Parameters["type"] != "object" {
		t.Fatalf("schema %+v", s)
	}
	os.WriteFile(filepath.Join(work, "a.txt"), []byte("alpha beta"), 0o644)
	out, err := tools[0].Run(context.Background(), nil, json.RawMessage(`{"path":"a.txt"}`))
	if err != nil || out != "2 words" {
		t.Fatalf("run: %q %v", out, err)
	}
	_, err = tools[0].Run(context.Background(), nil, json.RawMessage(`{"path":"missing.txt"}`))
	var te *assist.ToolError
	if !asToolError(err, &te) || !strings.Contains(te.Msg, "plugin hello") {
		t.Fatalf("a failed call: %v", err)
	}
}

func asToolError(err error, te **assist.ToolError) bool {
	e, ok := err.(*assist.ToolError)
	*te = e
	return ok
}
