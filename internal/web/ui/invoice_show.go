package ui

import (
	"net/http"
	"time"

	"github.com/relance-app/relance/internal/invoice"
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
	History      []historyRow
	Open         bool

	// The customer's side.
	Activity, ActivityClass   string
	Events                    []eventRow
	Sent, FirstView, LastView string
	Views                     int
	Link, Problem             string // a new link shown once; why Send invoice was refused
}

type eventRow struct{ Text, Detail, Time string }

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
	}
	// Newest first: what just happened is what the user looks for.
	for i := len(hist) - 1; i >= 0; i-- {
		d.History = append(d.History, historyOf(lang, &hist[i], loc))
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
