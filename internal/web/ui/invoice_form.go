package ui

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/store"
)

// emptyRows is how many blank lines the invoice form offers; "More lines"
// adds as many again, so that no JavaScript is needed to add a line.
const emptyRows = 5

// invoiceForm holds what the user typed, as typed, so that a refused form
// comes back exactly as it was sent.
type invoiceForm struct {
	ID                     int64
	CustomerID             string
	Number, Email, Cc, Bcc string
	IssueDate, DueDate     string
	Currency, Memo         string
	Draft, RemindersPaused bool
	Lines                  []lineForm
	Customers              []invoice.Customer
	// NamedTaxes: the tax column is a choice of the company's named taxes
	// (invoice_form_tax.go) instead of a rate typed in.
	NamedTaxes bool
	TaxChoices []taxChoice
}

type lineForm struct {
	Description, Quantity, UnitPrice, TaxRate string
	Tax                                       string     // the chosen taxes' code, with NamedTaxes
	TaxExtra                                  *taxChoice // the line's taxes when not among TaxChoices
}

func (l lineForm) empty() bool {
	return strings.TrimSpace(l.Description+l.Quantity+l.UnitPrice+l.TaxRate) == ""
}

// invoiceFormFrom fills the form from a stored invoice.
func invoiceFormFrom(inv *invoice.Invoice, lang string) *invoiceForm {
	f := &invoiceForm{ID: inv.ID, CustomerID: strconv.FormatInt(inv.CustomerID, 10), Number: inv.Number, Email: inv.Email,
		Cc: inv.Cc, Bcc: inv.Bcc, IssueDate: inv.IssueDate.String(), DueDate: inv.DueDate.String(), Currency: inv.Currency,
		Memo: inv.Memo, Draft: inv.Draft, RemindersPaused: inv.RemindersPaused}
	digits, _ := money.Digits(inv.Currency)
	for _, l := range inv.Lines {
		f.Lines = append(f.Lines, lineForm{Description: l.Description,
			Quantity:  localDecimal(money.FormatDecimalTrim(l.Quantity, invoice.QtyScale), lang),
			UnitPrice: localDecimal(money.FormatDecimal(l.UnitPrice, digits), lang),
			TaxRate:   localDecimal(money.FormatDecimalTrim(l.TaxRate, invoice.RateScale), lang),
			Tax:       taxCode(l.Taxes())})
		if l.TaxName != "" || l.TaxRate2 != 0 {
			f.NamedTaxes = true // a rate typed in could not hold these taxes
		}
	}
	f.pad(emptyRows)
	return f
}

// pad appends n blank rows.
func (f *invoiceForm) pad(n int) {
	for range n {
		f.Lines = append(f.Lines, lineForm{})
	}
}

// parseInvoiceForm reads the posted form. Rows are line0_description… up
// to the row count the form was rendered with.
func parseInvoiceForm(r *http.Request) *invoiceForm {
	f := &invoiceForm{CustomerID: r.FormValue("customer_id"), Number: strings.TrimSpace(r.FormValue("number")),
		Email: strings.TrimSpace(r.FormValue("email")), Cc: strings.TrimSpace(r.FormValue("cc")), Bcc: strings.TrimSpace(r.FormValue("bcc")),
		IssueDate: strings.TrimSpace(r.FormValue("issue_date")), DueDate: strings.TrimSpace(r.FormValue("due_date")),
		Currency: strings.ToUpper(strings.TrimSpace(r.FormValue("currency"))), Memo: r.FormValue("memo"),
		Draft: r.FormValue("draft") != "", RemindersPaused: r.FormValue("reminders_paused") != "",
		NamedTaxes: r.FormValue("named_taxes") != ""}
	rows, _ := strconv.Atoi(r.FormValue("rows"))
	rows = min(max(rows, 0), invoice.MaxLines+emptyRows)
	for i := range rows {
		p := fmt.Sprintf("line%d_", i)
		f.Lines = append(f.Lines, lineForm{Description: r.FormValue(p + "description"), Quantity: strings.TrimSpace(r.FormValue(p + "quantity")),
			UnitPrice: strings.TrimSpace(r.FormValue(p + "unit_price")), TaxRate: strings.TrimSpace(r.FormValue(p + "tax_rate")),
			Tax: r.FormValue(p + "tax")})
	}
	return f
}

