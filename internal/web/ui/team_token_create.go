package ui

import (
	"net/http"
	"strings"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/invoice"
)

// maxTokenName bounds a token's name (a label for people).
const maxTokenName = 100

// teamTokenCreate makes an API token for this company and shows it once.
func (u *UI) teamTokenCreate(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	name := strings.TrimSpace(r.FormValue("name"))
	if name == "" || len([]rune(name)) > maxTokenName || invoice.HasControl(name) {
		u.renderTeam(w, r, &view{Errors: map[string]string{"name": tr(s.user.Language, "err_token_name", "Max", maxTokenName)},
			FormError: tr(s.user.Language, "form_has_errors")}, teamData{Name: name}, http.StatusUnprocessableEntity)
		return
	}
	token, hash := auth.NewToken()
	if _, err := u.Store.CreateToken(r.Context(), s.company.ID, name, hash); err != nil {
		u.fail(w, r, err)
		return
	}
	u.renderTeam(w, r, &view{Flash: "flash_token_created"}, teamData{NewToken: token}, http.StatusCreated)
}
