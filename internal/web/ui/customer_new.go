package ui

import (
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
)

func (u *UI) customerNew(w http.ResponseWriter, r *http.Request) {
	u.renderCustomerForm(w, r, &invoice.Customer{Language: current(r).company.Language}, nil, 0)
}
