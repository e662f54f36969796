package reminder

import (
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
)

// TestCheckManual: a manual reminder's wording has the templates' limits,
// counted in characters; empty means step 1's wording.
func TestCheckManual(t *testing.T) {
	t.Parallel()
	ok := []struct{ subject, message string }{
		{"", ""},
		{strings.Repeat("é", MaxSubjectLen), strings.Repeat("é", MaxMessageLen)},
		{"Facture {{invoice_number}}", "Bonjour,\n\nÉchéance : {{due_date}}."},
	}
	for _, c := range ok {
		if err := CheckManual(c.subject, c.message); err != nil {
			t.Errorf("CheckManual(%.20q, %.20q) = %v, want nil", c.subject, c.message, err)
		}
	}
	bad := []struct{ subject, message, field string }{
		{strings.Repeat("x", MaxSubjectLen+1), "", "subject"},
		{"", strings.Repeat("x", MaxMessageLen+1), "message"},
		{"a\r\nBcc: x@example.com", "", "subject"},
		{"a\nb", "", "subject"},
		{"\xff", "", "subject"},
		{"", "\xff", "message"},
		{"{{nope}}", "", "subject"},
		{"", "{{due_dat}}", "message"},
	}
	for _, c := range bad {
		err := CheckManual(c.subject, c.message)
		e, ok := err.(*invoice.Error)
		if !ok || e.Code != invoice.EInvalid || e.Fields[c.field] == "" || len(e.Fields) != 1 {
			t.Errorf("CheckManual(%.20q, %.20q) = %v, want a refusal of %s only", c.subject, c.message, err, c.field)
		}
	}
}

func TestManualCase(t *testing.T) {
	t.Parallel()
	today := invoice.Date{Year: 2026, Month: 11, Day: 30}
	for _, c := range []struct {
		due  int
		want string
	}{{3, ManualDueSoon}, {1, ManualDueSoon}, {0, ManualDueToday}, {-1, ManualOverdue}, {-17, ManualOverdue}} {
		if got := ManualCase(today.AddDays(c.due), today); got != c.want {
			t.Errorf("due in %d days: %s, want %s", c.due, got, c.want)
		}
	}
}

// TestManualWordingFitsTheDay: an invoice 17 days overdue is not "payable
// le 13 novembre", one due today says so, in both languages.
func TestManualWordingFitsTheDay(t *testing.T) {
	t.Parallel()
	s := DefaultSettings("America/Toronto")
	today := invoice.Date{Year: 2026, Month: 11, Day: 30}
	cu := &invoice.Customer{FirstName: "Élodie", LastName: "Côté", Language: "fr"}
	for _, c := range []struct {
		due       int
		lang      string
		want, not []string
	}{
		{-17, "fr", []string{"en souffrance", "jours de retard : 17", "Bonjour Élodie,"}, []string{"payable le"}},
		{-17, "en", []string{"is overdue", "days overdue: 17", "Hello Élodie,"}, []string{"is due on"}},
		{0, "fr", []string{"payable aujourd'hui"}, []string{"souffrance"}},
		{0, "en", []string{"is due today"}, []string{"overdue"}},
		{5, "fr", []string{"payable le 5 décembre 2026"}, []string{"souffrance", "aujourd'hui"}},
	} {
		inv := &invoice.Invoice{Number: "F-1", DueDate: today.AddDays(c.due), Currency: "CAD", Total: 10000, Balance: 10000}
		tpl := s.ManualTemplate(ManualCase(inv.DueDate, today), c.lang)
		r, err := Render(RenderInput{Template: tpl, Customer: cu, Invoice: inv, Lang: c.lang, Today: today})
		if err != nil {
			t.Fatal(err)
		}
		all := r.Subject + "\n" + r.Text
		for _, w := range c.want {
			if !strings.Contains(all, w) {
				t.Errorf("due %d %s: lacks %q:\n%s", c.due, c.lang, w, all)
			}
		}
		for _, w := range c.not {
			if strings.Contains(all, w) {
				t.Errorf("due %d %s: says %q:\n%s", c.due, c.lang, w, all)
			}
		}
	}
}

func TestSubjectLacksReminderWord(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		s, lang string
		want    bool
	}{{"Rappel : facture 1", "fr", false}, {"RAPPEL amical", "fr", false}, {"Facture 1", "fr", true},
		{"Reminder: invoice", "en", false}, {"Invoice 1 is overdue", "en", true}, {"", "en", false}} {
		if got := SubjectLacksReminderWord(c.s, c.lang); got != c.want {
			t.Errorf("%q %s: %v", c.s, c.lang, got)
		}
	}
}
