package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/report"
	"github.com/relance-app/relance/internal/store"
)

//go:embed all:templates static
var assets embed.FS

// view is what every page template receives. Title and Flash are message
// ids; D is the page's own data.
type view struct {
	L           string
	Title       string
	Nav         string
	User        *store.User
	Company     *invoice.Company
	Memberships []store.Membership
	CSRF        string
	Path        string
	Flash       string
	Errors      map[string]string // field → message, already translated
	FormError   string            // translated
	Bare        bool              // no header: a page shown in a frame
	Admin       bool              // the signed-in user is an admin of Company
	D           any
}

type pageTemplate struct{ t *template.Template }

// parsePages builds one template per page: the layout, the shared
// partials, and the page's own file defining "content".
func parsePages() map[string]*pageTemplate {
	base := template.Must(template.New("").Funcs(funcs).ParseFS(assets, "templates/_*.html"))
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*pageTemplate{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if strings.HasPrefix(name, "_") {
			continue
		}
		t := template.Must(template.Must(base.Clone()).ParseFS(assets, f))
		out[name] = &pageTemplate{t: t}
	}
	return out
}

// render writes a page; it buffers so that a template error becomes a 500
// rather than half a page.
func (u *UI) render(w http.ResponseWriter, r *http.Request, name string, v *view) {
	p, ok := u.pages[name]
	if !ok {
		panic("ui: no page " + name)
	}
	if s := current(r); s != nil {
		v.User, v.Company, v.Memberships, v.CSRF = s.user, s.company, s.memberships, s.s.CSRFToken
		v.Admin = s.admin()
		if v.L == "" {
			v.L = s.user.Language
		}
	}
	if v.L == "" {
		// A public page (sign-in, a 404 of /setup) seen by a signed-in
		// user speaks their language.
		if sess, err := u.load(r); err == nil {
			v.L = sess.user.Language
		}
	}
	if v.L == "" {
		v.L = requestLang(r)
	}
	v.L = i18n.Lang(v.L)
	if v.Path == "" {
		v.Path = returnPath(r)
	}
	layout := "layout"
	if v.User == nil || v.Bare {
		layout = "bare"
	}
	var b bytes.Buffer
	if err := p.t.ExecuteTemplate(&b, layout, v); err != nil {
		u.Log.Error("ui: render", "page", name, "err", err)
		u.plainError(w, r, http.StatusInternalServerError, "error_internal")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b.Bytes())
}

// requestLang is the language of an anonymous visitor, from the browser.
func requestLang(r *http.Request) string {
	if q := r.URL.Query().Get("lang"); q != "" {
		return i18n.Lang(q)
	}
	for part := range strings.SplitSeq(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		if tag == "" {
			continue
		}
		if l := i18n.Lang(tag); strings.HasPrefix(strings.ToLower(tag), l) {
			return l
		}
	}
	return "en"
}

type errorPage struct{ Message string }

// plainError answers a short plain-text error (a template failed, a POST
// without a session) in the asker's language: the user's when signed in,
// else the browser's.
func (u *UI) plainError(w http.ResponseWriter, r *http.Request, status int, id string) {
	lang := requestLang(r)
	if s := current(r); s != nil {
		lang = s.user.Language
	}
	http.Error(w, tr(i18n.Lang(lang), id), status)
}

// fail answers an error: 404 for not-found (which is also what another
// company's ids get), 500 otherwise, logged.
func (u *UI) fail(w http.ResponseWriter, r *http.Request, err error) {
	if invoice.IsNotFound(err) {
		u.notFound(w, r)
		return
	}
	u.Log.Error("ui: request failed", "path", r.URL.Path, "err", err)
	w.WriteHeader(http.StatusInternalServerError)
	u.render(w, r, "error", &view{Title: "error_title", D: errorPage{Message: "error_internal"}})
}

func (u *UI) notFound(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNotFound)
	u.render(w, r, "error", &view{Title: "error_not_found_title", D: errorPage{Message: "error_not_found"}})
}

// tr builds a translation data map from key/value pairs.
func tr(lang, id string, kv ...any) string {
	if len(kv) == 0 {
		return i18n.T(lang, id, nil)
	}
	data := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		data[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return i18n.T(lang, id, data)
}

var funcs = template.FuncMap{
	"t":     tr,
	"money": func(minor int64, cur, lang string) string { return money.Format(minor, cur, lang) },
	"date":  invoice.FormatDateMedium,
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"placeholders": func() []string { return reminder.Placeholders },
	"nameFormats":  func() []string { return reminder.NameFormats },
	"stepActions":  func() []string { return []string{reminder.ActionEmail, reminder.ActionNotify, reminder.ActionBoth} },
	"langs":        func() []string { return i18n.Languages },
	"eq2":          func(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) },
	"add":          func(a, b int) int { return a + b },
	"kb":           sizeKB,
	"importReason": importReason,
	"subjectLacks": reminder.SubjectLacksReminderWord,
	"qty": func(q int64, lang string) string {
		return localDecimal(money.FormatDecimalTrim(q, invoice.QtyScale), lang)
	},
	"reportDate": reportDate,
	"decimal":    decimalLang,
	"stepName":   report.StepName,
	// errUnder reports whether a field under prefix (a template's path)
	// was refused, so that the closed section holding it opens.
	"errUnder": func(errs map[string]string, prefix string) bool {
		for k := range errs {
			if strings.HasPrefix(k, prefix+".") || k == prefix {
				return true
			}
		}
		return false
	},
	// invalid marks an input whose value was refused, for screen readers
	// and the red border.
	"invalid": func(errs map[string]string, name string) template.HTMLAttr {
		if _, ok := errs[name]; ok {
			return template.HTMLAttr(`aria-invalid="true" aria-describedby="` + template.HTMLEscapeString(name) + `-err"`)
		}
		return ""
	},
}

// sizeKB is a size for people: en "8.0 KB", fr "8,0 Ko".
func sizeKB(n int, lang string) string {
	s := fmt.Sprintf("%.1f", float64(n)/1024)
	if lang == "fr" {
		return localDecimal(s, lang) + "\u00a0Ko"
	}
	return s + " KB"
}

// staticFiles is the static folder alone: a path can name nothing else
// (the templates beside it included), however it is encoded.
var staticFiles = http.StripPrefix("/static/", http.FileServerFS(mustSub(assets, "static")))

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// static serves the embedded CSS and JS.
func (u *UI) static(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=3600")
	staticFiles.ServeHTTP(w, r)
}

// returnPath is where the language switch comes back to: this page, or for
// a form re-shown after a POST, the GET page of that form (a POST-only URL
// would answer 405).
func returnPath(r *http.Request) string {
	if r.Method == http.MethodGet {
		return r.URL.RequestURI()
	}
	p := r.URL.Path
	switch {
	case strings.HasSuffix(p, "/payments"), strings.HasSuffix(p, "/reminders") && strings.HasPrefix(p, "/invoices/"):
		return p + "/new"
	case strings.HasSuffix(p, "/preview"):
		return strings.TrimSuffix(p, "/preview")
	}
	return p
}
