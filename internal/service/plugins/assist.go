package plugins

import (
	"context"
	"encoding/json"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/plugin"
	"github.com/oss-dev/oss-dev/internal/service/assist"
)

// AssistTools are the tools of the plugins in use as the assistant takes
// them. None starts its plugin until the model calls it.
func AssistTools(h *plugin.Host) []assist.Tool {
	var out []assist.Tool
	for _, t := range h.Tools() {
		out = append(out, assistTool{t})
	}
	return out
}

// assistTool is a plugin's tool behind the assistant's Tool interface.
type assistTool struct{ t plugin.Tool }

// Schema is the manifest's description of the tool; the description says
// which plugin it comes from.
func (a assistTool) Schema() model.ToolSchema {
	var params map[string]any
	_ = json.Unmarshal([]byte(a.t.Spec.Schema), &params) // the manifest was validated
	return model.ToolSchema{Name: a.t.Spec.Name, Description: a.t.Spec.Description + " (plugin " + a.t.Plugin + ")", Parameters: params}
}

// Run calls the plugin. What the plugin answers with an error goes back
// to the model as the call's result; a plugin that fails, or a change
// that is not approved, is the model's to hear about too.
func (a assistTool) Run(ctx context.Context, _ *assist.Env, args json.RawMessage) (string, error) {
	out, err := a.t.Call(ctx, args)
	if err != nil && !errcode.HasCode(err, errcode.Canceled) {
		return "", &assist.ToolError{Msg: err.Error()}
	}
	return out, err
}
