package ui

import (
	"net/http"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

type invoiceShowData struct {
	Inv          *invoice.Invoice
	Customer     *invoice.Customer
	Status       string
	StatusClass  string
	ReminderSent string
	Next         string
	History      []historyRow
	Open         bool
}

type historyRow struct {
	Step, State, StateClass, To, Time, Problem, Subject string
	ProblemClass                                        string // red for a failure, grey for a skip
}

// flashes are the confirmations a redirect may ask for (?done=…); only
// these ids are ever shown.
var flashes = map[string]string{
	"reminder": "flash_reminder_queued", "payment": "flash_payment_recorded", "voided": "flash_voided",
	"paused": "flash_paused", "resumed": "flash_resumed", "saved": "flash_saved",
}

func (u *UI) invoiceShow(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	lang := s.user.Language
	ctx := r.Context()
	inv, cu, ok := u.invoiceAndCustomerOrFail(w, r)
	if !ok {
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
	if d.Open && !inv.Draft {
		d.Next = nextReminder(lang, inv, loc)
	}
	// Newest first: what just happened is what the user looks for.
	for i := len(hist) - 1; i >= 0; i-- {
		d.History = append(d.History, historyOf(lang, &hist[i], loc))
	}
	u.render(w, r, "invoice_show", &view{Title: "invoice_title", Nav: "invoices", Flash: flashes[r.URL.Query().Get("done")], D: d})
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
		h.Problem = translateReason(lang, rm.Reason)
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
