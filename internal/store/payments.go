package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/invoice"
)

const paymentCols = `id, invoice_id, amount, date, method, reference, memo, kind, created_by, created_at`

// AddPayment records a payment and lowers the balance; a payment larger than
// the balance, or on a voided invoice, is refused.
func (t *Tx) AddPayment(ctx context.Context, companyID, invoiceID int64, p *invoice.Payment) (*invoice.Invoice, error) {
	s, tx := t.s, t.tx
	inv, err := s.getInvoice(ctx, tx, companyID, invoiceID)
	if err != nil {
		return nil, err
	}
	if err := invoice.ValidatePayment(inv, p); err != nil {
		return nil, err
	}
	if err := t.insertPayment(ctx, companyID, invoiceID, p); err != nil {
		return nil, err
	}
	inv.Payments = append(inv.Payments, *p)
	inv.Compute()
	inv.UpdatedAt = s.now()
	if inv.Balance == 0 {
		if err := s.emitInvoice(ctx, tx, companyID, invoiceID, EventInvoicePaid,
			map[string]any{"payment_id": p.ID, "currency": inv.Currency}); err != nil {
			return nil, err
		}
	}
	return inv, nil
}

// ImportPayments records payments (InvoiceID set) already checked by an
// import against the balances it read: no re-read of the invoices, the
// balances moved by one multi-row statement per 200 invoices and the
// payments inserted 100 per statement, so that a file of 100 000 payments
// costs a few hundred statements per batch, not two round trips a
// payment. The balance guard in SQL still refuses a payment larger than
// the balance (a concurrent writer, or a voided invoice) with a conflict,
// and the caller's transaction then stores none of the batch.
func (t *Tx) ImportPayments(ctx context.Context, companyID int64, ps []*invoice.Payment) error {
	if len(ps) == 0 {
		return nil
	}
	s := t.s
	now := s.now()
	// What the batch takes from each invoice, invoices in first-seen order.
	sum := map[int64]int64{}
	var invs []int64
	for _, p := range ps {
		if _, ok := sum[p.InvoiceID]; !ok {
			invs = append(invs, p.InvoiceID)
		}
		sum[p.InvoiceID] += p.Amount
	}
	const perUpdate = 200
	for start := 0; start < len(invs); start += perUpdate {
		if err := t.takeFromBalances(ctx, companyID, invs[start:min(start+perUpdate, len(invs))], sum, now); err != nil {
			return err
		}
	}
	ids, err := s.allocIDs(ctx, t.tx, "payments", len(ps))
	if err != nil {
		return err
	}
	for i, p := range ps {
		p.ID, p.CreatedAt = ids[i], now
	}
	const perInsert = 100
	for start := 0; start < len(ps); start += perInsert {
		chunk := ps[start:min(start+perInsert, len(ps))]
		var sb strings.Builder
		sb.WriteString(`INSERT INTO payments (id, invoice_id, amount, date, method, reference, memo, kind, created_by, created_at) VALUES `)
		args := make([]any, 0, len(chunk)*10)
		for i, p := range chunk {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, p.ID, p.InvoiceID, p.Amount, p.Date, p.Method, p.Reference, p.Memo, p.Kind, p.CreatedBy, p.CreatedAt)
		}
		if _, err := t.tx.ExecContext(ctx, s.q(sb.String()), args...); err != nil {
			return fmt.Errorf("store: insert payments: %w", err)
		}
	}
	for start := 0; start < len(invs); start += perUpdate {
		if err := t.setPaymentDates(ctx, invs[start:min(start+perUpdate, len(invs))]...); err != nil {
			return err
		}
	}
	for _, id := range invs {
		t.TouchInvoice(companyID, id)
	}
	return nil
}

