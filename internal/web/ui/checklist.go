package ui

import (
	"context"
	"strings"

	"github.com/relance-app/relance/internal/store"
)

// checkItem is one step of the getting-started checklist.
type checkItem struct {
	Label, Href string
	Done        bool
}

// checklist is what a new company still has to do before reminders go
// out (company details, a customer, an invoice, reminders on, mail), or
// nil once everything is done. The mail step is done with SMTP, or once
// the outbox has shown a message. Staff get none: its steps are an admin's
// (settings), and a staff user is shown no link to the settings.
func (u *UI) checklist(ctx context.Context, s *session) ([]checkItem, error) {
	if !s.admin() {
		return nil, nil
	}
	co := s.company
	lang := s.user.Language
	cs, err := u.Store.ListCustomers(ctx, co.ID, store.Page{Limit: 1})
	if err != nil {
		return nil, err
	}
	invs, err := u.Store.ListInvoices(ctx, co.ID, store.InvoiceFilter{Limit: 1})
	if err != nil {
		return nil, err
	}
	st, err := u.Store.ReminderSettings(ctx, co.ID)
	if err != nil {
		return nil, err
	}
	mailDone := u.MailConfigured
	if !mailDone {
		out, err := u.Store.ListOutbox(ctx, co.ID, 0, 1)
		if err != nil {
			return nil, err
		}
		mailDone = len(out) > 0
	}
	mail := checkItem{Label: tr(lang, "check_outbox"), Href: "/outbox", Done: mailDone}
	if u.MailConfigured {
		mail.Label = tr(lang, "check_smtp")
	}
	items := []checkItem{
		{Label: tr(lang, "check_company"), Href: "/settings/company", Done: strings.TrimSpace(co.Email) != "" && strings.TrimSpace(co.Address) != ""},
		{Label: tr(lang, "check_customer"), Href: "/customers/new", Done: len(cs) > 0},
		{Label: tr(lang, "check_invoice"), Href: "/invoices/new", Done: len(invs) > 0},
		{Label: tr(lang, "check_reminders"), Href: "/settings/reminders", Done: st.Enabled},
		mail,
	}
	for _, it := range items {
		if !it.Done {
			return items, nil
		}
	}
	return nil, nil
}
