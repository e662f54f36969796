package ui

import (
	"fmt"
	"net/http"
)

// customerPause sets the customer's "pause reminders" switch to the posted
// value; the store re-plans the customer's invoices.
func (u *UI) customerPause(w http.ResponseWriter, r *http.Request) {
	c, ok := u.customerOrFail(w, r)
	if !ok {
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
	http.Redirect(w, r, fmt.Sprintf("/customers/%d?done=%s", c.ID, done), http.StatusSeeOther)
}
