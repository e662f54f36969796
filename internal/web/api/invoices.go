package api

import (
	"net/http"
	"strconv"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/store"
)

type invoiceInput struct {
	Number          *string      `json:"number"`
	ExternalID      *string      `json:"external_id"`
	CustomerID      *int64       `json:"customer_id"`
	Email           *string      `json:"email"`
	Cc              *string      `json:"cc"`
	Bcc             *string      `json:"bcc"`
	IssueDate       *string      `json:"issue_date"`
	DueDate         *string      `json:"due_date"`
	Currency        *string      `json:"currency"`
	Memo            *string      `json:"memo"`
	Draft           *bool        `json:"draft"`
	RemindersPaused *bool        `json:"reminders_paused"`
	Lines           *[]lineInput `json:"lines"`
}

// apply merges the input into inv, collecting field errors for values that
// do not parse; the domain's Validate checks the rest.
func (in invoiceInput) apply(inv *invoice.Invoice, f invoice.FieldErrors) {
	str := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	str(&inv.Number, in.Number)
	str(&inv.ExternalID, in.ExternalID)
	str(&inv.Email, in.Email)
	str(&inv.Cc, in.Cc)
	str(&inv.Bcc, in.Bcc)
	str(&inv.Currency, in.Currency)
	str(&inv.Memo, in.Memo)
	if in.CustomerID != nil {
		inv.CustomerID = *in.CustomerID
	}
	if in.Draft != nil {
		inv.Draft = *in.Draft
	}
	if in.RemindersPaused != nil {
		inv.RemindersPaused = *in.RemindersPaused
	}
	date := func(field string, dst *invoice.Date, v *string) {
		if v == nil {
			return
		}
		d, err := invoice.ParseDate(*v)
		if err != nil {
			f.Add(field, "must be a date YYYY-MM-DD")
			return
		}
		*dst = d
	}
	date("issue_date", &inv.IssueDate, in.IssueDate)
	date("due_date", &inv.DueDate, in.DueDate)
	if in.Lines != nil {
		inv.Lines = parseLines(*in.Lines, inv.Currency, f)
	}
}

func (a *API) invoiceCreate(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	var in invoiceInput
	if !decode(w, r, &in) {
		return
	}
	inv := &invoice.Invoice{CompanyID: co.ID, Currency: co.Currency}
	f := invoice.FieldErrors{}
	in.apply(inv, f)
	if in.Email == nil && inv.CustomerID > 0 {
		// Recipients are copied from the customer, editable per invoice.
		if c, err := a.store.GetCustomer(r.Context(), co.ID, inv.CustomerID); err == nil {
			inv.Email, inv.Cc, inv.Bcc = c.Email, c.Cc, c.Bcc
		}
	}
	if err := mergeErrors(f, inv.Validate()); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.books.CreateInvoice(r.Context(), inv); err != nil {
		a.fail(w, r, err)
		return
	}
	a.respondInvoice(w, r, co, inv.ID, http.StatusCreated)
}

// mergeErrors joins parse errors with the domain's validation errors so that
// one answer names every bad field.
func mergeErrors(f invoice.FieldErrors, err error) error {
	if de, ok := err.(*invoice.Error); ok && de.Code == invoice.EInvalid {
		for k, v := range de.Fields {
			f.Add(k, "%s", v)
		}
	} else if err != nil {
		return err
	}
	return f.Err()
}

