// Package contract holds the few interfaces shared across layers: the
// language model, which several services and the CLI's explain and
// assistant commands stream from, and the approval prompt. Every other
// provider is reached through the small interface its consumer declares
// where it uses it.
package contract

import (
	"context"
	"iter"

	"github.com/oss-dev/oss-dev/internal/model"
)

// LLM is the language-model provider contract.
type LLM interface {
	// ChatCompletion streams the model's answer; the last event is EventDone
	// with the call's usage. Cancelling ctx stops the stream.
	ChatCompletion(ctx context.Context, messages []model.Message, tools []model.ToolSchema) iter.Seq2[model.StreamEvent, error]
	CountTokens(ctx context.Context, text string) (int, error)
	ModelName() string
	ContextWindow() int
}