// takeFromBalances lowers the balance of invoices by sum[id] in one
// statement joined to a VALUES list (both databases name its columns
// column1, column2); an invoice whose balance is below its sum, voided or
// not the company's is not updated, and the batch is a conflict.
func (t *Tx) takeFromBalances(ctx context.Context, companyID int64, ids []int64, sum map[int64]int64, now time.Time) error {
	var sb strings.Builder
	args := make([]any, 0, len(ids)*2+2)
	sb.WriteString(`UPDATE invoices SET paid = paid + v.column2, balance = balance - v.column2, updated_at = ? FROM (VALUES `)
	args = append(args, now)
	for i, id := range ids {
		if i == 0 {
			sb.WriteString("(CAST(? AS BIGINT), CAST(? AS BIGINT))")
		} else {
			sb.WriteString(", (?, ?)")
		}
		args = append(args, id, sum[id])
	}
	sb.WriteString(`) AS v WHERE invoices.id = v.column1 AND invoices.company_id = ? AND NOT invoices.voided
		AND invoices.balance >= v.column2`)
	args = append(args, companyID)
	res, err := t.tx.ExecContext(ctx, t.s.q(sb.String()), args...)
	if err != nil {
		return fmt.Errorf("store: update balances: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != int64(len(ids)) {
		return invoice.Conflict("amount", "the balance changed; the payment is more than the balance due")
	}
	return nil
}

func (t *Tx) insertPayment(ctx context.Context, companyID, invoiceID int64, p *invoice.Payment) error {
	s, tx := t.s, t.tx
	now := s.now()
	// The balance check in SQL guards against a concurrent payment that
	// read the same balance (PostgreSQL runs read committed).
	res, err := tx.ExecContext(ctx, s.q(`UPDATE invoices SET paid = paid + ?, balance = balance - ?, updated_at = ?,
		`+paymentDates+` WHERE company_id = ? AND id = ? AND balance >= ? AND NOT voided`),
		p.Amount, p.Amount, now, p.Date, p.Date, p.Date, p.Date, companyID, invoiceID, p.Amount)
	if err != nil {
		return fmt.Errorf("store: update balance: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return invoice.Conflict("amount", "the balance changed; the payment is more than the balance due")
	}
	p.InvoiceID, p.CreatedAt = invoiceID, now
	if err := tx.QueryRowxContext(ctx, s.q(`INSERT INTO payments (invoice_id, amount, date, method, reference, memo, kind,
		created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), invoiceID, p.Amount, p.Date, p.Method,
		p.Reference, p.Memo, p.Kind, p.CreatedBy, p.CreatedAt).Scan(&p.ID); err != nil {
		return fmt.Errorf("store: insert payment: %w", err)
	}
	t.TouchInvoice(companyID, invoiceID)
	return nil
}

// UpdatePayment changes a payment's amount, date, method, reference and
// memo; the balance follows. The change is kept in the invoice's payment
// history with who made it (actor).
func (t *Tx) UpdatePayment(ctx context.Context, companyID, invoiceID int64, p *invoice.Payment, actor string) (*invoice.Invoice, error) {
	s, tx := t.s, t.tx
	inv, err := s.getInvoice(ctx, tx, companyID, invoiceID)
	if err != nil {
		return nil, err
	}
	i := paymentIndex(inv, p.ID)
	if i < 0 {
		return nil, notFoundErr("payment")
	}
	old := inv.Payments[i]
	if err := invoice.ValidatePaymentEdit(inv, &old, p); err != nil {
		return nil, err
	}
	delta := p.Amount - old.Amount
	now := s.now()
	res, err := tx.ExecContext(ctx, s.q(`UPDATE invoices SET paid = paid + ?, balance = balance - ?, updated_at = ?
		WHERE company_id = ? AND id = ? AND balance >= ?`), delta, delta, now, companyID, invoiceID, delta)
	if err != nil {
		return nil, fmt.Errorf("store: update balance: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, invoice.Conflict("amount", "the balance changed; the payment is more than the balance due")
	}
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE payments SET amount = ?, date = ?, method = ?, reference = ?, memo = ?
		WHERE invoice_id = ? AND id = ?`), p.Amount, p.Date, p.Method, p.Reference, p.Memo, invoiceID, p.ID); err != nil {
		return nil, fmt.Errorf("store: update payment: %w", err)
	}
	if err := t.setPaymentDates(ctx, invoiceID); err != nil {
		return nil, err
	}
	if err := t.paymentEvent(ctx, invoiceID, p.ID, "edited", p.Amount, p.Date, actor); err != nil {
		return nil, err
	}
	p.InvoiceID, p.Kind, p.CreatedBy, p.CreatedAt = invoiceID, old.Kind, old.CreatedBy, old.CreatedAt
	inv.Payments[i] = *p
	inv.Compute()
	inv.UpdatedAt = now
	t.TouchInvoice(companyID, invoiceID)
	return inv, nil
}

// DeletePayment removes a payment (typed by mistake, or bounced); the
// balance grows back and reminders are planned again. The deletion is kept
// in the invoice's payment history with who made it.
func (t *Tx) DeletePayment(ctx context.Context, companyID, invoiceID, paymentID int64, actor string) error {
	s, tx := t.s, t.tx
	inv, err := s.getInvoice(ctx, tx, companyID, invoiceID)
	if err != nil {
		return err
	}
	i := paymentIndex(inv, paymentID)
	if i < 0 {
		return notFoundErr("payment")
	}
	old := inv.Payments[i]
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM payments WHERE invoice_id = ? AND id = ?`), invoiceID, paymentID); err != nil {
		return fmt.Errorf("store: delete payment: %w", err)
	}
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE invoices SET paid = paid - ?, balance = balance + ?, updated_at = ?
		WHERE company_id = ? AND id = ?`), old.Amount, old.Amount, s.now(), companyID, invoiceID); err != nil {
		return fmt.Errorf("store: update balance: %w", err)
	}
	if err := t.setPaymentDates(ctx, invoiceID); err != nil {
		return err
	}
	if err := t.paymentEvent(ctx, invoiceID, paymentID, "deleted", old.Amount, old.Date, actor); err != nil {
		return err
	}
	t.TouchInvoice(companyID, invoiceID)
	return nil
}

