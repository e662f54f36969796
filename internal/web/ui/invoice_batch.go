package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/relance-app/relance/internal/engine"
)

// batchData is the confirmation of a batch of manual reminders.
type batchData struct {
	Send, Refused []engine.BatchResult
}

// batchIDs reads the ticked invoices (form field "id", repeated).
func batchIDs(r *http.Request) []int64 {
	var ids []int64
	for _, v := range r.PostForm["id"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	return ids
}

// batchConfirm: POST /invoices/batch/confirm — what "Send reminders" would
// send and what it refuses, and why; nothing is queued yet.
func (u *UI) batchConfirm(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	ids := batchIDs(r)
	if len(ids) == 0 {
		http.Redirect(w, r, "/invoices?done=batch_none", http.StatusSeeOther)
		return
	}
	res, err := u.Reminders.CheckBatch(r.Context(), s.company.ID, ids)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	var d batchData
	for _, x := range res {
		if x.Status == "queued" {
			d.Send = append(d.Send, x)
		} else {
			d.Refused = append(d.Refused, x)
		}
	}
	u.render(w, r, "invoice_batch", &view{Title: "batch_title", Nav: "invoices", D: d})
}

// batchSend: POST /invoices/batch — queues one manual reminder per
// confirmed invoice (step 1's wording) and says how many went.
func (u *UI) batchSend(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	ids := batchIDs(r)
	if len(ids) == 0 {
		http.Redirect(w, r, "/invoices?done=batch_none", http.StatusSeeOther)
		return
	}
	res, err := u.Reminders.SendBatch(r.Context(), s.company.ID, ids, "", "")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	queued, refused := 0, 0
	for _, x := range res {
		if x.Status == "queued" {
			queued++
		} else {
			refused++
		}
	}
	q := url.Values{"done": {"batch"}, "queued": {strconv.Itoa(queued)}, "refused": {strconv.Itoa(refused)}}
	http.Redirect(w, r, "/invoices?"+q.Encode(), http.StatusSeeOther)
}
