package reminder

import (
	"maps"
	"strings"
)

// Languages are the template languages, in display order.
var Languages = []string{"en", "fr"}

// Salutations and name formats offered by the UI, per language. The stored
// salutation is the greeting word itself.
var Salutations = map[string][]string{
	"en": {"Dear", "Hello", "Hi"},
	"fr": {"Bonjour", "Cher", "Chère", SalutationNoName},
}

// SalutationNoName stands alone, without a name ("Madame, Monsieur,").
const SalutationNoName = "Madame, Monsieur"

// retiredSalutations are salutations once offered that are not greetings
// ("To", "À l'attention de" address a letter); a stored one reads as the
// language's default greeting.
var retiredSalutations = map[string]bool{"To": true, "À l'attention de": true}

// subjectWords are the words the seed advises keeping in a subject.
var subjectWords = map[string]string{"en": "reminder", "fr": "rappel"}

// SubjectLacksReminderWord reports a subject without "Reminder" (en) or
// "Rappel" (fr): allowed, but the UI warns, as the seed advises keeping it.
func SubjectLacksReminderWord(subject, lang string) bool {
	w, ok := subjectWords[lang]
	if !ok {
		w = subjectWords["en"]
	}
	return strings.TrimSpace(subject) != "" && !strings.Contains(strings.ToLower(subject), w)
}

// Name formats for the greeting.
const (
	NameFirstLast   = "first_last"
	NameTitleLast   = "title_last"
	NameFirst       = "first"
	NameDisplayName = "display_name"
	NameCompanyName = "company_name"
)

// NameFormats lists the valid name formats, in the UI's order.
var NameFormats = []string{NameFirstLast, NameTitleLast, NameFirst, NameDisplayName, NameCompanyName}

// Default values of a new company's settings.
const (
	DefaultSendTime    = "09:00"
	DefaultCatchUpDays = 7
)

// defaultSchedule is when the three default steps fire.
var defaultSchedule = [defaultSteps]struct {
	days int
	when string
}{{3, Before}, {7, After}, {21, After}}

type wording struct{ subject, message string }

// defaultManualWording is the hand-sent reminder's wording by case, then
// language: it fits the invoice on the day it is sent. The texts put
// {{days_overdue}} after a colon so that no plural ever reads "1 days".
var defaultManualWording = map[string]map[string]wording{
	ManualDueSoon: {
		"en": {"Reminder: invoice {{invoice_number}} is due on {{due_date}}",
			"This is a friendly reminder that invoice {{invoice_number}}, with a balance due of {{balance_due}}, is due on {{due_date}}.\n\n" +
				"If you have already sent your payment, please disregard this message.\n\n" +
				"Thank you,\n{{company_name}}"},
		"fr": {"Rappel : facture {{invoice_number}} payable le {{due_date}}",
			"Nous vous rappelons que la facture {{invoice_number}}, d'un solde dû de {{balance_due}}, est payable le {{due_date}}.\n\n" +
				"Si vous avez déjà effectué votre paiement, veuillez ne pas tenir compte de ce courriel.\n\n" +
				"Merci,\n{{company_name}}"},
	},
	ManualDueToday: {
		"en": {"Reminder: invoice {{invoice_number}} is due today",
			"This is a friendly reminder that invoice {{invoice_number}}, with a balance due of {{balance_due}}, is due today.\n\n" +
				"If you have already sent your payment, please disregard this message.\n\n" +
				"Thank you,\n{{company_name}}"},
		"fr": {"Rappel : facture {{invoice_number}} payable aujourd'hui",
			"Nous vous rappelons que la facture {{invoice_number}}, d'un solde dû de {{balance_due}}, est payable aujourd'hui.\n\n" +
				"Si vous avez déjà effectué votre paiement, veuillez ne pas tenir compte de ce courriel.\n\n" +
				"Merci,\n{{company_name}}"},
	},
	ManualOverdue: {
		"en": {"Reminder: invoice {{invoice_number}} is overdue",
			"Our records show that invoice {{invoice_number}}, due on {{due_date}}, is overdue (days overdue: {{days_overdue}}) " +
				"and still has a balance due of {{balance_due}}.\n\n" +
				"If you have already sent your payment, thank you, and please disregard this message. " +
				"Otherwise, we would appreciate your payment at your earliest convenience.\n\n" +
				"Thank you,\n{{company_name}}"},
		"fr": {"Rappel : facture {{invoice_number}} en souffrance",
			"Selon nos dossiers, la facture {{invoice_number}}, échue le {{due_date}}, est en souffrance (jours de retard : {{days_overdue}}) " +
				"et présente toujours un solde dû de {{balance_due}}.\n\n" +
				"Si vous avez déjà effectué votre paiement, merci et veuillez ne pas tenir compte de ce courriel. " +
				"Sinon, nous vous serions reconnaissants de bien vouloir régler ce montant dans les meilleurs délais.\n\n" +
				"Merci,\n{{company_name}}"},
	},
}

