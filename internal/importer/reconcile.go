package importer

import (
	"fmt"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

// reconciler brings Relance's balances in line with an invoice file's
// open-balance column (Open Balance, Balance, Solde, Solde dû): what the
// accounting system says is still owed. A lower balance in the file means
// payments Relance did not hear of: one payment for the difference is
// recorded, marked "imported balance", dated the company's today; zero
// means paid. A higher one is an error line and nothing changes: Relance
// never raises a balance on its own (a payment deleted in the accounting
// system is deleted in Relance by hand).
type reconciler struct {
	cols  columns
	day   invoice.Date
	actor string
	todo  []pending
	// open holds, for new invoices, the open balance to reach once the
	// invoice is stored.
	open map[*group]int64
}

// openBalance is a group's open-balance cell and the index of its row;
// ok is false when the file says nothing. Rows of one invoice that
// disagree are an error.
func (r *reconciler) openBalance(g *group) (v string, at int, ok bool, err error) {
	for i, rw := range g.rows {
		c := r.cols.get(rw, fOpenBalance)
		switch {
		case c == "":
		case !ok:
			v, at, ok = c, i, true
		case c != v:
			return "", i, false, fmt.Errorf("%s: %q differs from %q on line %d of the same invoice", r.cols.label(fOpenBalance), c, v, g.rows[at].line)
		}
	}
	return v, at, ok, nil
}

// existing reconciles an invoice Relance already has; it reports whether
// the invoice is unchanged (an error line or a payment otherwise).
func (r *reconciler) existing(g *group, ref *invoiceRef, rep *Report) bool {
	v, at, ok, err := r.openBalance(g)
	if err != nil {
		rep.addError(g.rows[at].line, "%v", err)
		return false
	}
	if !ok {
		return true
	}
	line := g.rows[at].line
	digits, err := money.Digits(ref.Currency)
	if err != nil {
		rep.addError(line, "invoice %q: %v", ref.Number, err)
		return false
	}
	open, err := parseNumber(v, digits)
	if err != nil {
		rep.addError(line, "%s: %v", r.cols.label(fOpenBalance), err)
		return false
	}
	switch {
	case open == ref.Balance:
		return true
	case open < 0 || open > ref.Balance:
		rep.addError(line, "%s: %s is more than the balance due in Relance (%s) on invoice %q; nothing changed",
			r.cols.label(fOpenBalance), money.FormatAmount(open, ref.Currency), money.FormatAmount(ref.Balance, ref.Currency), ref.Number)
		return false
	case ref.Voided:
		rep.addError(line, "%s: invoice %q is voided", r.cols.label(fOpenBalance), ref.Number)
		return false
	}
	r.add(line, ref, ref.Balance-open)
	return false
}

// check reads a new invoice's open balance: more than its total is an
// error on the invoice, which is then not created.
func (r *reconciler) check(g *group) {
	v, at, ok, err := r.openBalance(g)
	if err != nil {
		g.fail(at, "%v", err)
		return
	}
	if !ok {
		return
	}
	digits, _ := money.Digits(g.inv.Currency) // build checked the currency
	open, err := parseNumber(v, digits)
	switch {
	case err != nil:
		g.fail(at, "%s: %v", r.cols.label(fOpenBalance), err)
	case open < 0 || open > g.inv.Balance:
		g.fail(at, "%s: %s is more than the invoice's total (%s)", r.cols.label(fOpenBalance),
			money.FormatAmount(open, g.inv.Currency), money.FormatAmount(g.inv.Balance, g.inv.Currency))
	case open < g.inv.Balance:
		if r.open == nil {
			r.open = map[*group]int64{}
		}
		r.open[g] = open
	}
}

// created queues the payments of new invoices once they are stored.
func (r *reconciler) created(gs []*group) {
	for _, g := range gs {
		open, ok := r.open[g]
		if !ok {
			continue
		}
		ref := &invoiceRef{ID: g.inv.ID, Number: g.inv.Number, Balance: g.inv.Balance, Total: g.inv.Total, Currency: g.inv.Currency}
		r.add(g.rows[0].line, ref, ref.Balance-open)
	}
}

func (r *reconciler) add(line int, ref *invoiceRef, amount int64) {
	r.todo = append(r.todo, pending{line: line, ref: ref, p: &invoice.Payment{Amount: amount, Date: r.day,
		Kind: invoice.PaymentImportedBalance, Memo: "imported balance", CreatedBy: r.actor}})
}
