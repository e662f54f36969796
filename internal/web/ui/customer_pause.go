package ui

import (
	"fmt"
	"net/http"
)

// customerPause sets the customer's "pause reminders" switch to the posted
// value; the store re-plans the customer's invoices.
func (u *UI) customerPause(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	c, err := u.Store.GetCustomer(r.Context(), current(r).company.ID, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	c.RemindersPaused = r.FormValue("paused") == "1"
	if err := u.Books.UpdateCustomer(r.Context(), c); err != nil {
		u.fail(w, r, err)
		return
	}
	done := "resumed"
	if c.RemindersPaused {
		done = "paused"
	}
	http.Redirect(w, r, fmt.Sprintf("/customers/%d?done=%s", id, done), http.StatusSeeOther)
}