// defaultSteps is the number of steps of a new company's schedule, and of
// default wordings: a step added after them starts from the last one's.
const defaultSteps = 3

// defaultWording is indexed by step (0 = manual: the overdue wording),
// then language. The texts avoid {{days_overdue}} so that no plural ever
// reads "1 days". Steps 4 to MaxSteps (and repeats) use step 3's.
var defaultWording = [defaultSteps + 1]map[string]wording{
	StepManual: defaultManualWording[ManualOverdue],
	1: {
		"en": {"Reminder: invoice {{invoice_number}} is due on {{due_date}}",
			"This is a friendly reminder that invoice {{invoice_number}}, with a balance due of {{balance_due}}, is due on {{due_date}}.\n\n" +
				"If you have already sent your payment, please disregard this message.\n\n" +
				"Thank you,\n{{company_name}}"},
		"fr": {"Rappel : facture {{invoice_number}} payable le {{due_date}}",
			"Nous vous rappelons que la facture {{invoice_number}}, d'un solde dû de {{balance_due}}, est payable le {{due_date}}.\n\n" +
				"Si vous avez déjà effectué votre paiement, veuillez ne pas tenir compte de ce courriel.\n\n" +
				"Merci,\n{{company_name}}"},
	},
	2: {
		"en": {"Reminder: invoice {{invoice_number}} is overdue",
			"Our records show that invoice {{invoice_number}}, due on {{due_date}}, still has a balance due of {{balance_due}}.\n\n" +
				"If you have already sent your payment, thank you, and please disregard this message. " +
				"Otherwise, we would appreciate your payment at your earliest convenience.\n\n" +
				"Thank you,\n{{company_name}}"},
		"fr": {"Rappel : facture {{invoice_number}} en souffrance",
			"Selon nos dossiers, la facture {{invoice_number}}, échue le {{due_date}}, présente toujours un solde dû de {{balance_due}}.\n\n" +
				"Si vous avez déjà effectué votre paiement, merci et veuillez ne pas tenir compte de ce courriel. " +
				"Sinon, nous vous serions reconnaissants de bien vouloir régler ce montant dans les meilleurs délais.\n\n" +
				"Merci,\n{{company_name}}"},
	},
	3: {
		"en": {"Reminder: invoice {{invoice_number}} is past due",
			"Invoice {{invoice_number}} was due on {{due_date}} and a balance of {{balance_due}} remains unpaid. " +
				"Please send your payment as soon as possible, or reply to this email if there is a problem with this invoice.\n\n" +
				"If you have already paid, thank you, and please disregard this message.\n\n" +
				"{{company_name}}"},
		"fr": {"Rappel : facture {{invoice_number}} toujours impayée",
			"La facture {{invoice_number}}, échue le {{due_date}}, présente un solde dû de {{balance_due}} qui demeure impayé. " +
				"Nous vous prions de régler ce montant dès que possible, ou de répondre à ce courriel si cette facture pose problème.\n\n" +
				"Si vous avez déjà effectué votre paiement, merci et veuillez ne pas tenir compte de ce courriel.\n\n" +
				"{{company_name}}"},
	},
}

