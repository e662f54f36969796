package ui

import (
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
)

// teamData is Settings → Team: who can sign in to this company, with which
// role, and the company's API tokens (never their secrets, except once
// right after creation).
type teamData struct {
	Members  []memberRow
	Tokens   []tokenRow
	NewToken string // shown once, right after creation
	Name     string // the token name typed, re-shown on error
}

type memberRow struct {
	ID             int64
	Email, Name    string
	Role           string
	Disabled, Self bool
}

type tokenRow struct {
	ID      int64
	Name    string
	Created invoice.Date
}

func (u *UI) team(w http.ResponseWriter, r *http.Request) {
	v := &view{}
	switch r.URL.Query().Get("done") {
	case "removed":
		v.Flash = "flash_member_removed"
	case "revoked":
		v.Flash = "flash_token_revoked"
	}
	u.renderTeam(w, r, v, teamData{}, 0)
}

// renderTeam loads the lists into d and shows the page.
func (u *UI) renderTeam(w http.ResponseWriter, r *http.Request, v *view, d teamData, status int) {
	s := current(r)
	ctx := r.Context()
	ms, err := u.Store.Members(ctx, s.company.ID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	ts, err := u.Store.Tokens(ctx, s.company.ID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	for _, m := range ms {
		d.Members = append(d.Members, memberRow{ID: m.ID, Email: m.Email, Name: m.Name, Role: m.Role,
			Disabled: m.DisabledAt != nil, Self: m.ID == s.user.ID})
	}
	for _, t := range ts {
		d.Tokens = append(d.Tokens, tokenRow{ID: t.ID, Name: t.Name, Created: invoice.LocalDate(t.CreatedAt, s.company.Location())})
	}
	v.Title, v.Nav, v.D = "settings_team_title", "settings", d
	if status != 0 {
		w.WriteHeader(status)
	}
	u.render(w, r, "settings_team", v)
}

// adminCount is how many enabled admins a company has.
func adminCount(ms []store.Member) int {
	n := 0
	for _, m := range ms {
		if m.Role == store.RoleAdmin && m.DisabledAt == nil {
			n++
		}
	}
	return n
}
