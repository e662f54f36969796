package reminder

import (
	"strconv"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

var feeWords = map[string]string{"en": "Late fee — reminder ", "fr": "Frais de retard — rappel "}

// FeeDescription is a late fee line's text in lang (English when unknown):
// "Late fee — reminder 2", "Frais de retard — rappel 2".
func FeeDescription(step int, lang string) string {
	w, ok := feeWords[lang]
	if !ok {
		w = feeWords["en"]
	}
	return w + strconv.Itoa(step)
}

// FeeLine is the late fee reminder reminderID (of step number step) adds to
// the invoice, in the invoice's language lang: the one rule, used to render
// the message ({{late_fee}}, the new balance) and to write the line when
// the reminder is recorded as sent, so that both agree.
//
// A fixed fee is its amount in the invoice's currency; a percentage is of
// the balance due; either is rounded half away from zero to the currency's
// minor unit. The cap bounds the fees of the invoice (before tax) taken
// together: the fee is cut to what is left under it, and none is added
// once it is reached. The tax rate applies to the fee. add is false when
// nothing is to be added: no fee, nothing left under the cap, a zero
// amount, or a line for this reminder already on the invoice.
func FeeLine(fee *LateFee, inv *invoice.Invoice, reminderID int64, step int, lang string) (line invoice.Line, add bool) {
	if fee == nil || inv == nil {
		return invoice.Line{}, false
	}
	digits, err := money.Digits(inv.Currency)
	if err != nil {
		return invoice.Line{}, false
	}
	var charged int64 // this invoice's fees so far, before tax
	for _, l := range inv.Lines {
		if l.ReminderID == nil {
			continue
		}
		if *l.ReminderID == reminderID {
			return invoice.Line{}, false
		}
		charged += l.Amount
	}
	var amount int64
	switch fee.Kind {
	case FeeFixed:
		v, err := money.ParseDecimal(fee.Amount, FeeScale)
		if err != nil {
			return invoice.Line{}, false
		}
		amount = money.MulDivRound(v, pow10(digits), pow10(FeeScale))
	case FeePercent:
		p, err := money.ParseDecimal(fee.Percent, PercentScale)
		if err != nil || inv.Balance <= 0 {
			return invoice.Line{}, false
		}
		amount = money.MulDivRound(inv.Balance, p, 100*pow10(PercentScale))
	default:
		return invoice.Line{}, false
	}
	if fee.Cap != "" {
		c, err := money.ParseDecimal(fee.Cap, FeeScale)
		if err != nil {
			return invoice.Line{}, false
		}
		amount = min(amount, money.MulDivRound(c, pow10(digits), pow10(FeeScale))-charged)
	}
	if amount <= 0 {
		return invoice.Line{}, false
	}
	var rate int64
	if fee.TaxRate != "" {
		if rate, err = money.ParseDecimal(fee.TaxRate, invoice.RateScale); err != nil {
			return invoice.Line{}, false
		}
	}
	id := reminderID
	return invoice.Line{InvoiceID: inv.ID, Description: FeeDescription(step, lang), Quantity: pow10(invoice.QtyScale),
		UnitPrice: amount, TaxRate: rate, ReminderID: &id}, true
}

// WithFee is the invoice as it is once line is added: its totals and
// balance recomputed by the invoice's own rule. inv is not changed.
func WithFee(inv *invoice.Invoice, line invoice.Line) *invoice.Invoice {
	out := *inv
	out.Lines = append(append([]invoice.Line(nil), inv.Lines...), line)
	out.Compute()
	return &out
}
