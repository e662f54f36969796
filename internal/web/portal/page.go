package portal

import (
	"bytes"
	"embed"
	"encoding/base64"
	"html/template"
	"net/http"

	"github.com/relance-app/relance/internal/color"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

//go:embed templates
var assets embed.FS

var pageTmpl = template.Must(template.New("").Funcs(template.FuncMap{
	"t": func(lang, id string, kv ...any) string {
		data := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			data[kv[i].(string)] = kv[i+1]
		}
		return i18n.T(lang, id, data)
	},
	"money": func(minor int64, cur, lang string) string { return money.Format(minor, cur, lang) },
	"date":  func(d invoice.Date, lang string) string { return invoice.FormatDate(d, lang) },
	"qty":   func(q int64) string { return money.FormatDecimalTrim(q, invoice.QtyScale) },
	"rate":  invoice.Percent,
	// linetaxes is a line's tax column: "TPS + TVQ (14,975 %)", "0 %" for none.
	"linetaxes": func(l invoice.Line, lang string) string {
		if ts := l.Taxes(); len(ts) > 0 {
			return invoice.TaxesLabel(ts, lang)
		}
		return invoice.Percent(0, lang)
	},
	"taxlabel": func(t invoice.LineTax, taxWord, lang string) string { return t.Label(taxWord, lang) },
}).ParseFS(assets, "templates/*"))

// pageData is what the invoice page shows.
type pageData struct {
	L, Token             string
	Company              *invoice.Company
	Customer             *invoice.Customer
	Inv                  *invoice.Invoice
	Status, StatusClass  string
	Logo                 template.URL // data: URI
	Instructions         string
	PayURL               string
	Open                 bool
	Activity             invoice.Activity
	MinDate, MaxDate     string
	Done                 string // a confirmation after a form
	DateValue, Message   string // what the customer typed, re-shown
	DateError, MsgError  string
	Color, TextOnColor   string
	MaxPromise, MaxChars int
}

// page is GET /i/{token}: the invoice, in the customer's language (or the
// one chosen with ?lang=), counted as a view unless a company user opens it.
func (p *Portal) page(w http.ResponseWriter, r *http.Request, l link) {
	// HEAD is a link checker, not a reader.
	if r.Method == http.MethodGet && (p.IsCompanyUser == nil || !p.IsCompanyUser(r, l.companyID)) {
		if err := p.Store.RecordView(r.Context(), l.companyID, l.invoiceID); err != nil {
			p.fail(w, r, err)
			return
		}
	}
	d, err := p.load(r, l)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	switch r.URL.Query().Get("done") {
	case "promise":
		d.Done = i18n.T(d.L, "portal_done_promise", map[string]any{"Company": d.Company.Name})
	case "dispute":
		d.Done = i18n.T(d.L, "portal_done_dispute", map[string]any{"Company": d.Company.Name})
	}
	p.render(w, http.StatusOK, d)
}

// load reads what the page shows.
func (p *Portal) load(r *http.Request, l link) (*pageData, error) {
	ctx := r.Context()
	co, err := p.Store.GetCompany(ctx, l.companyID)
	if err != nil {
		return nil, err
	}
	inv, cu, err := p.Store.InvoiceAndCustomer(ctx, l.companyID, l.invoiceID)
	if err != nil {
		return nil, err
	}
	lang := cu.Language
	if q := r.FormValue("lang"); q != "" {
		lang = i18n.Lang(q)
	}
	if !invoice.ValidLanguage(lang) {
		lang = co.Language
	}
	today := invoice.LocalDate(p.Now(), co.Location())
	d := &pageData{L: lang, Token: r.PathValue("token"), Company: co, Customer: cu, Inv: inv,
		Instructions: co.PaymentInstructions(lang), Open: inv.Open() && !inv.Draft,
		Activity: invoice.ActivityOf(inv, today), MinDate: today.AddDays(1).String(),
		MaxDate: today.AddDays(invoice.MaxPromiseDays).String(), MaxPromise: invoice.MaxPromiseDays,
		MaxChars: invoice.MaxDisputeMessage}
	d.Status, d.StatusClass = i18n.StatusLabel(lang, invoice.StatusOf(inv, today))
	if d.Open {
		d.PayURL = invoice.PayURL(co, inv)
	}
	if len(co.Logo) > 0 && (co.LogoType == "image/png" || co.LogoType == "image/jpeg") {
		d.Logo = template.URL("data:" + co.LogoType + ";base64," + base64.StdEncoding.EncodeToString(co.Logo))
	}
	d.Color, d.TextOnColor = brandColors(co.BrandColor)
	return d, nil
}

// render writes the page with a CSP that allows its one <style> block (by
// hash) and inline images (the logo), nothing else.
func (p *Portal) render(w http.ResponseWriter, code int, d *pageData) {
	var css bytes.Buffer
	if err := pageTmpl.ExecuteTemplate(&css, "style", d); err != nil {
		p.Log.Error("portal: render style", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var b bytes.Buffer
	if err := pageTmpl.ExecuteTemplate(&b, "page", struct {
		*pageData
		CSS template.CSS
	}{d, template.CSS(css.String())}); err != nil {
		p.Log.Error("portal: render page", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src "+styleHash(css.String())+
		"; img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(b.Bytes())
}

// brandColors is the company colour (the default when it has none) and
// the text colour readable on it.
func brandColors(c string) (bg, fg string) {
	rgb := color.OrDefault(c)
	return rgb.Hex(), rgb.TextOn()
}
