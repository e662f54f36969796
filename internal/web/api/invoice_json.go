package api

import (
	"fmt"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/reminder"
)

type lineJSON struct {
	Description string    `json:"description"`
	Quantity    string    `json:"quantity"`
	UnitPrice   string    `json:"unit_price"`
	TaxRate     string    `json:"tax_rate"` // the sum of the line's tax rates
	Amount      string    `json:"amount"`
	Tax         string    `json:"tax"` // the sum of the line's taxes
	Taxes       []taxJSON `json:"taxes"`
	// ReminderID marks a late fee line: the reminder that charged it.
	ReminderID *int64 `json:"reminder_id,omitempty"`
}

// taxJSON is one named tax of a line or, in an invoice's taxes, its total.
type taxJSON struct {
	Name   string `json:"name"`
	Rate   string `json:"rate"`
	Amount string `json:"amount,omitempty"`
}

func taxesOut(ts []invoice.LineTax, cur string) []taxJSON {
	out := []taxJSON{}
	for _, t := range ts {
		out = append(out, taxJSON{Name: t.Name, Rate: money.FormatDecimalTrim(t.Rate, invoice.RateScale),
			Amount: money.FormatAmount(t.Amount, cur)})
	}
	return out
}

type paymentJSON struct {
	ID        int64        `json:"id"`
	Amount    string       `json:"amount"`
	Date      invoice.Date `json:"date"`
	Method    string       `json:"method"`
	Reference string       `json:"reference"`
	Memo      string       `json:"memo"`
	Kind      string       `json:"kind"`
	CreatedBy string       `json:"created_by"`
}

type nextReminderJSON struct {
	Step int          `json:"step"`
	Date invoice.Date `json:"date"`
	At   time.Time    `json:"at"`
}

type invoiceJSON struct {
	ID              int64             `json:"id"`
	Number          string            `json:"number"`
	ExternalID      string            `json:"external_id"`
	CustomerID      int64             `json:"customer_id"`
	Email           string            `json:"email"`
	Cc              string            `json:"cc"`
	Bcc             string            `json:"bcc"`
	IssueDate       invoice.Date      `json:"issue_date"`
	DueDate         invoice.Date      `json:"due_date"`
	Currency        string            `json:"currency"`
	Memo            string            `json:"memo"`
	Draft           bool              `json:"draft"`
	Voided          bool              `json:"voided"`
	RemindersPaused bool              `json:"reminders_paused"`
	Lines           []lineJSON        `json:"lines,omitempty"`
	Payments        []paymentJSON     `json:"payments,omitempty"`
	Subtotal        string            `json:"subtotal"`
	TaxTotal        string            `json:"tax_total"`
	Taxes           []taxJSON         `json:"taxes"`
	Total           string            `json:"total"`
	AmountPaid      string            `json:"amount_paid"`
	BalanceDue      string            `json:"balance_due"`
	Status          string            `json:"status"`
	StatusDays      int               `json:"status_days"`
	LastReminderAt  *time.Time        `json:"last_reminder_at"`
	NextReminder    *nextReminderJSON `json:"next_reminder"`
	Schedule        *scheduleRefJSON  `json:"schedule"`
	SentAt          *time.Time        `json:"sent_at"`
	ViewedAt        *time.Time        `json:"viewed_at"`
	LastViewedAt    *time.Time        `json:"last_viewed_at"`
	ViewCount       int               `json:"view_count"`
	PromisedDate    *invoice.Date     `json:"promised_date"`
	PromiseBroken   bool              `json:"promise_broken"`
	Disputed        bool              `json:"disputed"`
	DisputeMessage  string            `json:"dispute_message"`
	CreatedAt       time.Time         `json:"created_at"`
	UpdatedAt       time.Time         `json:"updated_at"`
}

