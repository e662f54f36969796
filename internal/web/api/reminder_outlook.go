package api

import (
	"net/http"
	"time"

	"github.com/relance-app/relance/internal/invoice"
)

// outlookJSON is the planner's decision for one invoice now: why nothing
// will be sent (blocked), the steps the next scan records as skipped, the
// step due now, the next one.
type outlookJSON struct {
	Blocked string        `json:"blocked,omitempty"`
	Due     *plannedJSON  `json:"due,omitempty"`
	Skip    []skippedJSON `json:"skip"`
	Next    *plannedJSON  `json:"next,omitempty"`
}

type plannedJSON struct {
	Step        int          `json:"step"`
	TriggerDate invoice.Date `json:"trigger_date"`
	At          time.Time    `json:"at"`
}

type skippedJSON struct {
	Step        int          `json:"step"`
	TriggerDate invoice.Date `json:"trigger_date"`
	Reason      string       `json:"reason"`
}

// reminderOutlook answers which reminder comes next for an invoice, or why
// none will, from the planner (nothing is written).
func (a *API) reminderOutlook(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "invoice")
	if !ok {
		return
	}
	o, err := a.books.Explain(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := outlookJSON{Blocked: o.Blocked, Skip: []skippedJSON{}}
	if p := o.Due; p != nil {
		out.Due = &plannedJSON{Step: p.Step, TriggerDate: p.TriggerDate, At: p.At}
	}
	if p := o.Next; p != nil {
		out.Next = &plannedJSON{Step: p.Step, TriggerDate: p.TriggerDate, At: p.At}
	}
	for _, s := range o.Skip {
		out.Skip = append(out.Skip, skippedJSON{Step: s.Step, TriggerDate: s.TriggerDate, Reason: s.Reason})
	}
	writeJSON(w, http.StatusOK, out)
}
