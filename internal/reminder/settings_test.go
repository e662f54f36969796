package reminder

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
)

func TestDefaultSettings(t *testing.T) {
	t.Parallel()
	s := DefaultSettings("America/Toronto")
	if s.Enabled || !s.AttachPDF || s.SendTime != "09:00" || s.CatchUpDays != 7 || s.Timezone != "America/Toronto" {
		t.Errorf("defaults = %+v", s)
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("default settings invalid: %v", err)
	}
	wantSteps := []struct {
		days int
		when string
	}{{3, Before}, {7, After}, {21, After}}
	if len(s.Steps) != len(wantSteps) {
		t.Fatalf("%d steps", len(s.Steps))
	}
	for i, w := range wantSteps {
		st := s.Steps[i]
		if !st.Enabled || st.Days != w.days || st.When != w.when {
			t.Errorf("step %d = %+v", i+1, st)
		}
	}
	in := renderFixture()
	in.Today = day("2026-12-12")
	for step := StepManual; step <= MaxSteps; step++ {
		for _, lang := range Languages {
			tpl := s.Template(step, lang)
			if tpl != DefaultTemplate(step, lang) {
				t.Errorf("step %d %s: settings template differs from DefaultTemplate", step, lang)
			}
			word := map[string]string{"en": "Reminder", "fr": "Rappel"}[lang]
			if !strings.Contains(tpl.Subject, word) {
				t.Errorf("step %d %s: subject %q lacks %q", step, lang, tpl.Subject, word)
			}
			for _, p := range []string{"{{invoice_number}}", "{{balance_due}}", "{{due_date}}"} {
				if !strings.Contains(tpl.Subject+tpl.Message, p) {
					t.Errorf("step %d %s: wording lacks %s", step, lang, p)
				}
			}
			in.Template, in.Lang = tpl, lang
			r, err := Render(in)
			if err != nil {
				t.Errorf("step %d %s: %v", step, lang, err)
			}
			// First-name greetings by default.
			wantGreeting := map[string]string{"en": "Hello Élodie,", "fr": "Bonjour Élodie,"}[lang]
			if r.Greeting != wantGreeting {
				t.Errorf("step %d %s: greeting %q", step, lang, r.Greeting)
			}
		}
	}
	// Each call gets its own maps: editing one company's settings must not
	// change another's.
	s.Steps[0].Templates["en"] = Template{Subject: "changed"}
	if DefaultSettings("UTC").Steps[0].Templates["en"].Subject == "changed" {
		t.Error("default templates are shared between calls")
	}
	if DefaultTemplate(MaxStepNumber+1, "de") != DefaultTemplate(StepManual, "en") {
		t.Error("unknown step/language should fall back to the English manual template")
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		edit  func(*Settings)
		field string // "" = valid
		msg   string // substring of the field's message
	}{
		{name: "defaults", edit: func(*Settings) {}},
		{name: "send time 25:00", edit: func(s *Settings) { s.SendTime = "25:00" }, field: "send_time", msg: "HH:MM"},
		{name: "send time 9:00", edit: func(s *Settings) { s.SendTime = "9:00" }, field: "send_time"},
		{name: "send time 09:60", edit: func(s *Settings) { s.SendTime = "09:60" }, field: "send_time"},
		{name: "send time empty", edit: func(s *Settings) { s.SendTime = "" }, field: "send_time"},
		{name: "send time 23:59", edit: func(s *Settings) { s.SendTime = "23:59" }},
		{name: "send time 00:00", edit: func(s *Settings) { s.SendTime = "00:00" }},
		{name: "timezone empty", edit: func(s *Settings) { s.Timezone = "" }, field: "timezone"},
		{name: "timezone Local", edit: func(s *Settings) { s.Timezone = "Local" }, field: "timezone"},
		{name: "timezone unknown", edit: func(s *Settings) { s.Timezone = "Mars/Olympus" }, field: "timezone", msg: "Mars/Olympus"},
		{name: "timezone Paris", edit: func(s *Settings) { s.Timezone = "Europe/Paris" }},
		{name: "catch-up -1", edit: func(s *Settings) { s.CatchUpDays = -1 }, field: "catch_up_days"},
		{name: "catch-up 91", edit: func(s *Settings) { s.CatchUpDays = 91 }, field: "catch_up_days"},
		{name: "catch-up 0 and 90", edit: func(s *Settings) { s.CatchUpDays = 0; s.Steps[0].Days = 90 }},
		{name: "no step", edit: func(s *Settings) { s.Steps = nil }, field: "steps", msg: "1 to 10"},
		{name: "one step", edit: func(s *Settings) { s.Steps = s.Steps[:1] }},
		{name: "ten steps", edit: func(s *Settings) { s.Steps = tenSteps(s) }},
		{name: "eleven steps", edit: func(s *Settings) { s.Steps = append(tenSteps(s), s.Steps[0]) }, field: "steps", msg: "1 to 10"},
		{name: "days 91 on step 5", edit: func(s *Settings) { s.Steps = tenSteps(s); s.Steps[4].Days = 91 }, field: "steps[4].days"},
		{name: "action", edit: func(s *Settings) { s.Steps[1].Action = "call" }, field: "steps[1].action"},
		{name: "actions", edit: func(s *Settings) {
			s.Steps[0].Action, s.Steps[1].Action, s.Steps[2].Action = ActionEmail, ActionNotify, ActionBoth
		}},
		{name: "repeat", edit: func(s *Settings) { s.Repeat = &Repeat{EveryDays: 7, Max: 52} }},
		{name: "repeat every 6", edit: func(s *Settings) { s.Repeat = &Repeat{EveryDays: 6, Max: 2} }, field: "repeat.every_days"},
		{name: "repeat every 91", edit: func(s *Settings) { s.Repeat = &Repeat{EveryDays: 91, Max: 2} }, field: "repeat.every_days"},
		{name: "repeat max 0", edit: func(s *Settings) { s.Repeat = &Repeat{EveryDays: 30, Max: 0} }, field: "repeat.max"},
		{name: "repeat max 53", edit: func(s *Settings) { s.Repeat = &Repeat{EveryDays: 30, Max: 53} }, field: "repeat.max"},
		{name: "holidays", edit: func(s *Settings) { s.BusinessDays = BusinessDays{SkipWeekends: true, Holidays: "CA-QC"} }},
		{name: "unknown holidays", edit: func(s *Settings) { s.BusinessDays.Holidays = "CA-NS" }, field: "business_days.holidays", msg: "unknown holiday region"},
		{name: "fixed fee", edit: func(s *Settings) {
			s.Steps[1].LateFee = &LateFee{Kind: FeeFixed, Amount: "10.00", TaxRate: "14.975", Cap: "50"}
		}},
		{name: "percent fee", edit: func(s *Settings) { s.Steps[1].LateFee = &LateFee{Kind: FeePercent, Percent: "1.5"} }},
		{name: "fee kind", edit: func(s *Settings) { s.Steps[1].LateFee = &LateFee{Kind: "daily", Amount: "1"} }, field: "steps[1].late_fee.kind"},
		{name: "negative fee", edit: func(s *Settings) { s.Steps[1].LateFee = &LateFee{Kind: FeeFixed, Amount: "-10.00"} },
			field: "steps[1].late_fee.amount", msg: "negative"},
		{name: "three-decimal fee", edit: func(s *Settings) { s.Steps[1].LateFee = &LateFee{Kind: FeeFixed, Amount: "10.005"} },
			field: "steps[1].late_fee.amount", msg: "at most 2 decimals"},
		{name: "zero fee", edit: func(s *Settings) { s.Steps[1].LateFee = &LateFee{Kind: FeeFixed, Amount: "0"} }, field: "steps[1].late_fee.amount"},
		{name: "percent over 100", edit: func(s *Settings) { s.Steps[2].LateFee = &LateFee{Kind: FeePercent, Percent: "100.01"} },
			field: "steps[2].late_fee.percent", msg: "at most 100"},
		{name: "percent 100", edit: func(s *Settings) { s.Steps[2].LateFee = &LateFee{Kind: FeePercent, Percent: "100"} }},
		{name: "fee tax over 100", edit: func(s *Settings) { s.Steps[2].LateFee = &LateFee{Kind: FeeFixed, Amount: "5", TaxRate: "101"} },
			field: "steps[2].late_fee.tax_rate"},
		{name: "fee cap three decimals", edit: func(s *Settings) { s.Steps[2].LateFee = &LateFee{Kind: FeeFixed, Amount: "5", Cap: "1.234"} },
			field: "steps[2].late_fee.cap"},
		{name: "days 91", edit: func(s *Settings) { s.Steps[1].Days = 91 }, field: "steps[1].days"},
		{name: "days -1", edit: func(s *Settings) { s.Steps[2].Days = -1 }, field: "steps[2].days"},
		{name: "when", edit: func(s *Settings) { s.Steps[0].When = "during" }, field: "steps[0].when"},
		{name: "statement day 29", edit: func(s *Settings) { s.Statements = Statements{Enabled: true, DayOfMonth: 29} }, field: "statements.day_of_month", msg: "between 1 and 28"},
		{name: "statement day 0 on", edit: func(s *Settings) { s.Statements = Statements{Enabled: true} }, field: "statements.day_of_month"},
		{name: "statement day 0 off", edit: func(s *Settings) { s.Statements = Statements{} }},
		{name: "statement day 28", edit: func(s *Settings) { s.Statements = Statements{Enabled: true, DayOfMonth: 28} }},
		{name: "statement template placeholder", edit: func(s *Settings) { s.Statement["en"] = Template{Subject: "{{total}}", Message: "x"} }, field: "statement.en.subject", msg: "{{total}}"},
		{name: "unknown placeholder", edit: func(s *Settings) { setTpl(s, 2, "fr", func(t *Template) { t.Subject += " {{due_dat}}" }) },
			field: "steps[2].templates.fr.subject", msg: "unknown placeholder {{due_dat}}"},
		{name: "unknown placeholder in message", edit: func(s *Settings) { setTpl(s, 0, "en", func(t *Template) { t.Message = "{{ amount }}" }) },
			field: "steps[0].templates.en.message", msg: "unknown placeholder {{amount}}"},
		{name: "unclosed placeholder", edit: func(s *Settings) { setTpl(s, 0, "en", func(t *Template) { t.Message = "pay {{balance_due" }) },
			field: "steps[0].templates.en.message", msg: "unclosed"},
		{name: "empty subject", edit: func(s *Settings) { setTpl(s, 1, "en", func(t *Template) { t.Subject = "  " }) },
			field: "steps[1].templates.en.subject", msg: "required"},
		{name: "subject with LF", edit: func(s *Settings) { setTpl(s, 1, "en", func(t *Template) { t.Subject = "a\nBcc: x@y.test" }) },
			field: "steps[1].templates.en.subject", msg: "one line"},
		{name: "subject with CR", edit: func(s *Settings) { setTpl(s, 1, "en", func(t *Template) { t.Subject = "a\rb" }) },
			field: "steps[1].templates.en.subject"},
		{name: "subject 200", edit: func(s *Settings) { setTpl(s, 1, "en", func(t *Template) { t.Subject = strings.Repeat("é", 200) }) }},
		{name: "subject 201", edit: func(s *Settings) { setTpl(s, 1, "en", func(t *Template) { t.Subject = strings.Repeat("é", 201) }) },
			field: "steps[1].templates.en.subject", msg: "200"},
		{name: "message 10000", edit: func(s *Settings) { setTpl(s, 0, "fr", func(t *Template) { t.Message = strings.Repeat("à", 10000) }) }},
		{name: "message 10001", edit: func(s *Settings) { setTpl(s, 0, "fr", func(t *Template) { t.Message = strings.Repeat("à", 10001) }) },
			field: "steps[0].templates.fr.message", msg: "10000"},
		{name: "message empty", edit: func(s *Settings) { setTpl(s, 0, "fr", func(t *Template) { t.Message = "\n" }) },
			field: "steps[0].templates.fr.message"},
		{name: "salutation of the other language", edit: func(s *Settings) { setTpl(s, 0, "fr", func(t *Template) { t.Salutation = "Hello" }) },
			field: "steps[0].templates.fr.salutation", msg: "Bonjour"},
		{name: "salutation Madame, Monsieur", edit: func(s *Settings) { setTpl(s, 0, "fr", func(t *Template) { t.Salutation = "Madame, Monsieur" }) }},
		{name: "salutation Cher", edit: func(s *Settings) { setTpl(s, 0, "fr", func(t *Template) { t.Salutation = "Cher" }) }},
		{name: "salutation Chère", edit: func(s *Settings) { setTpl(s, 0, "fr", func(t *Template) { t.Salutation = "Chère" }) }},
		{name: "salutation À l'attention de", edit: func(s *Settings) { setTpl(s, 0, "fr", func(t *Template) { t.Salutation = "À l'attention de" }) },
			field: "steps[0].templates.fr.salutation", msg: "must be one of"},
		{name: "salutation Dear", edit: func(s *Settings) { setTpl(s, 0, "en", func(t *Template) { t.Salutation = "Dear" }) }},
		{name: "salutation Yo", edit: func(s *Settings) { setTpl(s, 0, "en", func(t *Template) { t.Salutation = "Yo" }) },
			field: "steps[0].templates.en.salutation"},
		{name: "no greeting, no salutation", edit: func(s *Settings) {
			setTpl(s, 0, "en", func(t *Template) { t.UseGreeting, t.Salutation, t.NameFormat = false, "", "" })
		}},
		{name: "greeting without salutation", edit: func(s *Settings) { setTpl(s, 0, "en", func(t *Template) { t.Salutation = "" }) },
			field: "steps[0].templates.en.salutation"},
		{name: "name format", edit: func(s *Settings) { setTpl(s, 2, "en", func(t *Template) { t.NameFormat = "last_first" }) },
			field: "steps[2].templates.en.name_format", msg: "first_last"},
		{name: "name formats", edit: func(s *Settings) {
			for i, f := range NameFormats[:3] {
				setTpl(s, i, "en", func(t *Template) { t.NameFormat = f })
			}
		}},
		{name: "unknown language", edit: func(s *Settings) { s.Steps[0].Templates["de"] = DefaultTemplate(1, "en") },
			field: "steps[0].templates.de", msg: "unknown language"},
		{name: "missing language is filled later", edit: func(s *Settings) { delete(s.Steps[0].Templates, "fr") }},
		{name: "manual placeholder", edit: func(s *Settings) {
			tp := s.Manual[ManualOverdue]["fr"]
			tp.Message = "{{solde}}"
			s.Manual[ManualOverdue]["fr"] = tp
		}, field: "manual.overdue.fr.message", msg: "unknown placeholder {{solde}}"},
		{name: "manual language", edit: func(s *Settings) { s.Manual[ManualDueSoon]["es"] = DefaultTemplate(0, "en") }, field: "manual.due_soon.es"},
		{name: "manual case", edit: func(s *Settings) { s.Manual["later"] = map[string]Template{"en": DefaultTemplate(0, "en")} }, field: "manual.later"},
		{name: "retired salutation", edit: func(s *Settings) { setTpl(s, 0, "en", func(t *Template) { t.Salutation = "To" }) },
			field: "steps[0].templates.en.salutation", msg: "must be one of"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := DefaultSettings("America/Toronto")
			c.edit(&s)
			err := s.Validate()
			if c.field == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("want an error on %s", c.field)
			}
			if invoice.ErrorCode(err) != invoice.EInvalid {
				t.Errorf("error code %q", invoice.ErrorCode(err))
			}
			fields := err.(*invoice.Error).Fields
			if msg, ok := fields[c.field]; !ok || !strings.Contains(msg, c.msg) {
				t.Errorf("fields = %v, want %s containing %q", fields, c.field, c.msg)
			}
		})
	}
}