// invoice converts the form, collecting parse errors under the form's own
// field names (line3_quantity) in lang. Blank rows are skipped; rowOf maps
// each kept line back to its row so that domain errors ("lines[0].tax_rate")
// land next to the right input.
func (f *invoiceForm) invoice(lang string, companyID int64) (*invoice.Invoice, map[string]string, []int) {
	errs := map[string]string{}
	inv := &invoice.Invoice{ID: f.ID, CompanyID: companyID, Number: f.Number, Email: f.Email, Cc: f.Cc, Bcc: f.Bcc,
		Currency: f.Currency, Memo: f.Memo, Draft: f.Draft, RemindersPaused: f.RemindersPaused}
	inv.CustomerID, _ = strconv.ParseInt(f.CustomerID, 10, 64)
	var err error
	if f.IssueDate != "" {
		if inv.IssueDate, err = invoice.ParseDate(f.IssueDate); err != nil {
			errs["issue_date"] = tr(lang, "err_date")
		}
	}
	if f.DueDate != "" {
		if inv.DueDate, err = invoice.ParseDate(f.DueDate); err != nil {
			errs["due_date"] = tr(lang, "err_date")
		}
	}
	var rowOf []int
	for i, l := range f.Lines {
		if l.empty() {
			continue
		}
		p := fmt.Sprintf("line%d_", i)
		line := invoice.Line{Description: strings.TrimSpace(l.Description), Quantity: 10000}
		if l.Quantity != "" {
			if line.Quantity, err = money.ParseDecimal(normalizeNumber(l.Quantity), invoice.QtyScale); err != nil {
				errs[p+"quantity"] = tr(lang, "err_number")
			}
		}
		if line.UnitPrice, err = money.ParseAmount(normalizeNumber(l.UnitPrice), f.Currency); err != nil {
			if !money.ValidCurrency(f.Currency) {
				errs["currency"] = tr(lang, "err_currency", "A", f.Currency)
			} else {
				errs[p+"unit_price"] = tr(lang, "err_amount")
			}
		}
		if f.NamedTaxes {
			ts, ok := parseTaxCode(l.Tax)
			if !ok {
				errs[p+"tax"] = tr(lang, "err_choice")
			}
			line.SetTaxes(ts)
		} else if l.TaxRate != "" {
			if line.TaxRate, err = money.ParseDecimal(normalizeNumber(l.TaxRate), invoice.RateScale); err != nil {
				errs[p+"tax_rate"] = tr(lang, "err_number")
			}
		}
		inv.Lines = append(inv.Lines, line)
		rowOf = append(rowOf, i)
	}
	return inv, errs, rowOf
}

// mergeDomainErrors adds the store's field errors, renaming line paths to
// form fields; parse errors already found win.
func mergeDomainErrors(errs, domain map[string]string, rowOf []int) {
	for k, v := range domain {
		var i int
		var field string
		if n, _ := fmt.Sscanf(strings.Replace(k, "].", "] ", 1), "lines[%d] %s", &i, &field); n == 2 && i < len(rowOf) {
			if strings.HasPrefix(field, "taxes") {
				field = "tax" // the line's tax choice
			}
			k = fmt.Sprintf("line%d_%s", rowOf[i], field)
		}
		if k == "customer_id" || k == "number" || k == "lines" || k == "email" || k == "cc" || k == "bcc" ||
			k == "issue_date" || k == "due_date" || k == "currency" || k == "memo" || strings.HasPrefix(k, "line") {
			if _, ok := errs[k]; !ok {
				errs[k] = v
			}
			continue
		}
		if _, ok := errs["_"]; !ok {
			errs["_"] = v
		}
	}
}

// withTaxChoices sets the tax column's choices from the company's named
// taxes: blank rows get every tax, a line whose taxes are not among the
// choices keeps its own as one more option.
func (f *invoiceForm) withTaxChoices(co *invoice.Company, lang string) {
	choices, all := companyTaxChoices(co, lang)
	if choices == nil && !f.NamedTaxes {
		return
	}
	if choices == nil {
		choices = []taxChoice{{"", tr(lang, "tax_none")}}
	}
	f.NamedTaxes, f.TaxChoices = true, choices
	for i := range f.Lines {
		l := &f.Lines[i]
		if l.empty() && l.Tax == "" {
			l.Tax = all
		}
		if !f.NamedTaxesOffer(l.Tax) {
			ts, _ := parseTaxCode(l.Tax)
			l.TaxExtra = &taxChoice{l.Tax, taxLabel(ts, lang)}
		}
	}
}

// NamedTaxesOffer reports whether code is one of the form's tax choices.
func (f *invoiceForm) NamedTaxesOffer(code string) bool {
	for _, c := range f.TaxChoices {
		if c.Code == code {
			return true
		}
	}
	return false
}

