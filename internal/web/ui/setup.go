package ui

import (
	"net/http"
	"strings"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
)

type setupData struct {
	CompanyName, Timezone, Language, Currency, Name, Email string
	ReplyTo, Address                                       string
	Timezones                                              []string
	Code                                                   string // the one-time set-up code
}

// firstRun reports whether the database has no user yet; otherwise the
// set-up pages do not exist (404), so that nobody can create an admin later.
func (u *UI) firstRun(w http.ResponseWriter, r *http.Request) bool {
	n, err := u.Store.CountUsers(r.Context())
	if err != nil {
		u.fail(w, r, err)
		return false
	}
	if n > 0 {
		u.notFound(w, r)
		return false
	}
	return true
}

func (u *UI) setupForm(w http.ResponseWriter, r *http.Request) {
	if !u.firstRun(w, r) || !u.setupHostOK(w, r) {
		return
	}
	lang := requestLang(r)
	u.render(w, r, "setup", &view{Title: "setup_title", L: lang, D: setupData{Timezone: invoice.DefaultTimezone, Language: lang,
		Currency: invoice.DefaultCurrency, Timezones: timezoneChoices(invoice.DefaultTimezone), Code: r.URL.Query().Get("code")}})
}

// setup creates the first company and its admin, then signs them in.
func (u *UI) setup(w http.ResponseWriter, r *http.Request) {
	u.setupMu.Lock()
	defer u.setupMu.Unlock()
	if !u.firstRun(w, r) || !u.setupHostOK(w, r) {
		return
	}
	d := setupData{CompanyName: strings.TrimSpace(r.FormValue("company_name")), Timezone: strings.TrimSpace(r.FormValue("timezone")),
		Language: r.FormValue("language"), Currency: strings.ToUpper(strings.TrimSpace(r.FormValue("currency"))),
		Name: strings.TrimSpace(r.FormValue("name")), Email: strings.TrimSpace(r.FormValue("email")), Code: strings.TrimSpace(r.FormValue("code")),
		ReplyTo: strings.TrimSpace(r.FormValue("reply_to")), Address: strings.TrimSpace(strings.ReplaceAll(r.FormValue("address"), "\r\n", "\n"))}
	d.Timezones = timezoneChoices(d.Timezone)
	replyTo := d.ReplyTo
	if replyTo == "" {
		replyTo = d.Email // customers' replies reach the admin until changed
	}
	lang := invoiceLang(d.Language, requestLang(r))
	if !u.setupCodeOK(r) {
		w.WriteHeader(http.StatusForbidden)
		u.render(w, r, "setup", &view{Title: "setup_title", L: lang, Errors: map[string]string{"code": tr(lang, "err_setup_code")}, D: d})
		return
	}
	errs := map[string]string{}
	co := &invoice.Company{Name: d.CompanyName, Email: replyTo, Address: d.Address, Timezone: d.Timezone, Language: d.Language, Currency: d.Currency}
	if err := co.Validate(); err != nil {
		fe, _ := fieldErrors(lang, err)
		for k, v := range fe {
			switch k {
			case "name":
				k = "company_name"
			case "email":
				k = "reply_to"
			}
			errs[k] = v
		}
	}
	if invoice.ValidEmail(d.Email) != nil {
		errs["email"] = tr(lang, "err_email_one")
	}
	hash, err := auth.HashPassword(r.FormValue("password"))
	if err != nil {
		errs["password"] = passwordError(lang, err)
	}
	if len(errs) > 0 {
		w.WriteHeader(http.StatusUnprocessableEntity)
		u.render(w, r, "setup", &view{Title: "setup_title", L: lang, Errors: errs, D: d})
		return
	}
	ctx := r.Context()
	if err := u.Store.CreateCompany(ctx, co); err != nil {
		u.fail(w, r, err)
		return
	}
	user := &store.User{Email: d.Email, Name: d.Name, PasswordHash: hash, Language: lang}
	if err := u.Store.CreateUser(ctx, user, co.ID, store.RoleAdmin); err != nil {
		u.fail(w, r, err)
		return
	}
	if err := u.startSession(w, r, user.ID, co.ID); err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/invoices", http.StatusSeeOther) // where the getting-started checklist is
}

// invoiceLang is l when it is a supported language, else def.
func invoiceLang(l, def string) string {
	if invoice.ValidLanguage(l) {
		return l
	}
	return def
}
