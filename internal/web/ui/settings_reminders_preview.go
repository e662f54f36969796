package ui

import (
	"encoding/base64"
	"net/http"
	"regexp"

	"github.com/relance-app/relance/internal/reminder"
)

type previewData struct {
	Subject, Text, HTML string
	Error               string
	Empty               bool // no invoice to preview on
}

// settingsRemindersPreview renders the template named by the "preview"
// button on the chosen invoice, as the full branded email, into the
// settings page's preview frame. Nothing is saved or sent.
func (u *UI) settingsRemindersPreview(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	lang := s.user.Language
	stored, err := u.Store.ReminderSettings(r.Context(), s.company.ID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	st, _ := parseSettings(r, lang, stored)
	ref, tpl, ok := templateAt(st, r.FormValue("preview"))
	if !ok {
		ref, tpl, _ = templateAt(st, tplPath(1, lang))
	}
	tplLang := ref.Lang
	f := formFromRequest(r, st)
	d := previewData{}
	if f.PreviewInvoice == 0 {
		choices, err := u.previewChoices(r.Context(), s)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		if len(choices) == 0 {
			d.Empty = true
		} else {
			f.PreviewInvoice = choices[0].ID
		}
	}
	if !d.Empty {
		p, err := u.Reminders.Preview(r.Context(), s.company.ID, f.PreviewInvoice, tpl, tplLang)
		switch {
		case err == nil:
			d.Subject, d.Text, d.HTML = p.Subject, p.Text, inlineLogo(p.HTML, s.company.Logo, s.company.LogoType)
		case reminder.CheckPlaceholders(tpl.Subject+" "+tpl.Message) != nil:
			d.Error = translateReason(lang, placeholderReason(tpl))
		default:
			if fe, ok := fieldErrors(lang, err); ok {
				for _, m := range fe {
					d.Error = m
				}
			} else {
				u.fail(w, r, err)
				return
			}
		}
	}
	// This page is shown in a frame of the settings page.
	w.Header().Set("X-Frame-Options", "SAMEORIGIN")
	u.render(w, r, "preview", &view{Title: "preview_title", Bare: true, D: d})
}

// cidRef is an inline-image reference of the email's HTML part.
var cidRef = regexp.MustCompile(`cid:[A-Za-z0-9._@-]+`)

// inlineLogo shows the logo in the preview frame: the email refers to it
// by Content-ID, which a browser cannot resolve; the only inline image a
// reminder carries is the company's logo.
func inlineLogo(html string, logo []byte, typ string) string {
	if len(logo) == 0 || (typ != "image/png" && typ != "image/jpeg") {
		return html
	}
	return cidRef.ReplaceAllLiteralString(html, "data:"+typ+";base64,"+base64.StdEncoding.EncodeToString(logo))
}

// placeholderReason is the placeholder problem of a template, in the
// domain's words, for translateReason.
func placeholderReason(t reminder.Template) string {
	for _, s := range []string{t.Subject, t.Message} {
		if err := reminder.CheckPlaceholders(s); err != nil {
			msg := err.Error()
			if len(msg) > len("placeholder: ") {
				return msg[len("placeholder: "):]
			}
			return msg
		}
	}
	return ""
}
