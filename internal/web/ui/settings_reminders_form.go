package ui

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

// The settings form names its inputs with the settings document's own
// paths ("steps[1].days", "steps[0].templates.fr.subject"), so that the
// validation errors of reminder.Settings land on their inputs unchanged.

type remindersForm struct {
	Enabled, AttachPDF    bool
	SendReceipts          bool
	Digest                bool
	SendTime, CatchUpDays string
	Timezone              string
	Steps                 []stepForm
	Manual                []manualForm
	InvoiceEmail          []tplForm
	Invoices              []invoiceChoice
	PreviewInvoice        int64
	// The schedule beyond its steps: a repeat after the last step, and
	// business days.
	RepeatOn                  bool
	RepeatEvery, RepeatMax    string
	SkipWeekends              bool
	Holidays                  string
	Regions                   []string
	CanAddStep, CanRemoveStep bool
	// Grouping and statements (docs/statements.md).
	GroupByCustomer   bool
	StatementsEnabled bool
	StatementDay      string
	Statement         []tplForm
	Saved             bool
	NoSMTP            bool // reminders stay in the outbox
}

type stepForm struct {
	Index, Number int
	Enabled       bool
	Days, When    string
	Action        string
	Fee           feeForm
	Templates     []tplForm
}

// feeForm is a step's late fee as the form shows it; Kind "" is none.
type feeForm struct {
	Kind, Amount, Percent, TaxRate, Cap string
}

// feePresetFR is the fee kind the form offers for France's "indemnité
// forfaitaire pour frais de recouvrement": a fixed 40.00 once per invoice
// (capped at 40.00), untaxed.
const feePresetFR = "preset_fr_indemnity"

func feeOf(f *reminder.LateFee) feeForm {
	if f == nil {
		return feeForm{}
	}
	return feeForm{Kind: f.Kind, Amount: f.Amount, Percent: f.Percent, TaxRate: f.TaxRate, Cap: f.Cap}
}

// manualForm is one case of the hand-sent reminder (due soon, due today,
// overdue) in each language.
type manualForm struct {
	Case      string
	Templates []tplForm
}

type tplForm struct {
	Path, Lang  string
	Step        int
	T           reminder.Template
	Salutations []string
}

type invoiceChoice struct {
	ID    int64
	Label string
}

func stepPath(i int) string { return fmt.Sprintf("steps[%d]", i) }

func tplPath(step int, lang string) string {
	if step == reminder.StepInvoice {
		return "invoice_email." + lang
	}
	if step == reminder.StepStatement {
		return "statement." + lang
	}
	return fmt.Sprintf("%s.templates.%s", stepPath(step-1), lang)
}

func manualPath(c, lang string) string { return "manual." + c + "." + lang }

