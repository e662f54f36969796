package engine

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

// previewToken stands in for a real token in previews: nothing is stored.
const previewToken = "preview"

// NewLink mints a link to an invoice's page for the customer and returns
// its URL: a 192-bit random token of which only the hash is stored.
func (e *Engine) NewLink(ctx context.Context, companyID, invoiceID int64) (string, error) {
	token := auth.Random(24)
	if err := e.store.CreateLink(ctx, companyID, invoiceID, auth.Hash(token)); err != nil {
		return "", err
	}
	return e.cfg.BaseURL + "/i/" + token, nil
}

// SendInvoice queues the invoice email (template per language, the PDF,
// the link) for the workers; sent_at is stamped when it goes out.
// Resending is allowed; a voided or paid invoice is refused (conflict).
func (e *Engine) SendInvoice(ctx context.Context, companyID, invoiceID int64) (*reminder.Reminder, error) {
	sc, err := e.store.LoadSendContext(ctx, companyID, invoiceID)
	if err != nil {
		return nil, err
	}
	if ok, reason := e.books.Recheck(sc, &reminder.Reminder{Step: reminder.StepInvoice}); !ok {
		code := invoice.EConflict
		if reason == books.ReasonNoRecipient {
			code = invoice.EInvalid
		}
		return nil, &invoice.Error{Code: code, Message: "this invoice cannot be sent: " + reason,
			Fields: map[string]string{"invoice": reason}}
	}
	return e.queue(ctx, sc.Invoice, sc.Customer.Language, reminder.StepInvoice, "", "", sc.Company)
}

// PaymentReceived queues the customer's receipt for a payment when the
// company's settings ask for receipts (send_receipts); it does nothing
// otherwise, or when the invoice has no recipient.
func (e *Engine) PaymentReceived(ctx context.Context, companyID, invoiceID, amount int64) error {
	sc, err := e.store.LoadSendContext(ctx, companyID, invoiceID)
	if err != nil {
		return err
	}
	if !sc.Settings.SendReceipts {
		return nil
	}
	if ok, _ := e.books.Recheck(sc, &reminder.Reminder{Step: reminder.StepReceipt}); !ok {
		return nil
	}
	lang := sc.Customer.Language
	t := reminder.ReceiptTemplate(lang, money.Format(amount, sc.Invoice.Currency, lang))
	_, err = e.queue(ctx, sc.Invoice, lang, reminder.StepReceipt, t.Subject, t.Message, sc.Company)
	return err
}

func (e *Engine) queue(ctx context.Context, inv *invoice.Invoice, lang string, step int, subject, message string,
	co *invoice.Company) (*reminder.Reminder, error) {
	r := &reminder.Reminder{CompanyID: inv.CompanyID, InvoiceID: inv.ID, Step: step, DueDate: inv.DueDate,
		TriggerDate: invoice.LocalDate(e.Now(), co.Location()), To: inv.Email, Cc: inv.Cc, Bcc: inv.Bcc,
		Language: lang, CustomSubject: subject, CustomMessage: message, MessageID: e.newMessageID(),
		CreatedAt: e.Now(), NextAttemptAt: e.Wall()}
	if err := e.books.Write(ctx, func(tx *store.Tx) error { return tx.CreateMessage(ctx, r) }); err != nil {
		return nil, fmt.Errorf("engine: queue message: %w", err)
	}
	e.notify()
	return r, nil
}
