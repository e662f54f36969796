package ui

import "net/http"

func (u *UI) settingsReminders(w http.ResponseWriter, r *http.Request) {
	st, err := u.Store.ReminderSettings(r.Context(), current(r).company.ID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	f := formFromSettings(st)
	f.Saved = r.URL.Query().Get("done") == "saved"
	u.renderReminders(w, r, f, nil, 0)
}
