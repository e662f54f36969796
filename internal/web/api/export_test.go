package api

import "time"

// SetNow replaces the API's clock (the company-local "today" of statuses,
// payment dates and list filters). Tests only.
func (a *API) SetNow(now func() time.Time) { a.now = now }