// formFromSettings is the form showing stored settings.
func formFromSettings(st *reminder.Settings) *remindersForm {
	f := &remindersForm{Enabled: st.Enabled, AttachPDF: st.AttachPDF, SendReceipts: st.SendReceipts, SendTime: st.SendTime,
		CatchUpDays: strconv.Itoa(st.CatchUpDays), Timezone: st.Timezone, Digest: st.Digest, GroupByCustomer: st.GroupByCustomer,
		StatementsEnabled: st.Statements.Enabled, StatementDay: strconv.Itoa(st.Statements.DayOfMonth),
		SkipWeekends: st.BusinessDays.SkipWeekends,
		Holidays:     st.BusinessDays.Holidays, Regions: reminder.HolidayRegions, RepeatEvery: "30", RepeatMax: "3",
		CanAddStep: len(st.Steps) < reminder.MaxSteps, CanRemoveStep: len(st.Steps) > reminder.MinSteps}
	if st.Repeat != nil {
		f.RepeatOn, f.RepeatEvery, f.RepeatMax = true, strconv.Itoa(st.Repeat.EveryDays), strconv.Itoa(st.Repeat.Max)
	}
	for i, s := range st.Steps {
		sf := stepForm{Index: i, Number: i + 1, Enabled: s.Enabled, Days: strconv.Itoa(s.Days), When: s.When,
			Action: s.ActionOf(), Fee: feeOf(s.LateFee)}
		for _, l := range reminder.Languages {
			sf.Templates = append(sf.Templates, tplForm{Path: tplPath(i+1, l), Lang: l, Step: i + 1, T: s.Templates[l],
				Salutations: reminder.Salutations[l]})
		}
		f.Steps = append(f.Steps, sf)
	}
	for _, c := range reminder.ManualCases {
		mf := manualForm{Case: c}
		for _, l := range reminder.Languages {
			mf.Templates = append(mf.Templates, tplForm{Path: manualPath(c, l), Lang: l, Step: reminder.StepManual,
				T: st.ManualTemplate(c, l), Salutations: reminder.Salutations[l]})
		}
		f.Manual = append(f.Manual, mf)
	}
	for _, l := range reminder.Languages {
		f.InvoiceEmail = append(f.InvoiceEmail, tplForm{Path: tplPath(reminder.StepInvoice, l), Lang: l, Step: reminder.StepInvoice,
			T: st.Template(reminder.StepInvoice, l), Salutations: reminder.Salutations[l]})
		f.Statement = append(f.Statement, tplForm{Path: tplPath(reminder.StepStatement, l), Lang: l, Step: reminder.StepStatement,
			T: st.Template(reminder.StepStatement, l), Salutations: reminder.Salutations[l]})
	}
	return f
}

func readTemplate(r *http.Request, path string) reminder.Template {
	return reminder.Template{
		Subject:     strings.TrimSpace(r.FormValue(path + ".subject")),
		UseGreeting: r.FormValue(path+".use_greeting") != "",
		Salutation:  r.FormValue(path + ".salutation"),
		NameFormat:  r.FormValue(path + ".name_format"),
		Message:     strings.ReplaceAll(r.FormValue(path+".message"), "\r\n", "\n"),
	}
}

// parseSettings reads the posted form into settings, with the numbers that
// do not parse reported under their paths.
func parseSettings(r *http.Request, lang string, stored *reminder.Settings) (*reminder.Settings, map[string]string) {
	errs := map[string]string{}
	st := &reminder.Settings{Enabled: r.FormValue("enabled") != "", AttachPDF: r.FormValue("attach_pdf") != "",
		SendTime: strings.TrimSpace(r.FormValue("send_time")), Timezone: stored.Timezone, Manual: reminder.ManualTemplates{},
		InvoiceEmail: map[string]reminder.Template{}, SendReceipts: r.FormValue("send_receipts") != "",
		Digest:          r.FormValue("digest") != "",
		GroupByCustomer: r.FormValue("group_by_customer") != "", Statement: map[string]reminder.Template{}}
	for _, c := range reminder.ManualCases {
		st.Manual[c] = map[string]reminder.Template{}
		for _, l := range reminder.Languages {
			st.Manual[c][l] = readTemplate(r, manualPath(c, l))
		}
	}
	for _, l := range reminder.Languages {
		st.InvoiceEmail[l] = stored.InvoiceEmail[l]
		if r.Form.Has(tplPath(reminder.StepInvoice, l) + ".subject") {
			st.InvoiceEmail[l] = readTemplate(r, tplPath(reminder.StepInvoice, l))
		}
		st.Statement[l] = stored.Statement[l]
		if r.Form.Has(tplPath(reminder.StepStatement, l) + ".subject") {
			st.Statement[l] = readTemplate(r, tplPath(reminder.StepStatement, l))
		}
	}
	num := func(path string) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.FormValue(path)))
		if err != nil {
			errs[path] = tr(lang, "err_whole_number")
		}
		return n
	}
	st.CatchUpDays = num("catch_up_days")
	st.Statements = stored.Statements
	if r.Form.Has("statements.day_of_month") {
		st.Statements = reminder.Statements{Enabled: r.FormValue("statements.enabled") != "", DayOfMonth: num("statements.day_of_month")}
	}
	n := len(stored.Steps)
	if c, err := strconv.Atoi(r.FormValue("steps_count")); err == nil { // the form's own count (a step added, not saved)
		n = c
	}
	for i := range max(min(n, reminder.MaxSteps), 0) {
		p := stepPath(i)
		s := reminder.Step{Enabled: r.FormValue(p+".enabled") != "", Days: num(p + ".days"), When: r.FormValue(p + ".when"),
			Action: r.FormValue(p + ".action"), LateFee: readFee(r, p+".late_fee"), Templates: map[string]reminder.Template{}}
		for _, l := range reminder.Languages {
			s.Templates[l] = readTemplate(r, tplPath(i+1, l))
		}
		st.Steps = append(st.Steps, s)
	}
	if r.FormValue("repeat.on") != "" {
		st.Repeat = &reminder.Repeat{EveryDays: num("repeat.every_days"), Max: num("repeat.max")}
	}
	st.BusinessDays = reminder.BusinessDays{SkipWeekends: r.FormValue("business_days.skip_weekends") != "",
		Holidays: r.FormValue("business_days.holidays")}
	return st, errs
}

