package importer

import (
	"context"
	"errors"
	"fmt"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/invoice"
)

// The write path. books.CreateInvoice spends one transaction and about
// eight statements per invoice (checks, insert, re-reads for the planner):
// 0.82 ms per invoice on SQLite on the 2-core machine
// (BenchmarkCreateInvoiceOneByOne), 82 s for 100 000. Invoices are instead
// written batchSize at a time with books.CreateInvoices: one transaction,
// multi-row inserts, and the re-plan of the batch in a few multi-row
// statements.

// batchSize is how many invoices one transaction writes: large enough that
// commits are rare, small enough that a writer never holds SQLite's lock
// for long.
const batchSize = 500

// insert writes a batch of validated invoices, each whole, and returns how
// many were created and how many refused. If another writer took one of
// the numbers or external_ids since they were looked up, the batch (all or
// nothing) is refused with a conflict; it is then written one invoice at a
// time: the taken numbers count as unchanged, as they would have had the
// import started a moment later, and a taken external_id is an error line.
func insert(ctx context.Context, b *books.Books, companyID int64, gs []*group, rep *Report) (created, refused int, err error) {
	invs := make([]*invoice.Invoice, len(gs))
	for i, g := range gs {
		invs[i] = g.inv
	}
	err = b.CreateInvoices(ctx, companyID, invs)
	if err == nil {
		return len(invs), 0, nil
	}
	if invoice.ErrorCode(err) != invoice.EConflict {
		return 0, 0, fmt.Errorf("importer: store invoices: %w", err)
	}
	for i, inv := range invs {
		err := b.CreateInvoice(ctx, inv)
		var e *invoice.Error
		switch {
		case err == nil:
			created++
		case errors.As(err, &e) && e.Code == invoice.EConflict && e.Fields["external_id"] != "":
			gs[i].fail(0, "%s", e.Message)
			gs[i].report(rep)
			refused++
		case invoice.ErrorCode(err) == invoice.EConflict:
		default:
			return created, refused, fmt.Errorf("importer: store invoice %q: %w", inv.Number, err)
		}
	}
	return created, refused, nil
}
