package ui

import "net/http"

// reminderPreview renders the manual reminder as typed, on this invoice,
// as the full branded email the customer will get, into the form's
// preview frame. Nothing is saved or sent.
func (u *UI) reminderPreview(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	lang := s.user.Language
	id, err := pathID(r, "id")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d, err := u.reminderPage(r, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	errs := manualFields(r, lang, d)
	pd := previewData{}
	for _, f := range []string{"subject", "message"} {
		if m, bad := errs[f]; bad && pd.Error == "" {
			pd.Error = tr(lang, "field_"+f) + " : " + m
			if lang != "fr" {
				pd.Error = tr(lang, "field_"+f) + ": " + m
			}
		}
	}
	if pd.Error == "" {
		tpl := d.Tpl
		tpl.Subject, tpl.Message = d.Subject, d.Message
		p, err := u.Reminders.Preview(r.Context(), s.company.ID, id, tpl, d.Lang)
		if err != nil {
			fe, ok := fieldErrors(lang, err)
			if !ok {
				u.fail(w, r, err)
				return
			}
			for _, m := range fe {
				pd.Error = m
			}
		} else {
			pd.Subject, pd.Text, pd.HTML = p.Subject, p.Text, inlineLogo(p.HTML, s.company.Logo, s.company.LogoType)
		}
	}
	w.Header().Set("X-Frame-Options", "SAMEORIGIN")
	u.render(w, r, "preview", &view{Title: "preview_title", Bare: true, D: pd})
}