// otherWording is the invoice email's and the receipt's. The receipt's
// {{payment_amount}} is filled when the receipt is queued (ReceiptTemplate).
var otherWording = map[int]map[string]wording{
	StepInvoice: {
		"en": {"Invoice {{invoice_number}} from {{company_name}}",
			"Please find attached invoice {{invoice_number}} for {{invoice_total}}, due on {{due_date}}.\n\n" +
				"You can also view it online with the button below.\n\n" +
				"Thank you for your business,\n{{company_name}}"},
		"fr": {"Facture {{invoice_number}} de {{company_name}}",
			"Veuillez trouver ci-joint la facture {{invoice_number}} d'un montant de {{invoice_total}}, payable le {{due_date}}.\n\n" +
				"Vous pouvez aussi la consulter en ligne avec le bouton ci-dessous.\n\n" +
				"Merci de votre confiance,\n{{company_name}}"},
	},
	// A statement and a grouped message: the table of open invoices and
	// the total follow the message. Placeholders read across the invoices
	// (StatementValues).
	StepStatement: {
		"en": {"Statement of account from {{company_name}}",
			"Please find below the invoices still open on your account, for a total due of {{balance_due}}.\n\n" +
				"If you have already sent your payment, thank you, and please disregard this message.\n\n" +
				"Thank you,\n{{company_name}}"},
		"fr": {"Relevé de compte de {{company_name}}",
			"Veuillez trouver ci-dessous les factures encore ouvertes à votre compte, pour un total dû de {{balance_due}}.\n\n" +
				"Si vous avez déjà effectué votre paiement, merci et veuillez ne pas tenir compte de ce courriel.\n\n" +
				"Merci,\n{{company_name}}"},
	},
	StepReceipt: {
		"en": {"Payment received: invoice {{invoice_number}}",
			"Thank you: we received your payment of {{payment_amount}} for invoice {{invoice_number}}.\n\n" +
				"Balance left: {{balance_due}}.\n\n{{company_name}}"},
		"fr": {"Paiement reçu : facture {{invoice_number}}",
			"Merci : nous avons bien reçu votre paiement de {{payment_amount}} pour la facture {{invoice_number}}.\n\n" +
				"Solde restant : {{balance_due}}.\n\n{{company_name}}"},
	},
}

// defaultGreeting is the greeting a new template starts with.
var defaultGreeting = map[string]string{"en": "Hello", "fr": "Bonjour"}

// DefaultTemplate is the built-in template of a step (StepManual for the
// hand-sent reminder) in a language, for new companies and the UI's
// "Use default" button. An unknown language gets English, an unknown step
// the manual template.
func DefaultTemplate(step int, lang string) Template {
	words := otherWording[step]
	if words == nil {
		if step < StepManual || step > MaxStepNumber {
			step = StepManual
		}
		words = defaultWording[min(step, defaultSteps)]
	}
	w, ok := words[lang]
	if !ok {
		lang = "en"
		w = words[lang]
	}
	return templateOf(w, lang)
}

// templateOf is a default template: greeting on, by first name.
func templateOf(w wording, lang string) Template {
	return Template{
		Subject:     w.subject,
		UseGreeting: true,
		Salutation:  defaultGreeting[lang],
		NameFormat:  NameFirst,
		Message:     w.message,
	}
}

// DefaultManualTemplate is the built-in wording of a hand-sent reminder
// for a case in a language; an unknown case is overdue, an unknown
// language English.
func DefaultManualTemplate(c, lang string) Template {
	m, ok := defaultManualWording[c]
	if !ok {
		m = defaultManualWording[ManualOverdue]
	}
	w, ok := m[lang]
	if !ok {
		lang = "en"
		w = m[lang]
	}
	return templateOf(w, lang)
}

func defaultManualTemplates() ManualTemplates {
	out := ManualTemplates{}
	for _, c := range ManualCases {
		out[c] = map[string]Template{}
		for _, l := range Languages {
			out[c][l] = DefaultManualTemplate(c, l)
		}
	}
	return out
}

func defaultTemplates(step int) map[string]Template {
	m := make(map[string]Template, len(Languages))
	for _, l := range Languages {
		m[l] = DefaultTemplate(step, l)
	}
	return m
}

