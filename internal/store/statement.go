package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/invoice"
)

// OpenInvoicesOfCustomer returns every open invoice (not voided, not draft,
// balance above zero) of one customer of the company, without lines: the
// rows of a statement.
func (s *Store) OpenInvoicesOfCustomer(ctx context.Context, companyID, customerID int64) ([]invoice.Invoice, error) {
	var out []invoice.Invoice
	q := `SELECT ` + invoiceCols + ` FROM invoices WHERE company_id = ? AND customer_id = ?
		AND voided = FALSE AND draft = FALSE AND balance > 0 ORDER BY due_date, id`
	if err := s.db.SelectContext(ctx, &out, s.q(q), companyID, customerID); err != nil {
		return nil, fmt.Errorf("store: open invoices of customer %d: %w", customerID, err)
	}
	return out, nil
}
