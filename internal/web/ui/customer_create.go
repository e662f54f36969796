package ui

import (
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
)

func (u *UI) customerCreate(w http.ResponseWriter, r *http.Request) {
	u.saveCustomer(w, r, &invoice.Customer{CompanyID: current(r).company.ID})
}