func (a *API) respondInvoice(w http.ResponseWriter, r *http.Request, co *invoice.Company, id int64, status int) {
	inv, err := a.store.GetInvoice(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := invoiceOut(inv, a.today(co), co.Location())
	applied, err := a.books.ScheduleOf(r.Context(), co.ID, []*invoice.Invoice{inv})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out.Schedule = scheduleRef(applied[inv.ID], co.Language)
	writeJSON(w, status, out)
}

func (a *API) invoiceGet(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	if id, ok := pathID(w, r, "invoice"); ok {
		a.respondInvoice(w, r, co, id, http.StatusOK)
	}
}

func (a *API) invoicePatch(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "invoice")
	if !ok {
		return
	}
	inv, err := a.store.GetInvoice(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var in invoiceInput
	if !decode(w, r, &in) {
		return
	}
	f := invoice.FieldErrors{}
	oldCurrency, oldLines := inv.Currency, inv.Lines
	in.apply(inv, f)
	if inv.Currency != oldCurrency {
		recurrency(inv, oldCurrency, oldLines, in.Lines != nil, f)
	}
	if err := mergeErrors(f, inv.Validate()); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.books.UpdateInvoice(r.Context(), inv); err != nil {
		a.fail(w, r, err)
		return
	}
	a.respondInvoice(w, r, co, id, http.StatusOK)
}

func (a *API) invoiceList(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	limit, cursor, ok := page(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	f := store.InvoiceFilter{Status: invoice.StatusCode(q.Get("status")), ExternalID: q.Get("external_id"), Today: a.today(co),
		Before: cursor, Limit: fetchLimit(limit)}
	if v := q.Get("customer_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			writeError(w, http.StatusBadRequest, "malformed", "customer_id must be a number", map[string]string{"customer_id": "must be a number"})
			return
		}
		f.CustomerID = n
	}
	invs, err := a.store.ListInvoices(r.Context(), co.ID, f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	invs, next := trimPage(invs, limit, func(inv invoice.Invoice) int64 { return inv.ID })
	out := list[invoiceJSON]{Items: make([]invoiceJSON, 0, len(invs)), NextCursor: next}
	ptrs := make([]*invoice.Invoice, len(invs))
	for i := range invs {
		ptrs[i] = &invs[i]
	}
	applied, err := a.books.ScheduleOf(r.Context(), co.ID, ptrs)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	for i := range invs {
		j := invoiceOut(&invs[i], f.Today, co.Location())
		j.Schedule = scheduleRef(applied[invs[i].ID], co.Language)
		out.Items = append(out.Items, j)
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) invoiceVoid(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "invoice")
	if !ok {
		return
	}
	if err := a.books.VoidInvoice(r.Context(), co.ID, id); err != nil {
		a.fail(w, r, err)
		return
	}
	a.respondInvoice(w, r, co, id, http.StatusOK)
}

// recurrency keeps amounts meaning what they said when an invoice changes
// currency: stored in minor units, 100.00 CAD would otherwise silently
// become 10000 JPY. Lines not given again keep their written values
// (100.00 CAD → 100 JPY), refused where the new currency has too few
// decimals; payments, already received in the old currency, forbid the
// change.
func recurrency(inv *invoice.Invoice, oldCurrency string, oldLines []invoice.Line, linesGiven bool, f invoice.FieldErrors) {
	if len(inv.Payments) > 0 {
		f.Add("currency", "cannot change once a payment is recorded")
		return
	}
	if linesGiven || !money.ValidCurrency(inv.Currency) {
		return
	}
	oldDigits, err := money.Digits(oldCurrency)
	if err != nil {
		return
	}
	in := make([]lineInput, len(oldLines))
	for i, l := range oldLines {
		in[i] = lineInput{Description: l.Description, Quantity: money.FormatDecimalTrim(l.Quantity, invoice.QtyScale),
			UnitPrice: money.FormatDecimalTrim(l.UnitPrice, oldDigits), TaxRate: money.FormatDecimalTrim(l.TaxRate, invoice.RateScale)}
		for _, t := range l.Taxes() {
			if t.Name != "" {
				in[i].Taxes = append(in[i].Taxes, taxInput{Name: t.Name, Rate: money.FormatDecimalTrim(t.Rate, invoice.RateScale)})
			}
		}
	}
	inv.Lines = parseLines(in, inv.Currency, f)
}
