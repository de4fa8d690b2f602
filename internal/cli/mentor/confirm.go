package mentor

import (
	"context"

	"github.com/oss-dev/oss-dev/internal/core/contract"
)

// Confirm stops the spinner, then asks.
func (s stopProgress) Confirm(ctx context.Context, p contract.ApprovalPrompt) (contract.Answer, error) {
	s.ios.StopProgress()
	return s.next.Confirm(ctx, p)
}