func paymentIndex(inv *invoice.Invoice, id int64) int {
	for i := range inv.Payments {
		if inv.Payments[i].ID == id {
			return i
		}
	}
	return -1
}

func (t *Tx) paymentEvent(ctx context.Context, invoiceID, paymentID int64, action string, amount int64, date invoice.Date, actor string) error {
	s, tx := t.s, t.tx
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO payment_events (invoice_id, payment_id, action, amount, date, actor, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`), invoiceID, paymentID, action, amount, date, actor, s.now()); err != nil {
		return fmt.Errorf("store: payment history: %w", err)
	}
	return nil
}

// PaymentHistory is an invoice's payment history, oldest first: every
// payment recorded (by whom, when) and every later edit or deletion.
func (s *Store) PaymentHistory(ctx context.Context, companyID, invoiceID int64) ([]invoice.PaymentEvent, error) {
	var evs []invoice.PaymentEvent
	err := s.db.SelectContext(ctx, &evs, s.q(`
		SELECT p.id AS payment_id, p.invoice_id, 'added' AS action, p.amount, p.date, p.created_by AS actor, p.created_at AS at, 0 AS id
		FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE i.company_id = ? AND p.invoice_id = ?
		UNION ALL
		SELECT e.payment_id, e.invoice_id, e.action, e.amount, e.date, e.actor, e.at, e.id
		FROM payment_events e JOIN invoices i ON i.id = e.invoice_id WHERE i.company_id = ? AND e.invoice_id = ?
		ORDER BY at, id`), companyID, invoiceID, companyID, invoiceID)
	if err != nil {
		return nil, fmt.Errorf("store: payment history: %w", err)
	}
	return evs, nil
}

// PaymentKey is what makes an imported payment the same one again.
type PaymentKey struct {
	InvoiceID int64
	Date      invoice.Date
	Amount    int64
	Reference string
}

// PaymentKeys loads the identity of every payment of the company in one
// query, for an import to skip the ones it already recorded.
func (s *Store) PaymentKeys(ctx context.Context, companyID int64) (map[PaymentKey]bool, error) {
	rows, err := s.db.QueryxContext(ctx, s.q(`SELECT p.invoice_id, p.date, p.amount, p.reference FROM payments p
		JOIN invoices i ON i.id = p.invoice_id WHERE i.company_id = ?`), companyID)
	if err != nil {
		return nil, fmt.Errorf("store: payment keys: %w", err)
	}
	defer rows.Close()
	m := map[PaymentKey]bool{}
	for rows.Next() {
		var k PaymentKey
		if err := rows.Scan(&k.InvoiceID, &k.Date, &k.Amount, &k.Reference); err != nil {
			return nil, fmt.Errorf("store: payment keys: %w", err)
		}
		m[k] = true
	}
	return m, rows.Err()
}

// paymentDates is the assignment that keeps an invoice's
// first_payment_date and last_payment_date (the dates of its first and last
// payments; the last one is when it was paid in full, once its balance is
// zero) as a payment is added; its four placeholders all take the
// payment's date. An edit or a deletion, which may move them either way,
// sets them again with setPaymentDates.
const paymentDates = `first_payment_date = CASE WHEN first_payment_date <= ? THEN first_payment_date ELSE ? END,
	last_payment_date = CASE WHEN last_payment_date >= ? THEN last_payment_date ELSE ? END`

// setPaymentDates sets invoices' first_payment_date and last_payment_date
// from their payments (NULL when they have none), after one was edited or
// deleted, or after an import's batch.
func (t *Tx) setPaymentDates(ctx context.Context, invoiceIDs ...int64) error {
	q, args, err := inQuery(`UPDATE invoices
		SET first_payment_date = (SELECT MIN(p.date) FROM payments p WHERE p.invoice_id = invoices.id),
			last_payment_date = (SELECT MAX(p.date) FROM payments p WHERE p.invoice_id = invoices.id) WHERE id IN (?)`, invoiceIDs)
	if err != nil {
		return err
	}
	if _, err := t.tx.ExecContext(ctx, t.s.q(q), args...); err != nil {
		return fmt.Errorf("store: payment dates: %w", err)
	}
	return nil
}
