package inbound

import (
	"context"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/invoice"
)

// StoreHandler records failures through the books: the reminder bounced, its
// customer's address flagged. A report about a reminder that no longer
// exists is accepted and dropped (its MAC was ours).
func StoreHandler(b *books.Books) Handler {
	return func(ctx context.Context, reminderID int64, r Report) error {
		_, err := b.MarkBounced(ctx, reminderID, r.Diagnostic)
		if invoice.IsNotFound(err) {
			return nil
		}
		return err
	}
}