// DefaultSettings are a new company's settings: everything prepared, but
// automatic reminders off until the user turns them on.
func DefaultSettings(timezone string) Settings {
	s := Settings{
		Enabled:      false,
		AttachPDF:    true,
		SendTime:     DefaultSendTime,
		Timezone:     timezone,
		CatchUpDays:  DefaultCatchUpDays,
		Cadence:      Cadence{Steps: make([]Step, defaultSteps)},
		Manual:       defaultManualTemplates(),
		InvoiceEmail: defaultTemplates(StepInvoice),
		Statements:   Statements{DayOfMonth: 1},
		Statement:    defaultTemplates(StepStatement),
	}
	for i, d := range defaultSchedule {
		s.Steps[i] = Step{Enabled: true, Days: d.days, When: d.when, Templates: defaultTemplates(i + 1)}
	}
	return s
}

// Normalize fills what an older or partial settings document lacks: missing
// languages and the manual templates come from the defaults, and an empty
// salutation or name format gets the language's default so that ticking
// "use greeting" later has a sensible value. It never changes the number of
// steps nor any value the user chose.
func (s *Settings) Normalize() {
	manual := ManualTemplates{}
	for _, c := range ManualCases {
		manual[c] = normalizeTemplates(s.Manual[c], func(l string) Template { return DefaultManualTemplate(c, l) })
	}
	s.Manual = manual
	s.InvoiceEmail = normalizeTemplates(s.InvoiceEmail, func(l string) Template { return DefaultTemplate(StepInvoice, l) })
	s.Statement = normalizeTemplates(s.Statement, func(l string) Template { return DefaultTemplate(StepStatement, l) })
	if s.Statements.DayOfMonth == 0 {
		s.Statements.DayOfMonth = 1
	}
	for i := range s.Steps {
		if i >= MaxSteps {
			break
		}
		step := i + 1
		s.Steps[i].Templates = normalizeTemplates(s.Steps[i].Templates, func(l string) Template { return DefaultTemplate(step, l) })
	}
}

func normalizeTemplates(m map[string]Template, def func(lang string) Template) map[string]Template {
	out := make(map[string]Template, len(Languages))
	maps.Copy(out, m)
	for _, l := range Languages {
		t, ok := out[l]
		if !ok {
			out[l] = def(l)
			continue
		}
		d := def(l)
		if t.Salutation == "" || retiredSalutations[t.Salutation] {
			t.Salutation = d.Salutation
		}
		if t.NameFormat == "" {
			t.NameFormat = d.NameFormat
		}
		out[l] = t
	}
	return out
}

// Template is the template for a step (StepManual included; a repeat has
// the last step's) in a language,
// falling back to English, then to the built-in default, so that a send
// never fails for want of wording.
func (s *Settings) Template(step int, lang string) Template {
	var m map[string]Template
	switch {
	case step == StepManual:
		return s.ManualTemplate(ManualOverdue, lang)
	case step == StepInvoice:
		m = s.InvoiceEmail
	case step == StepStatement:
		m = s.Statement
	case step >= 1:
		if st, ok := s.StepAt(step); ok { // a repeat: the last step's
			m = st.Templates
		}
	}
	if t, ok := m[lang]; ok {
		return t
	}
	if _, known := defaultWording[StepManual][lang]; !known {
		if t, ok := m["en"]; ok {
			return t
		}
	}
	return DefaultTemplate(step, lang)
}

// ManualTemplate is the hand-sent reminder's template for a case in a
// language, falling back like Template.
func (s *Settings) ManualTemplate(c, lang string) Template {
	m := s.Manual[c]
	if t, ok := m[lang]; ok {
		return t
	}
	if _, known := defaultWording[StepManual][lang]; !known {
		if t, ok := m["en"]; ok {
			return t
		}
	}
	return DefaultManualTemplate(c, lang)
}

// ReceiptTemplate is the receipt in lang with the amount received written
// in (formatted for lang): it is the one value a placeholder cannot give.
func ReceiptTemplate(lang, amount string) Template {
	t := DefaultTemplate(StepReceipt, lang)
	t.Message = strings.ReplaceAll(t.Message, "{{payment_amount}}", amount)
	return t
}