// readFee reads a step's fee fields; kind "" is no fee, the French preset
// fills its values.
func readFee(r *http.Request, p string) *reminder.LateFee {
	v := func(f string) string { return strings.TrimSpace(r.FormValue(p + "." + f)) }
	switch k := v("kind"); k {
	case "":
		return nil
	case feePresetFR:
		return &reminder.LateFee{Kind: reminder.FeeFixed, Amount: "40.00", Cap: "40.00"}
	case reminder.FeeFixed:
		return &reminder.LateFee{Kind: k, Amount: v("amount"), TaxRate: v("tax_rate"), Cap: v("cap")}
	case reminder.FeePercent:
		return &reminder.LateFee{Kind: k, Percent: v("percent"), TaxRate: v("tax_rate"), Cap: v("cap")}
	default:
		return &reminder.LateFee{Kind: k}
	}
}

// addStep appends a step to the form: 14 days after the last one (at most
// 90), with the default wording of its number.
func addStep(st *reminder.Settings) {
	if len(st.Steps) >= reminder.MaxSteps {
		return
	}
	s := reminder.Step{Enabled: true, Days: 14, When: reminder.After, Templates: map[string]reminder.Template{}}
	if n := len(st.Steps); n > 0 {
		last := st.Steps[n-1]
		s.Days, s.When = last.Days+14, last.When
		if last.When == reminder.Before {
			s.Days, s.When = 7, reminder.After
		}
		s.Days = min(s.Days, reminder.MaxDays)
	}
	for _, l := range reminder.Languages {
		s.Templates[l] = reminder.DefaultTemplate(len(st.Steps)+1, l)
	}
	st.Steps = append(st.Steps, s)
}

// removeStep takes step i out of the form (the last one stays).
func removeStep(st *reminder.Settings, i int) {
	if i >= 0 && i < len(st.Steps) && len(st.Steps) > reminder.MinSteps {
		st.Steps = append(st.Steps[:i:i], st.Steps[i+1:]...)
	}
}

// formFromRequest is the form as posted (values the user typed kept, even
// unparsable numbers).
func formFromRequest(r *http.Request, st *reminder.Settings) *remindersForm {
	f := formFromSettings(st)
	f.CatchUpDays = r.FormValue("catch_up_days")
	if r.Form.Has("statements.day_of_month") {
		f.StatementDay = r.FormValue("statements.day_of_month")
	}
	if r.Form.Has("steps_count") && r.FormValue("add_step") == "" && r.FormValue("remove_step") == "" {
		for i := range f.Steps {
			f.Steps[i].Days = r.FormValue(stepPath(i) + ".days")
		}
	}
	if r.FormValue("repeat.on") != "" {
		f.RepeatEvery, f.RepeatMax = r.FormValue("repeat.every_days"), r.FormValue("repeat.max")
	}
	f.PreviewInvoice, _ = strconv.ParseInt(r.FormValue("preview_invoice"), 10, 64)
	return f
}

