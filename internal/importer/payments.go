package importer

import (
	"context"
	"fmt"
	"io"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/store"
)

// ImportPayments records the payments of a CSV file, one per row: invoice
// number, date, amount, and optionally method, reference and memo. A
// payment the invoice already has — same date, amount and reference — is
// counted as unchanged, so that the same export can be imported every
// night. A row is refused, and reported by its line, when its invoice is
// unknown or voided, its amount is not a positive amount in the invoice's
// currency or is more than what is still due (the rows above it in the
// file included), or it repeats an earlier row of the file (counted once).
// Created counts payments recorded. Every payment re-plans its invoice's
// reminders, in the same transaction.
func ImportPayments(ctx context.Context, bk *books.Books, companyID int64, r io.Reader, opt Options) (Report, error) {
	s := bk.Store()
	if err := opt.check(); err != nil {
		return Report{}, err
	}
	if _, err := s.GetCompany(ctx, companyID); err != nil {
		return Report{}, fmt.Errorf("importer: %w", err)
	}
	t, err := readTable(r, paymentAliases)
	if err != nil {
		return Report{}, err
	}
	cols := t.cols
	if !cols.has(fNumber) || !cols.has(fPayDate) || !cols.has(fAmount) {
		return Report{}, fmt.Errorf("importer: the header needs an invoice number column (InvoiceNo, Invoice No, Facture), " +
			"a date column (Date, Payment Date, Date du paiement) and an amount column (Amount, Payment Amount, Montant)")
	}
	rep := Report{IgnoredColumns: t.ignored, IgnoredMore: t.more, Errors: t.bad}
	invs, err := loadInvoiceRefs(ctx, s, companyID)
	if err != nil {
		return rep, err
	}
	keys, err := s.PaymentKeys(ctx, companyID)
	if err != nil {
		return rep, err
	}
	seen := map[store.PaymentKey]int{} // → line of the file's first copy
	var todo []pending
	for _, rw := range t.rows {
		p, ref, err := paymentFromRow(cols, rw, invs, opt)
		if err != nil {
			rep.addError(rw.line, "%s", err)
			continue
		}
		k := store.PaymentKey{InvoiceID: ref.ID, Date: p.Date, Amount: p.Amount, Reference: p.Reference}
		if first, dup := seen[k]; dup {
			rep.addError(rw.line, "the same payment as line %d (invoice %q, date, amount and reference): counted once", first, ref.Number)
			continue
		}
		seen[k] = rw.line
		if keys[k] {
			rep.Unchanged++
			continue
		}
		if p.Amount > ref.Balance {
			rep.addError(rw.line, "%s: %s is more than the balance due on invoice %q (%s)", cols.label(fAmount),
				money.FormatAmount(p.Amount, ref.Currency), ref.Number, money.FormatAmount(ref.Balance, ref.Currency))
			continue
		}
		ref.Balance -= p.Amount
		p.Kind = invoice.PaymentImport
		todo = append(todo, pending{line: rw.line, ref: ref, p: p})
	}
	created, err := writePayments(ctx, bk, companyID, todo, &rep, opt)
	rep.Created += created
	rep.sortErrors()
	return rep, err
}

// invoiceRef is what an import needs to know of an existing invoice.
type invoiceRef struct {
	ID         int64  `db:"id"`
	Number     string `db:"number"`
	ExternalID string `db:"external_id"`
	Balance    int64  `db:"balance"`
	Total      int64  `db:"total"`
	Currency   string `db:"currency"`
	Voided     bool   `db:"voided"`
}

// loadInvoiceRefs loads the company's invoices by number in one query:
// looking each one up would cost a round trip per row.
func loadInvoiceRefs(ctx context.Context, s *store.Store, companyID int64) (map[string]*invoiceRef, error) {
	var refs []*invoiceRef
	db := s.DB()
	if err := db.SelectContext(ctx, &refs, db.Rebind(`SELECT id, number, external_id, balance, total, currency, voided FROM invoices
		WHERE company_id = ?`), companyID); err != nil {
		return nil, fmt.Errorf("importer: load invoices: %w", err)
	}
	m := make(map[string]*invoiceRef, len(refs))
	for _, r := range refs {
		m[r.Number] = r
	}
	return m, nil
}