func setTpl(s *Settings, i int, lang string, f func(*Template)) {
	t := s.Steps[i].Templates[lang]
	f(&t)
	s.Steps[i].Templates[lang] = t
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	// An older document: manual templates by language only, one step
	// without French, one template without greeting fields, one with a
	// retired salutation.
	doc := `{"enabled":true,"manual":{"en":{"subject":"Old","message":"Old"}},"send_time":"08:30","timezone":"Europe/Paris","catch_up_days":3,"steps":[
		{"enabled":true,"days":2,"when":"before","templates":{"en":{"subject":"Mine","message":"Pay {{balance_due}}"}}},
		{"enabled":false,"days":5,"when":"after","templates":{"fr":{"subject":"Rappel","message":"M","use_greeting":true,"salutation":"À l'attention de","name_format":"first"}}},
		{"enabled":true,"days":30,"when":"after","templates":{"en":{"subject":"S","message":"M","use_greeting":true}}}]}`
	var s Settings
	if err := json.Unmarshal([]byte(doc), &s); err != nil {
		t.Fatal(err)
	}
	s.Normalize()
	if err := s.Validate(); err != nil {
		t.Fatalf("normalized settings invalid: %v", err)
	}
	if got := s.Steps[0].Templates["en"]; got.Subject != "Mine" || got.Message != "Pay {{balance_due}}" || got.UseGreeting {
		t.Errorf("user text changed: %+v", got)
	}
	if got := s.Steps[1].Templates["fr"]; got.Salutation != "Bonjour" || got.Subject != "Rappel" {
		t.Errorf("retired salutation not read as Bonjour: %+v", got)
	}
	if s.Steps[0].Templates["fr"] != DefaultTemplate(1, "fr") || s.Steps[1].Templates["en"] != DefaultTemplate(2, "en") {
		t.Error("missing languages not filled from the step's defaults")
	}
	if got := s.Steps[2].Templates["en"]; got.Salutation != "Hello" || got.NameFormat != NameFirst {
		t.Errorf("greeting fields not filled: %+v", got)
	}
	for _, c := range ManualCases {
		if s.Manual[c]["fr"] != DefaultManualTemplate(c, "fr") || s.Manual[c]["en"] != DefaultManualTemplate(c, "en") {
			t.Errorf("manual templates of %s not filled: %+v", c, s.Manual[c])
		}
	}
	if s.SendTime != "08:30" || s.CatchUpDays != 3 || len(s.Steps) != 3 || s.Steps[1].Enabled {
		t.Errorf("user settings changed: %+v", s)
	}
	if h, m := s.SendClock(); h != 8 || m != 30 {
		t.Errorf("SendClock = %d:%d", h, m)
	}
	if s.Location().String() != "Europe/Paris" {
		t.Errorf("Location = %v", s.Location())
	}
	bad := Settings{SendTime: "25:00", Timezone: "Local"}
	if h, m := bad.SendClock(); h != 9 || m != 0 || bad.Location().String() != "UTC" {
		t.Error("invalid stored values must fall back to 09:00 UTC")
	}
}

