package ui

import (
	"net/http"
	"strings"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

// paymentData is the payment form: a new payment (PaymentID 0) or the
// correction of one already recorded.
type paymentData struct {
	Inv                     *invoice.Invoice
	PaymentID               int64
	Amount, Date            string
	Method, Reference, Memo string
	Methods                 []string // suggestions for the method, in the user's language
	Available               int64    // the most this payment may be: the balance, plus itself when edited
}

// paymentMethods are the methods the form suggests (any text is accepted).
func paymentMethods(lang string) []string { return strings.Split(tr(lang, "payment_methods"), "|") }

// readPaymentForm reads the form's fields into d and p; a field it cannot
// read is named in errs, every one in the same pass.
func readPaymentForm(r *http.Request, lang string, d *paymentData, p *invoice.Payment) map[string]string {
	d.Amount, d.Date = strings.TrimSpace(r.FormValue("amount")), strings.TrimSpace(r.FormValue("date"))
	d.Method, d.Reference = strings.TrimSpace(r.FormValue("method")), strings.TrimSpace(r.FormValue("reference"))
	d.Memo = strings.TrimSpace(r.FormValue("memo"))
	p.Method, p.Reference, p.Memo = d.Method, d.Reference, d.Memo
	errs := map[string]string{}
	var err error
	if p.Amount, err = money.ParseAmount(normalizeNumber(d.Amount), d.Inv.Currency); err != nil {
		errs["amount"] = tr(lang, "err_amount")
	}
	if p.Date, err = invoice.ParseDate(d.Date); err != nil {
		errs["date"] = tr(lang, "err_date")
	}
	// The domain's own checks (limits of the texts, the balance) in the
	// same pass, so that no error waits for the next submit.
	{
		inv := d.Inv
		check := *p // what could not be read stands in as valid
		if _, bad := errs["amount"]; bad {
			check.Amount = 1
		}
		if check.Date.IsZero() {
			check.Date = inv.IssueDate
		}
		var verr error
		if d.PaymentID == 0 {
			verr = invoice.ValidatePayment(inv, &check)
		} else if old := paymentByID(inv, d.PaymentID); old != nil {
			verr = invoice.ValidatePaymentEdit(inv, old, &check)
		}
		if fe, ok := fieldErrors(lang, verr); ok {
			for k, v := range fe {
				if _, seen := errs[k]; !seen {
					errs[k] = v
				}
			}
		}
	}
	return errs
}

func paymentByID(inv *invoice.Invoice, id int64) *invoice.Payment {
	for i := range inv.Payments {
		if inv.Payments[i].ID == id {
			return &inv.Payments[i]
		}
	}
	return nil
}

func (u *UI) paymentNew(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	inv, ok := u.invoiceOrFail(w, r)
	if !ok {
		return
	}
	lang := s.user.Language
	d := paymentData{Inv: inv, Amount: localDecimal(money.FormatAmount(inv.Balance, inv.Currency), lang),
		Date: u.today(s).String(), Methods: paymentMethods(lang), Available: inv.Balance}
	u.render(w, r, "payment_form", &view{Title: "payment_title", Nav: "invoices", D: d})
}