func paymentFromRow(cols columns, rw row, invs map[string]*invoiceRef, opt Options) (*invoice.Payment, *invoiceRef, error) {
	num := cols.get(rw, fNumber)
	if num == "" {
		return nil, nil, fmt.Errorf("%s: is required", cols.label(fNumber))
	}
	ref := invs[num]
	if ref == nil {
		return nil, nil, fmt.Errorf("%s: no invoice %q", cols.label(fNumber), num)
	}
	if ref.Voided {
		return nil, nil, fmt.Errorf("%s: invoice %q is voided", cols.label(fNumber), num)
	}
	p := &invoice.Payment{Method: cols.get(rw, fMethod), Reference: cols.get(rw, fReference), Memo: cols.get(rw, fMemo),
		CreatedBy: opt.Actor}
	var err error
	v := cols.get(rw, fPayDate)
	if v == "" {
		return nil, nil, fmt.Errorf("%s: is required", cols.label(fPayDate))
	}
	if p.Date, err = parseDate(v, opt.DateFormat); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", cols.label(fPayDate), err)
	}
	digits, err := money.Digits(ref.Currency)
	if err != nil {
		return nil, nil, fmt.Errorf("invoice %q: %w", num, err)
	}
	v = cols.get(rw, fAmount)
	if v == "" {
		return nil, nil, fmt.Errorf("%s: is required", cols.label(fAmount))
	}
	if p.Amount, err = parseNumber(v, digits); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", cols.label(fAmount), err)
	}
	if p.Amount <= 0 {
		return nil, nil, fmt.Errorf("%s: must be greater than zero", cols.label(fAmount))
	}
	// The domain's own checks (text lengths, one-line method…) on a copy
	// of the invoice as the file leaves it.
	if err := invoice.ValidatePayment(&invoice.Invoice{Balance: p.Amount}, p); err != nil {
		return nil, nil, fmt.Errorf("%s", reason(err, cols, nil))
	}
	return p, ref, nil
}

// pending is a checked payment waiting to be written.
type pending struct {
	line int
	ref  *invoiceRef
	p    *invoice.Payment
}

// writePayments records checked payments batchSize per transaction. If
// another writer changed a balance since it was read, the batch (all or
// nothing) fails with a conflict and is written again one payment at a
// time, the refused ones reported on their line.
func writePayments(ctx context.Context, bk *books.Books, companyID int64, todo []pending, rep *Report, opt Options) (int, error) {
	created := 0
	opt.progress(0, len(todo))
	for start := 0; start < len(todo); start += batchSize {
		batch := todo[start:min(start+batchSize, len(todo))]
		ps := make([]*invoice.Payment, len(batch))
		for i, pd := range batch {
			pd.p.InvoiceID = pd.ref.ID
			ps[i] = pd.p
		}
		err := bk.Write(ctx, func(tx *store.Tx) error { return tx.ImportPayments(ctx, companyID, ps) })
		switch {
		case err == nil:
			created += len(batch)
		case invoice.ErrorCode(err) == invoice.EConflict:
			for _, pd := range batch {
				err := bk.Write(ctx, func(tx *store.Tx) error { return tx.ImportPayments(ctx, companyID, []*invoice.Payment{pd.p}) })
				switch {
				case err == nil:
					created++
				case invoice.ErrorCode(err) == invoice.EConflict:
					rep.addError(pd.line, "invoice %q: the payment is more than the balance due (the invoice changed during the import)", pd.ref.Number)
				default:
					return created, fmt.Errorf("importer: store payment: %w", err)
				}
			}
		default:
			return created, fmt.Errorf("importer: store payments: %w", err)
		}
		opt.progress(min(start+batchSize, len(todo)), len(todo))
	}
	return created, nil
}
