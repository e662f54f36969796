package ui

import (
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

type reminderData struct {
	Inv              *invoice.Invoice
	Customer         *invoice.Customer
	Subject, Message string
	Lang             string // the customer's, which the draft is written in
	// Case is the wording the draft fits (reminder.ManualDueSoon…).
	Case string
	// Tpl is the draft template: its greeting settings frame the message.
	Tpl reminder.Template
	// SubjectWarn: the subject lacks "Reminder" / "Rappel".
	SubjectWarn bool
}

// reminderNew is "Send reminder": the manual template that fits the
// invoice today, in the customer's language, editable before sending.
func (u *UI) reminderNew(w http.ResponseWriter, r *http.Request) {
	id, ok := u.idOrFail(w, r)
	if !ok {
		return
	}
	d, err := u.reminderPage(r, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d.Subject, d.Message = d.Tpl.Subject, d.Tpl.Message
	d.SubjectWarn = reminder.SubjectLacksReminderWord(d.Subject, d.Lang)
	u.render(w, r, "reminder_form", &view{Title: "reminder_title", Nav: "invoices", D: d})
}

// reminderPage loads the invoice and customer the page is about (404 for
// another company's invoice) and the draft that fits the invoice today.
func (u *UI) reminderPage(r *http.Request, id int64) (*reminderData, error) {
	s := current(r)
	inv, err := u.Store.GetInvoice(r.Context(), s.company.ID, id)
	if err != nil {
		return nil, err
	}
	cu, err := u.Store.GetCustomer(r.Context(), s.company.ID, inv.CustomerID)
	if err != nil {
		return nil, err
	}
	tpl, lang, err := u.Reminders.ManualDraft(r.Context(), s.company.ID, id)
	if err != nil {
		return nil, err
	}
	return &reminderData{Inv: inv, Customer: cu, Lang: lang, Tpl: tpl,
		Case: reminder.ManualCase(inv.DueDate, u.today(s))}, nil
}
