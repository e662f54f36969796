package inbound

import (
	"context"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
)

// StoreHandler records failures in the store: the reminder bounced, its
// customer's address flagged. A report about a reminder that no longer
// exists is accepted and dropped (its MAC was ours).
func StoreHandler(s *store.Store) Handler {
	return func(ctx context.Context, reminderID int64, r Report) error {
		_, err := s.MarkBounced(ctx, reminderID, r.Diagnostic)
		if invoice.IsNotFound(err) {
			return nil
		}
		return err
	}
}
