package ui

import (
	"context"
	"net/http"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

type invoiceShowData struct {
	Inv          *invoice.Invoice
	Customer     *invoice.Customer
	Status       string
	StatusClass  string
	ReminderSent string
	Outlook      []outlookLine // which reminder comes next, or why none will
	// Schedule is the schedule the reminders follow ("" for a closed
	// invoice), ScheduleWhy why.
	Schedule, ScheduleWhy string
	History               []historyRow
	Open                  bool
	Payments              []paymentRow // the payments recorded, with Edit and Delete
	PayChanges            []eventRow   // later edits and deletions of payments
	TaxLines              []taxLine    // one total per named tax (or the single unnamed rate)
	LineTaxes             []string     // each line's taxes, by position
	TaxNumbers            []string     // the company's registration numbers

	// The customer's side.
	Activity, ActivityClass   string
	Events                    []eventRow
	Sent, FirstView, LastView string
	Views                     int
	Link, Problem             string // a new link shown once; why Send invoice was refused
}

type eventRow struct{ Text, Detail, Time string }

// taxLine is one tax total on the invoice page.
type taxLine struct{ Label, Amount string }

// paymentRow is one payment on the invoice page.
type paymentRow struct {
	ID                                    int64
	Date, Amount, Method, Reference, Memo string
	Recorded                              string // who recorded it and when
	Label                                 string // names the payment for the Edit and Delete buttons
	Editable                              bool
}

// invoiceExtras are what a POST shows on the invoice page directly.
type invoiceExtras struct{ Link, Problem string }

type historyRow struct {
	Step, State, StateClass, To, Time, Problem, Subject string
	ProblemClass                                        string // red for a failure, grey for a skip
}

// flashes are the confirmations a redirect may ask for (?done=…); only
// these ids are ever shown.
var flashes = map[string]string{
	"reminder": "flash_reminder_queued", "payment": "flash_payment_recorded", "voided": "flash_voided",
	"paused": "flash_paused", "resumed": "flash_resumed", "saved": "flash_saved",
	"invoice_sent": "flash_invoice_sent", "link_reset": "flash_link_reset", "resolved": "flash_dispute_resolved",
	"batch": "flash_batch_queued", "batch_none": "flash_batch_none",
	"payment_saved": "flash_payment_saved", "payment_deleted": "flash_payment_deleted",
	"statement_sent": "flash_statement_sent", "statement_none": "flash_statement_none",
}

func (u *UI) invoiceShow(w http.ResponseWriter, r *http.Request) {
	id, ok := u.idOrFail(w, r)
	if !ok {
		return
	}
	u.showInvoice(w, r, id, invoiceExtras{})
}

// showInvoice renders an invoice's page, with what a POST shows directly.
func (u *UI) showInvoice(w http.ResponseWriter, r *http.Request, id int64, x invoiceExtras) {
	s := current(r)
	lang := s.user.Language
	ctx := r.Context()
	inv, cu, err := u.Store.InvoiceAndCustomer(ctx, s.company.ID, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	hist, err := u.Store.Reminders(ctx, s.company.ID, inv.ID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	loc := s.company.Location()
	d := invoiceShowData{Inv: inv, Customer: cu, ReminderSent: reminderSent(lang, inv.LastReminderAt, loc),
		Open: !inv.Voided && inv.Balance > 0}
	d.Status, d.StatusClass = statusLabel(lang, invoice.StatusOf(inv, u.today(s)))
	if d.Open {
		o, err := u.Books.Explain(ctx, s.company.ID, inv.ID)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		d.Outlook = outlookOf(lang, o, loc, u.today(s))
		d.Schedule, d.ScheduleWhy = o.Schedule.Name, o.Schedule.Why.Text(lang)
		if o.Schedule.ID == nil {
			d.Schedule = tr(lang, "schedule_default_name")
		}
	}
	// Newest first: what just happened is what the user looks for.
	for i := len(hist) - 1; i >= 0; i-- {
		d.History = append(d.History, historyOf(lang, &hist[i], loc))
	}
	d.TaxLines, d.LineTaxes = taxLines(inv, lang)
	d.TaxNumbers = s.company.TaxNumbers(lang)
	if err := u.paymentRows(ctx, s.company.ID, lang, loc, &d); err != nil {
		u.fail(w, r, err)
		return
	}
	evs, err := u.Store.InvoiceEvents(ctx, s.company.ID, inv.ID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	for i := len(evs) - 1; i >= 0; i-- {
		d.Events = append(d.Events, eventOf(lang, &evs[i], loc))
	}
	d.Activity, d.ActivityClass = activityLabel(lang, invoice.ActivityOf(inv, u.today(s)))
	d.Link, d.Problem, d.Views = x.Link, x.Problem, inv.ViewCount
	for dst, t := range map[*string]*time.Time{&d.Sent: inv.SentAt, &d.FirstView: inv.ViewedAt, &d.LastView: inv.LastViewedAt} {
		if t != nil {
			*dst = formatTime(lang, *t, loc)
		}
	}
	u.render(w, r, "invoice_show", &view{Title: "invoice_title", Nav: "invoices", Flash: flashes[r.URL.Query().Get("done")], D: d})
}

// taxLines are the invoice's tax totals (invoice.TaxTotals), labelled, and
// each line's taxes; an invoice without tax shows one zero "Taxes" line.
func taxLines(inv *invoice.Invoice, lang string) ([]taxLine, []string) {
	var out []taxLine
	for _, t := range inv.TaxTotals() {
		out = append(out, taxLine{t.Label(tr(lang, "taxes"), lang), money.Format(t.Amount, inv.Currency, lang)})
	}
	if len(out) == 0 {
		out = []taxLine{{tr(lang, "taxes"), money.Format(0, inv.Currency, lang)}}
	}
	per := make([]string, len(inv.Lines))
	for i := range inv.Lines {
		per[i] = invoice.TaxesLabel(inv.Lines[i].Taxes(), lang)
	}
	return out, per
}

// paymentRows fills the invoice page's payments and the history of their
// edits and deletions (store.PaymentHistory), newest change first.
func (u *UI) paymentRows(ctx context.Context, companyID int64, lang string, loc *time.Location, d *invoiceShowData) error {
	inv := d.Inv
	for _, p := range inv.Payments {
		row := paymentRow{ID: p.ID, Date: invoice.FormatDateMedium(p.Date, lang), Amount: money.Format(p.Amount, inv.Currency, lang),
			Method: p.Method, Reference: p.Reference, Memo: p.Memo, Editable: !inv.Voided}
		row.Label = tr(lang, "payment_label", "Amount", row.Amount, "Date", row.Date)
		switch at := formatTime(lang, p.CreatedAt, loc); {
		case p.CreatedBy != "":
			row.Recorded = tr(lang, "payment_recorded_by", "Who", p.CreatedBy, "When", at)
		default:
			row.Recorded = at
		}
		d.Payments = append(d.Payments, row)
	}
	hist, err := u.Store.PaymentHistory(ctx, companyID, inv.ID)
	if err != nil {
		return err
	}
	for i := len(hist) - 1; i >= 0; i-- {
		e := &hist[i]
		if e.Action == "added" {
			continue // the table above shows it
		}
		who := e.Actor
		if who == "" {
			who = "—"
		}
		d.PayChanges = append(d.PayChanges, eventRow{
			Text: tr(lang, "payment_"+e.Action, "Amount", money.Format(e.Amount, inv.Currency, lang),
				"Date", invoice.FormatDateMedium(e.Date, lang), "Who", who),
			Time: formatTime(lang, e.At, loc)})
	}
	return nil
}

// eventOf is one line of the customer's activity.
func eventOf(lang string, e *store.Event, loc *time.Location) eventRow {
	row := eventRow{Text: tr(lang, "event_"+e.Kind), Time: formatTime(lang, e.CreatedAt, loc), Detail: e.Detail}
	if e.Kind == store.EventPromised {
		if d, err := invoice.ParseDate(e.Detail); err == nil {
			row.Detail = invoice.FormatDateMedium(d, lang)
		}
	}
	return row
}

func historyOf(lang string, rm *reminder.Reminder, loc *time.Location) historyRow {
	at := rm.CreatedAt
	if rm.SentAt != nil {
		at = *rm.SentAt
	} else if !rm.UpdatedAt.IsZero() {
		at = rm.UpdatedAt
	}
	h := historyRow{Step: stepName(lang, rm.Step), State: tr(lang, "state_"+rm.State), StateClass: rm.State,
		To: rm.To, Time: formatTime(lang, at, loc), Subject: rm.Subject, Problem: rm.LastError}
	if h.Problem == "" && rm.Reason != "" {
		h.Problem = skippedReason(lang, rm, loc)
	}
	h.ProblemClass = "muted"
	if rm.State == reminder.StateFailed {
		h.ProblemClass = "problem"
	}
	return h
}

// formatTime is a date and a 24-hour time in the company's zone.
func formatTime(lang string, t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	lt := t.In(loc)
	return invoice.FormatDateMedium(invoice.DateOf(lt), lang) + " " + lt.Format("15:04")
}
