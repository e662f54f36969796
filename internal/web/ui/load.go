package ui

import (
	"net/http"
	"strconv"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
)

// The load-by-id preambles of the handlers, in one place. Each reads {id}
// and loads the session company's object; on failure it answers (another
// company's id, or a malformed one, is the ordinary 404) and returns false.

// pathID reads {id}; a malformed id is simply not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, invoice.NotFound(name)
	}
	return id, nil
}

func (u *UI) idOrFail(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := pathID(r, "id")
	if err != nil {
		u.fail(w, r, err)
		return 0, false
	}
	return id, true
}

func (u *UI) invoiceOrFail(w http.ResponseWriter, r *http.Request) (*invoice.Invoice, bool) {
	id, ok := u.idOrFail(w, r)
	if !ok {
		return nil, false
	}
	inv, err := u.Store.GetInvoice(r.Context(), current(r).company.ID, id)
	if err != nil {
		u.fail(w, r, err)
		return nil, false
	}
	return inv, true
}

func (u *UI) invoiceAndCustomerOrFail(w http.ResponseWriter, r *http.Request) (*invoice.Invoice, *invoice.Customer, bool) {
	id, ok := u.idOrFail(w, r)
	if !ok {
		return nil, nil, false
	}
	inv, cu, err := u.Store.InvoiceAndCustomer(r.Context(), current(r).company.ID, id)
	if err != nil {
		u.fail(w, r, err)
		return nil, nil, false
	}
	return inv, cu, true
}

func (u *UI) customerOrFail(w http.ResponseWriter, r *http.Request) (*invoice.Customer, bool) {
	id, ok := u.idOrFail(w, r)
	if !ok {
		return nil, false
	}
	c, err := u.Store.GetCustomer(r.Context(), current(r).company.ID, id)
	if err != nil {
		u.fail(w, r, err)
		return nil, false
	}
	return c, true
}

func (u *UI) outboxOrFail(w http.ResponseWriter, r *http.Request) (*store.OutboxMessage, bool) {
	id, ok := u.idOrFail(w, r)
	if !ok {
		return nil, false
	}
	m, err := u.Store.GetOutbox(r.Context(), current(r).company.ID, id)
	if err != nil {
		u.fail(w, r, err)
		return nil, false
	}
	return m, true
}
