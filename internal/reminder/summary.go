package reminder

import (
	"strconv"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

// SummaryItem is one line of the box above a reminder's message: a label
// and a value, in the email's language. Big marks the balance due.
type SummaryItem struct {
	Label, Value string
	Big          bool
}

var summaryLabels = map[string]map[string]string{
	"en": {"invoice": "Invoice", "due": "Due date", "balance": "Balance due", "overdue": "Days overdue", "fee": "Late fee",
		"subtotal": "Subtotal", "tax": "Tax", "total": "Total"},
	"fr": {"invoice": "Facture", "due": "Date d'échéance", "balance": "Solde dû", "overdue": "Jours de retard", "fee": "Frais de retard",
		"subtotal": "Sous-total", "tax": "Taxes", "total": "Total"},
}

// Summary is what the email's summary box shows: the invoice number, the
// due date, the balance due and, once it is late, the days overdue, in
// lang (English when lang is unknown). Today is the company-local day.
// fee is the late fee the message adds (tax included; inv includes it):
// when there is one, it is shown above the balance.
func Summary(inv *invoice.Invoice, lang string, today invoice.Date, fee int64) []SummaryItem {
	l, ok := summaryLabels[lang]
	if !ok {
		lang, l = "en", summaryLabels["en"]
	}
	out := []SummaryItem{
		{Label: l["invoice"], Value: oneLine(inv.Number)},
		{Label: l["due"], Value: invoice.FormatDate(inv.DueDate, lang)},
	}
	if fee > 0 {
		out = append(out, SummaryItem{Label: l["fee"], Value: money.Format(fee, inv.Currency, lang)})
	}
	out = append(out, SummaryItem{Label: l["balance"], Value: money.Format(inv.Balance, inv.Currency, lang), Big: true})
	if late := today.DaysSince(inv.DueDate); late > 0 {
		out = append(out, SummaryItem{Label: l["overdue"], Value: strconv.Itoa(late)})
	}
	return out
}

// InvoiceSummary is the invoice email's box: Summary with the subtotal,
// one line per tax (TPS, then TVQ: invoice.TaxTotals) and the total
// before the balance due.
func InvoiceSummary(inv *invoice.Invoice, lang string, today invoice.Date, fee int64) []SummaryItem {
	out := Summary(inv, lang, today, fee)
	l, ok := summaryLabels[lang]
	if !ok {
		lang, l = "en", summaryLabels["en"]
	}
	totals := []SummaryItem{{Label: l["subtotal"], Value: money.Format(inv.Subtotal, inv.Currency, lang)}}
	for _, t := range inv.TaxTotals() {
		totals = append(totals, SummaryItem{Label: t.Label(l["tax"], lang), Value: money.Format(t.Amount, inv.Currency, lang)})
	}
	totals = append(totals, SummaryItem{Label: l["total"], Value: money.Format(inv.Total, inv.Currency, lang)})
	// Summary's balance due is its third line.
	return append(out[:2:2], append(totals, out[2:]...)...)
}