// invoiceOut renders an invoice for the API, its status derived on today.
func invoiceOut(inv *invoice.Invoice, today invoice.Date, loc *time.Location) invoiceJSON {
	cur := inv.Currency
	st := invoice.StatusOf(inv, today)
	out := invoiceJSON{
		ID: inv.ID, Number: inv.Number, ExternalID: inv.ExternalID, CustomerID: inv.CustomerID, Email: inv.Email, Cc: inv.Cc, Bcc: inv.Bcc,
		IssueDate: inv.IssueDate, DueDate: inv.DueDate, Currency: cur, Memo: inv.Memo, Draft: inv.Draft, Voided: inv.Voided,
		RemindersPaused: inv.RemindersPaused,
		Subtotal:        money.FormatAmount(inv.Subtotal, cur), TaxTotal: money.FormatAmount(inv.TaxTotal, cur),
		Taxes: taxesOut(inv.TaxTotals(), cur),
		Total: money.FormatAmount(inv.Total, cur), AmountPaid: money.FormatAmount(inv.Paid, cur),
		BalanceDue: money.FormatAmount(inv.Balance, cur), Status: string(st.Code), StatusDays: st.Days,
		LastReminderAt: inv.LastReminderAt, CreatedAt: inv.CreatedAt, UpdatedAt: inv.UpdatedAt,
		SentAt: inv.SentAt, ViewedAt: inv.ViewedAt, LastViewedAt: inv.LastViewedAt, ViewCount: inv.ViewCount,
		Disputed: inv.Disputed, DisputeMessage: inv.DisputeMessage,
		PromiseBroken: invoice.ActivityOf(inv, today).Code == "promise_broken",
	}
	if !inv.PromisedDate.IsZero() {
		d := inv.PromisedDate
		out.PromisedDate = &d
	}
	for _, l := range inv.Lines {
		out.Lines = append(out.Lines, lineJSON{
			Description: l.Description, Quantity: money.FormatDecimalTrim(l.Quantity, invoice.QtyScale),
			UnitPrice: money.FormatAmount(l.UnitPrice, cur), TaxRate: money.FormatDecimalTrim(l.TaxRate+l.TaxRate2, invoice.RateScale),
			Amount: money.FormatAmount(l.Amount, cur), Tax: money.FormatAmount(l.Tax+l.Tax2, cur),
			Taxes: taxesOut(l.Taxes(), cur), ReminderID: l.ReminderID,
		})
	}
	for _, p := range inv.Payments {
		out.Payments = append(out.Payments, paymentJSON{ID: p.ID, Amount: money.FormatAmount(p.Amount, cur), Date: p.Date,
			Method: p.Method, Reference: p.Reference, Memo: p.Memo, Kind: p.Kind, CreatedBy: p.CreatedBy})
	}
	if inv.NextReminderAt != nil && inv.NextReminderStep != nil && *inv.NextReminderStep > reminder.StepManual {
		out.NextReminder = &nextReminderJSON{Step: *inv.NextReminderStep, Date: invoice.LocalDate(*inv.NextReminderAt, loc), At: *inv.NextReminderAt}
	}
	return out
}

type lineInput struct {
	Description string `json:"description"`
	Quantity    string `json:"quantity"`
	UnitPrice   string `json:"unit_price"`
	TaxRate     string `json:"tax_rate"`
	// Taxes are named taxes (at most 2, e.g. TPS 5 and TVQ 9.975); when
	// given, tax_rate is ignored (a line read back carries both).
	Taxes []taxInput `json:"taxes"`
}

type taxInput struct {
	Name string `json:"name"`
	Rate string `json:"rate"`
}

// parseLines converts decimal strings exactly, naming the failing field.
func parseLines(in []lineInput, currency string, f invoice.FieldErrors) []invoice.Line {
	if len(in) > invoice.MaxLines {
		f.Add("lines", "at most %d lines", invoice.MaxLines)
		return nil
	}
	digits, err := money.Digits(currency)
	if err != nil {
		digits = 2 // the currency itself is reported by Validate
	}
	out := make([]invoice.Line, len(in))
	for i, l := range in {
		p := fmt.Sprintf("lines[%d].", i)
		out[i].Description = l.Description
		q := l.Quantity
		if q == "" {
			q = "1"
		}
		var err error
		if out[i].Quantity, err = money.ParseDecimal(q, invoice.QtyScale); err != nil {
			f.Add(p+"quantity", "must be a decimal number with at most %d decimals", invoice.QtyScale)
		}
		if l.UnitPrice == "" {
			f.Add(p+"unit_price", "is required")
		} else if out[i].UnitPrice, err = money.ParseDecimal(l.UnitPrice, digits); err != nil {
			f.Add(p+"unit_price", "must be a decimal amount with at most %d decimals", digits)
		}
		switch {
		case len(l.Taxes) > invoice.MaxLineTaxes:
			f.Add(p+"taxes", "at most %d taxes", invoice.MaxLineTaxes)
		case len(l.Taxes) > 0:
			ts := make([]invoice.LineTax, len(l.Taxes))
			for j, t := range l.Taxes {
				ts[j].Name = strings.TrimSpace(t.Name)
				if ts[j].Rate, err = money.ParseDecimal(t.Rate, invoice.RateScale); err != nil {
					f.Add(fmt.Sprintf("%staxes[%d].rate", p, j), "must be a percentage with at most %d decimals", invoice.RateScale)
				}
			}
			out[i].SetTaxes(ts)
		case l.TaxRate != "":
			if out[i].TaxRate, err = money.ParseDecimal(l.TaxRate, invoice.RateScale); err != nil {
				f.Add(p+"tax_rate", "must be a percentage with at most %d decimals", invoice.RateScale)
			}
		}
	}
	return out
}
