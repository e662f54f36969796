package books_test

import (
	"context"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestNamedScheduleReachesEveryPlanner: the invoice's named schedule is
// what the re-check, the message's template, the explanation and the
// upcoming reminders use, not the default.
func TestNamedScheduleReachesEveryPlanner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		b := storetest.Books(s)
		co := storetest.Company(t, s, "A")
		st, _ := s.ReminderSettings(ctx, co.ID)
		st.Enabled = true
		if err := b.PutReminderSettings(ctx, co.ID, st); err != nil {
			t.Fatal(err)
		}
		cu := &invoice.Customer{CompanyID: co.ID, DisplayName: "Harbour Cafe", Email: "a@example.com", Language: "fr", Tags: []string{"wholesale"}}
		if err := s.CreateCustomer(ctx, cu); err != nil {
			t.Fatal(err)
		}
		// Due 1 Dec: the default's step 1 (3 days before) is past; the
		// named schedule's step 1 is 2 days after, with its own subject,
		// and its step 2 is off.
		inv := storetest.Invoice(co.ID, cu.ID, "INV-1", storetest.MustDate(t, "2026-11-01"), storetest.MustDate(t, "2026-12-01"), 5000)
		if err := b.CreateInvoice(ctx, inv); err != nil {
			t.Fatal(err)
		}
		sc := &reminder.Schedule{Name: "Wholesale", Conditions: reminder.Conditions{CustomerTags: []string{"wholesale"}},
			Cadence: reminder.Cadence{Steps: []reminder.Step{
				{Enabled: true, Days: 2, When: reminder.After, Templates: map[string]reminder.Template{
					"fr": {Subject: "Grossiste {{invoice_number}}", Message: "Bonjour"}}},
				{Enabled: false, Days: 7, When: reminder.After},
				{Enabled: true, Days: 30, When: reminder.After},
			}}}
		if err := b.CreateSchedule(ctx, co.ID, sc); err != nil {
			t.Fatal(err)
		}
		o, err := b.Explain(ctx, co.ID, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if o.Schedule.ID == nil || *o.Schedule.ID != sc.ID || o.Schedule.Why.Code != books.WhyConditions || o.Next == nil || o.Next.Step != 1 {
			t.Fatalf("explain: %+v next %+v", o.Schedule, o.Next)
		}
		if want := time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC); !o.Next.At.Equal(want) {
			t.Errorf("next at %v, want %v", o.Next.At, want)
		}
		sctx, err := s.LoadSendContext(ctx, co.ID, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ok, reason := b.Recheck(sctx, &reminder.Reminder{Step: 2, DueDate: inv.DueDate}); ok || reason == "" {
			t.Errorf("step 2, off in the named schedule, passed the re-check (%q)", reason)
		}
		if ok, reason := b.Recheck(sctx, &reminder.Reminder{Step: 1, DueDate: inv.DueDate}); !ok {
			t.Errorf("step 1 refused: %s", reason)
		}
		if got := sctx.Settings.Template(1, "fr").Subject; got != "Grossiste {{invoice_number}}" {
			t.Errorf("message template %q", got)
		}
		if def, _ := s.ReminderSettings(ctx, co.ID); def.Steps[1].Enabled != true {
			t.Error("the company's settings were changed")
		}
		up, err := b.Upcoming(ctx, co.ID, 5)
		if err != nil || len(up) != 1 || up[0].Step != 1 || up[0].Date.String() != "2026-12-03" {
			t.Errorf("upcoming %+v (%v)", up, err)
		}
		applied, err := b.ScheduleOf(ctx, co.ID, []*invoice.Invoice{inv})
		if err != nil || applied[inv.ID].Name != "Wholesale" || applied[inv.ID].Why.Text("en") != "matches: tag wholesale" {
			t.Errorf("schedule of %+v (%v)", applied, err)
		}
	})
}