// previewChoices are the latest open invoices, to preview templates on.
func (u *UI) previewChoices(ctx context.Context, s *session) ([]invoiceChoice, error) {
	invs, err := u.Store.ListInvoices(ctx, s.company.ID, store.InvoiceFilter{Open: true, Limit: 20})
	if err != nil {
		return nil, err
	}
	if len(invs) == 0 {
		// No open invoice: any invoice shows the wording.
		if invs, err = u.Store.ListInvoices(ctx, s.company.ID, store.InvoiceFilter{Limit: 20}); err != nil {
			return nil, err
		}
	}
	ids := make([]int64, len(invs))
	for i, inv := range invs {
		ids[i] = inv.CustomerID
	}
	names, err := u.Store.CustomerNames(ctx, s.company.ID, ids)
	if err != nil {
		return nil, err
	}
	out := make([]invoiceChoice, len(invs))
	for i, inv := range invs {
		out[i] = invoiceChoice{ID: inv.ID, Label: inv.Number + " — " + names[inv.CustomerID]}
	}
	return out, nil
}

func (u *UI) renderReminders(w http.ResponseWriter, r *http.Request, f *remindersForm, errs map[string]string, status int) {
	s := current(r)
	var err error
	if f.Invoices, err = u.previewChoices(r.Context(), s); err != nil {
		u.fail(w, r, err)
		return
	}
	f.NoSMTP = !u.MailConfigured
	v := &view{Title: "settings_reminders_title", Nav: "settings", Errors: errs, D: f}
	if len(errs) > 0 {
		v.FormError = tr(s.user.Language, "form_has_errors")
	}
	if f.Saved {
		v.Flash = "flash_saved"
	}
	if status != 0 {
		w.WriteHeader(status)
	}
	u.render(w, r, "settings_reminders", v)
}

// tplRef names one template of the settings: a step's, or a manual
// case's (Step is StepManual), in a language.
type tplRef struct {
	Step       int
	Case, Lang string
}

// templateAt finds the template a button names ("steps[1].templates.fr",
// "manual.overdue.fr").
func templateAt(st *reminder.Settings, path string) (ref tplRef, t reminder.Template, ok bool) {
	for _, l := range reminder.Languages {
		for _, c := range reminder.ManualCases {
			if path == manualPath(c, l) {
				return tplRef{reminder.StepManual, c, l}, st.ManualTemplate(c, l), true
			}
		}
		if path == tplPath(reminder.StepInvoice, l) {
			return tplRef{Step: reminder.StepInvoice, Lang: l}, st.InvoiceEmail[l], true
		}
		if path == tplPath(reminder.StepStatement, l) {
			return tplRef{Step: reminder.StepStatement, Lang: l}, st.Statement[l], true
		}
		for i := range st.Steps {
			if path == tplPath(i+1, l) {
				return tplRef{Step: i + 1, Lang: l}, st.Steps[i].Templates[l], true
			}
		}
	}
	return tplRef{}, reminder.Template{}, false
}

// defaultAt puts the built-in wording back at ref.
func defaultAt(st *reminder.Settings, ref tplRef) {
	if ref.Step == reminder.StepManual {
		st.Manual[ref.Case][ref.Lang] = reminder.DefaultManualTemplate(ref.Case, ref.Lang)
		return
	}
	if ref.Step == reminder.StepInvoice {
		st.InvoiceEmail[ref.Lang] = reminder.DefaultTemplate(reminder.StepInvoice, ref.Lang)
		return
	}
	if ref.Step == reminder.StepStatement {
		st.Statement[ref.Lang] = reminder.DefaultTemplate(reminder.StepStatement, ref.Lang)
		return
	}
	st.Steps[ref.Step-1].Templates[ref.Lang] = reminder.DefaultTemplate(ref.Step, ref.Lang)
}
