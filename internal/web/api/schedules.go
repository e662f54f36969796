package api

import (
	"net/http"
	"strconv"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

// Named schedules (docs/schedules.md): the body is reminder.Schedule's JSON,
// {name, priority, conditions: {min_balance, max_balance, currencies,
// customer_tags}, steps, repeat, business_days}. API tokens are created by
// admins and act for the company, as the reminder settings' routes do.

// scheduleJSON is a named schedule with the number of customers whose own
// schedule it is.
type scheduleJSON struct {
	reminder.Schedule
	Customers int `json:"customers"`
}

type scheduleList struct {
	Items []scheduleJSON `json:"items"`
}

// scheduleDeleted says who fell back when a schedule was deleted.
type scheduleDeleted struct {
	ID         int64                    `json:"id"`
	FellBack   int                      `json:"customers_fell_back"`
	Customers  []store.ScheduleCustomer `json:"customers"`
	FallbackTo string                   `json:"fallback"`
}

// scheduleRefJSON is an invoice's schedule: id null for the default; why
// a stable code (customer, conditions, default), why_text its wording in
// the company's language.
type scheduleRefJSON struct {
	ID      *int64 `json:"id"`
	Name    string `json:"name"`
	Why     string `json:"why"`
	WhyText string `json:"why_text"`
}

func scheduleRef(a books.Applied, lang string) *scheduleRefJSON {
	return &scheduleRefJSON{ID: a.ID, Name: a.Name, Why: a.Why.Code, WhyText: a.Why.Text(lang)}
}

func (a *API) scheduleOut(r *http.Request, co *invoice.Company, sc *reminder.Schedule) (scheduleJSON, error) {
	cs, err := a.store.ScheduleCustomers(r.Context(), co.ID, sc.ID)
	if err != nil {
		return scheduleJSON{}, err
	}
	return scheduleJSON{Schedule: *sc, Customers: len(cs)}, nil
}

func (a *API) scheduleList(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	named, err := a.store.Schedules(r.Context(), co.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := scheduleList{Items: make([]scheduleJSON, 0, len(named))}
	for i := range named {
		s, err := a.scheduleOut(r, co, &named[i])
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out.Items = append(out.Items, s)
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) scheduleCreate(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	var sc reminder.Schedule
	if !decode(w, r, &sc) {
		return
	}
	if len(sc.Steps) == 0 {
		// No steps given: the default schedule's, to change later.
		st, err := a.store.ReminderSettings(r.Context(), co.ID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		sc.Steps = st.Steps
	}
	sc.ID = 0
	if err := a.books.CreateSchedule(r.Context(), co.ID, &sc); err != nil {
		a.fail(w, r, err)
		return
	}
	a.respondSchedule(w, r, co, sc.ID, http.StatusCreated)
}

func (a *API) respondSchedule(w http.ResponseWriter, r *http.Request, co *invoice.Company, id int64, status int) {
	sc, err := a.store.GetSchedule(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out, err := a.scheduleOut(r, co, sc)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/schedules/"+strconv.FormatInt(id, 10))
	writeJSON(w, status, out)
}

func (a *API) scheduleGet(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	if id, ok := pathID(w, r, "schedule"); ok {
		a.respondSchedule(w, r, co, id, http.StatusOK)
	}
}

// schedulePut replaces a schedule whole (steps included).
func (a *API) schedulePut(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "schedule")
	if !ok {
		return
	}
	if _, err := a.store.GetSchedule(r.Context(), co.ID, id); err != nil {
		a.fail(w, r, err)
		return
	}
	var sc reminder.Schedule
	if !decode(w, r, &sc) {
		return
	}
	sc.ID = id
	if err := a.books.UpdateSchedule(r.Context(), co.ID, &sc); err != nil {
		a.fail(w, r, err)
		return
	}
	a.respondSchedule(w, r, co, id, http.StatusOK)
}

// scheduleDelete deletes a schedule; the customers whose own schedule it
// was fall back to conditions, else the default, and are listed.
func (a *API) scheduleDelete(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "schedule")
	if !ok {
		return
	}
	fell, err := a.books.DeleteSchedule(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if fell == nil {
		fell = []store.ScheduleCustomer{}
	}
	writeJSON(w, http.StatusOK, scheduleDeleted{ID: id, FellBack: len(fell), Customers: fell, FallbackTo: "conditions_or_default"})
}