// tenSteps is the default steps followed by seven more, 30 days apart.
func tenSteps(s *Settings) []Step {
	out := slices.Clone(s.Steps)
	for i := len(out); i < MaxSteps; i++ {
		out = append(out, Step{Enabled: true, Days: 30 + 5*i, When: After, Templates: map[string]Template{
			"en": DefaultTemplate(i+1, "en"), "fr": DefaultTemplate(i+1, "fr")}})
	}
	return out
}

func TestCadenceNumbering(t *testing.T) {
	s := DefaultSettings("UTC")
	s.Repeat = &Repeat{EveryDays: 14, Max: 4}
	if got := s.Count(); got != 7 {
		t.Fatalf("Count = %d, want 3 steps + 4 repeats", got)
	}
	s.Steps[2].Templates["en"] = Template{Subject: "last", Message: "m"}
	for n, want := range map[int]bool{1: true, 3: true, 4: true, 7: true, 0: false, 8: false} {
		st, ok := s.StepAt(n)
		if ok != want {
			t.Errorf("StepAt(%d) ok = %v", n, ok)
		}
		if ok && n >= 3 && st.Templates["en"].Subject != "last" {
			t.Errorf("StepAt(%d) is not the last step", n)
		}
		if s.IsRepeat(n) != (n >= 4 && n <= 7) {
			t.Errorf("IsRepeat(%d)", n)
		}
	}
	if got := s.Template(6, "en").Subject; got != "last" {
		t.Errorf("repeat 6's template = %q, want the last step's", got)
	}
	// Steps past the default three start from the last default wording.
	for _, l := range Languages {
		if DefaultTemplate(7, l) != DefaultTemplate(3, l) {
			t.Errorf("default template of step 7 in %s differs from step 3's", l)
		}
	}
}
