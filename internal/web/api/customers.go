package api

import (
	"encoding/json"
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
)

// customerInput is the body of POST and PATCH; nil fields are left as they
// are on PATCH.
type customerInput struct {
	DisplayName     *string   `json:"display_name"`
	CompanyName     *string   `json:"company_name"`
	Title           *string   `json:"title"`
	FirstName       *string   `json:"first_name"`
	LastName        *string   `json:"last_name"`
	Email           *string   `json:"email"`
	Cc              *string   `json:"cc"`
	Bcc             *string   `json:"bcc"`
	Address         *string   `json:"address"`
	Language        *string   `json:"language"`
	RemindersPaused *bool     `json:"reminders_paused"`
	ExternalID      *string   `json:"external_id"`
	Tags            *[]string `json:"tags"`
	// ScheduleID: absent leaves it, null clears it (by conditions, else
	// the default), a number sets the customer's own schedule.
	ScheduleID optionalID `json:"schedule_id"`
}

// optionalID tells an absent field from null.
type optionalID struct {
	Set   bool
	Value *int64
}

func (o *optionalID) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Value = nil
		return nil
	}
	var v int64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	o.Value = &v
	return nil
}

func (in customerInput) apply(c *invoice.Customer) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&c.DisplayName, in.DisplayName)
	set(&c.CompanyName, in.CompanyName)
	set(&c.Title, in.Title)
	set(&c.FirstName, in.FirstName)
	set(&c.LastName, in.LastName)
	set(&c.Email, in.Email)
	set(&c.Cc, in.Cc)
	set(&c.Bcc, in.Bcc)
	set(&c.Address, in.Address)
	set(&c.Language, in.Language)
	set(&c.ExternalID, in.ExternalID)
	if in.RemindersPaused != nil {
		c.RemindersPaused = *in.RemindersPaused
	}
	if in.Tags != nil {
		c.Tags = *in.Tags
	}
	if in.ScheduleID.Set {
		c.ScheduleID = in.ScheduleID.Value
	}
}

func (a *API) customerCreate(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	var in customerInput
	if !decode(w, r, &in) {
		return
	}
	c := &invoice.Customer{CompanyID: co.ID, Language: co.Language}
	in.apply(c)
	if err := a.store.CreateCustomer(r.Context(), c); err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (a *API) customerGet(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "customer")
	if !ok {
		return
	}
	c, err := a.store.GetCustomer(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (a *API) customerPatch(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "customer")
	if !ok {
		return
	}
	c, err := a.store.GetCustomer(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var in customerInput
	if !decode(w, r, &in) {
		return
	}
	in.apply(c)
	if err := a.books.UpdateCustomer(r.Context(), c); err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (a *API) customerList(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	limit, cursor, ok := page(w, r)
	if !ok {
		return
	}
	if ext := r.URL.Query().Get("external_id"); ext != "" {
		// At most one customer has it: a page of one, or of none.
		out := list[invoice.Customer]{Items: []invoice.Customer{}}
		c, err := a.store.CustomerByExternalID(r.Context(), co.ID, ext)
		switch {
		case err == nil:
			out.Items = append(out.Items, *c)
		case !invoice.IsNotFound(err):
			a.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, out)
		return
	}
	cs, err := a.store.ListCustomersTagged(r.Context(), co.ID, r.URL.Query().Get("tag"), store.Page{After: cursor, Limit: fetchLimit(limit)})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var out list[invoice.Customer]
	out.Items, out.NextCursor = trimPage(cs, limit, func(c invoice.Customer) int64 { return c.ID })
	if out.Items == nil {
		out.Items = []invoice.Customer{}
	}
	writeJSON(w, http.StatusOK, out)
}