// withCustomers loads the customer choices of the form.
func (u *UI) withCustomers(ctx context.Context, companyID int64, f *invoiceForm) error {
	cs, err := u.Store.ListCustomers(ctx, companyID, store.Page{Limit: 500})
	f.Customers = cs
	return err
}

func (u *UI) renderInvoiceForm(w http.ResponseWriter, r *http.Request, f *invoiceForm, errs map[string]string, status int) {
	s := current(r)
	if err := u.withCustomers(r.Context(), s.company.ID, f); err != nil {
		u.fail(w, r, err)
		return
	}
	f.withTaxChoices(s.company, s.user.Language)
	title := "invoice_new_title"
	if f.ID != 0 {
		title = "invoice_edit_title"
	}
	v := &view{Title: title, Nav: "invoices", Errors: errs, D: f}
	if msg, ok := errs["_"]; ok {
		v.FormError = msg
	} else if len(errs) > 0 {
		v.FormError = tr(s.user.Language, "form_has_errors")
	}
	if status != 0 {
		w.WriteHeader(status)
	}
	u.render(w, r, "invoice_form", v)
}

// saveInvoice is shared by create and update: parse, validate, store, or
// re-render with every reason next to its field.
func (u *UI) saveInvoice(w http.ResponseWriter, r *http.Request, id int64) {
	s := current(r)
	lang := s.user.Language
	f := parseInvoiceForm(r)
	f.ID = id
	if r.FormValue("more") != "" {
		f.pad(emptyRows)
		u.renderInvoiceForm(w, r, f, nil, 0)
		return
	}
	inv, errs, rowOf := f.invoice(lang, s.company.ID)
	ctx := r.Context()
	if id == 0 && inv.Email == "" && inv.CustomerID > 0 {
		// New invoices go to the customer's addresses unless told otherwise.
		if c, err := u.Store.GetCustomer(ctx, s.company.ID, inv.CustomerID); err == nil {
			inv.Email, inv.Cc, inv.Bcc = c.Email, c.Cc, c.Bcc
		}
	}
	if len(errs) == 0 {
		var err error
		if id == 0 {
			err = u.Books.CreateInvoice(ctx, inv)
		} else {
			// The form does not show the sync's external_id: keep it.
			var old *invoice.Invoice
			if old, err = u.Store.GetInvoice(ctx, s.company.ID, id); err == nil {
				inv.ExternalID = old.ExternalID
				err = u.Books.UpdateInvoice(ctx, inv)
			}
		}
		if err == nil && r.FormValue("send") == "1" {
			// "Save and send": the invoice is stored; a refusal to send
			// (a draft, no recipient) shows on its page.
			if _, err := u.Reminders.SendInvoice(ctx, s.company.ID, inv.ID); err != nil {
				fe, ok := fieldErrors(lang, err)
				if !ok {
					u.fail(w, r, err)
					return
				}
				w.WriteHeader(http.StatusConflict)
				u.showInvoice(w, r, inv.ID, invoiceExtras{Problem: firstError(fe)})
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/invoices/%d?done=invoice_sent", inv.ID), http.StatusSeeOther)
			return
		}
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/invoices/%d", inv.ID), http.StatusSeeOther)
			return
		}
		domain, ok := fieldErrors(lang, err)
		if !ok {
			u.fail(w, r, err)
			return
		}
		mergeDomainErrors(errs, domain, rowOf)
	} else if err := inv.Validate(); err != nil {
		// Report the other fields' problems along with the parse errors.
		if domain, ok := fieldErrors(lang, err); ok {
			mergeDomainErrors(errs, domain, rowOf)
		}
	}
	u.renderInvoiceForm(w, r, f, errs, http.StatusUnprocessableEntity)
}

// normalizeNumber accepts what people type in either language: "1 234,50",
// "1,234.50", "$125". A lone comma is the decimal separator (fr).
func normalizeNumber(s string) string {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "$", "", "€", "").Replace(strings.TrimSpace(s))
	comma, dot := strings.LastIndex(s, ","), strings.LastIndex(s, ".")
	switch {
	case comma >= 0 && dot > comma:
		s = strings.ReplaceAll(s, ",", "") // 1,234.50
	case comma >= 0 && dot >= 0:
		s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".") // 1.234,50
	case comma >= 0:
		s = strings.ReplaceAll(s, ",", ".") // 1234,50
	}
	return s
}
