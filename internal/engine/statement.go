package engine

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

// SendStatement queues the customer's statement email (the "statement"
// template in the customer's language, the table of open invoices, the
// statement PDF): one message, recorded as step `statement` in the history
// of each open invoice, all rows sharing its Message-ID. A customer with
// nothing open (or no invoice with an address) is refused (conflict).
func (e *Engine) SendStatement(ctx context.Context, companyID, customerID int64) ([]reminder.Reminder, error) {
	rs, err := e.queueStatement(ctx, companyID, customerID, "")
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, &invoice.Error{Code: invoice.EConflict, Message: "this customer has no open invoice to put on a statement",
			Fields: map[string]string{"customer": "no_balance"}}
	}
	return rs, nil
}

// queueStatement records the rows of one statement email for the workers:
// one per open invoice that can be sent. With month set (a monthly
// statement), nothing is queued when that month's was already recorded.
func (e *Engine) queueStatement(ctx context.Context, companyID, customerID int64, month string) ([]reminder.Reminder, error) {
	co, err := e.store.GetCompany(ctx, companyID)
	if err != nil {
		return nil, err
	}
	cu, err := e.store.GetCustomer(ctx, companyID, customerID)
	if err != nil {
		return nil, err
	}
	invs, err := e.store.OpenInvoicesOfCustomer(ctx, companyID, customerID)
	if err != nil {
		return nil, err
	}
	key, msgID := e.newGroup()
	today := invoice.LocalDate(e.Now(), co.Location())
	var rs []reminder.Reminder
	for i := range invs {
		inv := &invs[i]
		sc := &store.SendContext{Company: co, Customer: cu, Invoice: inv, Settings: &reminder.Settings{}}
		r := reminder.Reminder{CompanyID: companyID, InvoiceID: inv.ID, Step: reminder.StepStatement, DueDate: inv.DueDate,
			TriggerDate: today, To: inv.Email, Cc: inv.Cc, Bcc: inv.Bcc, Language: cu.Language, MessageID: msgID,
			GroupKey: key, CreatedAt: e.Now(), NextAttemptAt: e.Wall()}
		if ok, _ := e.books.Recheck(sc, &r); ok {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return nil, nil
	}
	err = e.books.Write(ctx, func(tx *store.Tx) error {
		if month != "" {
			ok, err := tx.StartStatementRun(ctx, companyID, customerID, month)
			if err != nil || !ok {
				rs = nil
				return err
			}
		}
		return tx.CreateGroup(ctx, rs)
	})
	if err != nil {
		return nil, fmt.Errorf("engine: queue statement: %w", err)
	}
	if len(rs) > 0 {
		e.notify()
	}
	return rs, nil
}

// scanStatements queues the monthly statements due at the engine's Now
// (reminder.Settings.StatementDue decides): one per customer with a
// balance and month. It returns how many it queued.
func (e *Engine) scanStatements(ctx context.Context) (int, error) {
	cos, err := e.store.ListCompanies(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, co := range cos {
		st, err := e.store.ReminderSettings(ctx, co.ID)
		if err != nil {
			return n, err
		}
		month, due := st.StatementDue(e.Now())
		if !due {
			continue
		}
		ids, err := e.store.CustomersOwedStatement(ctx, co.ID, month)
		if err != nil {
			return n, err
		}
		for _, id := range ids {
			rs, err := e.queueStatement(ctx, co.ID, id, month)
			if err != nil {
				return n, err
			}
			if len(rs) > 0 {
				n++
			}
		}
	}
	return n, nil
}
