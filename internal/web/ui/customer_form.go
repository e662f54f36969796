package ui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/report"
)

// parseCustomer reads the customer form onto c (its ID and company kept).
func parseCustomer(r *http.Request, c *invoice.Customer) {
	c.DisplayName = strings.TrimSpace(r.FormValue("display_name"))
	c.CompanyName = strings.TrimSpace(r.FormValue("company_name"))
	c.Title = strings.TrimSpace(r.FormValue("title"))
	c.FirstName = strings.TrimSpace(r.FormValue("first_name"))
	c.LastName = strings.TrimSpace(r.FormValue("last_name"))
	c.Email = strings.TrimSpace(r.FormValue("email"))
	c.Cc = strings.TrimSpace(r.FormValue("cc"))
	c.Bcc = strings.TrimSpace(r.FormValue("bcc"))
	c.Address = strings.TrimSpace(strings.ReplaceAll(r.FormValue("address"), "\r\n", "\n"))
	c.Language = r.FormValue("language")
	c.RemindersPaused = r.FormValue("reminders_paused") != ""
	c.ExternalID = strings.TrimSpace(r.FormValue("external_id"))
	c.Tags = invoice.SplitTags(r.FormValue("tags"))
	c.ScheduleID = nil
	if v := r.FormValue("schedule_id"); v != "" {
		// Not a number: an id no schedule has, which the store refuses by name.
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			id = -1
		}
		c.ScheduleID = &id
	}
}

// customerPage is the customer form with, for a saved customer, its open
// balance aged as of today.
type customerPage struct {
	*invoice.Customer
	Statement   *report.Statement
	BucketNames [report.Buckets]string // catalogue ids
	Schedules   []reminder.Schedule    // the company's named schedules, for the picker
}

// TagsText is the tags as the form shows them: comma-separated.
func (p customerPage) TagsText() string { return strings.Join(p.Tags, ", ") }

// HasSchedule reports whether the customer's own schedule is id.
func (p customerPage) HasSchedule(id int64) bool { return p.ScheduleID != nil && *p.ScheduleID == id }

// statementBucketNames are the buckets' catalogue ids (the reports' aging_*).
var statementBucketNames = func() (n [report.Buckets]string) {
	for k, key := range report.BucketKeys {
		n[k] = "aging_" + key
	}
	return n
}()

func (u *UI) renderCustomerForm(w http.ResponseWriter, r *http.Request, c *invoice.Customer, errs map[string]string, status int) {
	title := "customer_new_title"
	if c.ID != 0 {
		title = "customer_edit_title"
	}
	page := customerPage{Customer: c}
	named, err := u.Store.Schedules(r.Context(), current(r).company.ID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	page.Schedules = named
	if c.ID != 0 {
		// The open balance and its aging, as of today.
		_, st, err := report.LoadStatement(r.Context(), u.Store, current(r).company.ID, c.ID, u.today(current(r)))
		if err != nil {
			u.fail(w, r, err)
			return
		}
		page.Statement = &st
		page.BucketNames = statementBucketNames
	}
	v := &view{Title: title, Nav: "customers", Errors: errs, D: page, Flash: flashes[r.URL.Query().Get("done")]}
	if len(errs) > 0 {
		v.FormError = tr(current(r).user.Language, "form_has_errors")
	}
	if status != 0 {
		w.WriteHeader(status)
	}
	u.render(w, r, "customer_form", v)
}

// saveCustomer stores the posted customer or shows the form again with the
// reasons; create when c.ID is 0.
func (u *UI) saveCustomer(w http.ResponseWriter, r *http.Request, c *invoice.Customer) {
	parseCustomer(r, c)
	var err error
	if c.ID == 0 {
		err = u.Store.CreateCustomer(r.Context(), c)
	} else {
		err = u.Books.UpdateCustomer(r.Context(), c)
	}
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/customers/%d?done=saved", c.ID), http.StatusSeeOther)
		return
	}
	errs, ok := fieldErrors(current(r).user.Language, err)
	if !ok {
		u.fail(w, r, err)
		return
	}
	u.renderCustomerForm(w, r, c, errs, http.StatusUnprocessableEntity)
}
