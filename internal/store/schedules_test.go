package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// wholesale is a named schedule for customers tagged "wholesale": one
// reminder 10 days after the due date.
func wholesale(name string) *reminder.Schedule {
	return &reminder.Schedule{Name: name, Priority: 1,
		Conditions: reminder.Conditions{CustomerTags: []string{"Wholesale"}, MinBalance: "10.00"},
		Cadence: reminder.Cadence{Steps: []reminder.Step{
			{Enabled: true, Days: 10, When: reminder.After},
			{Enabled: false, Days: 20, When: reminder.After},
			{Enabled: false, Days: 30, When: reminder.After},
		}}}
}

// TestNamedSchedules: schedules and customers' tags and own schedule are
// stored on both databases; a schedule's creation, change and deletion
// re-plan the invoices it applies to; deleting one the customers use lets
// them fall back; bad input names the field and stores nothing.
func TestNamedSchedules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fixedClock(s, time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC))
		b := storetest.Books(s)
		co := storetest.Company(t, s, "A")
		other := storetest.Company(t, s, "B")
		st, _ := s.ReminderSettings(ctx, co.ID)
		st.Enabled = true
		if err := b.PutReminderSettings(ctx, co.ID, st); err != nil {
			t.Fatal(err)
		}
		cust := &invoice.Customer{CompanyID: co.ID, DisplayName: "Harbour Cafe", Language: "en", Email: "a@example.com",
			Tags: []string{" Wholesale", "vip", "wholesale"}}
		if err := s.CreateCustomer(ctx, cust); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetCustomer(ctx, co.ID, cust.ID)
		if err != nil || len(got.Tags) != 2 || got.Tags[0] != "vip" || got.Tags[1] != "wholesale" || got.ScheduleID != nil {
			t.Fatalf("customer tags %q schedule %v (%v)", got.Tags, got.ScheduleID, err)
		}
		inv := storetest.Invoice(co.ID, cust.ID, "N-1", storetest.MustDate(t, "2026-12-01"), storetest.MustDate(t, "2026-12-20"), 5000)
		if err := b.CreateInvoice(ctx, inv); err != nil {
			t.Fatal(err)
		}
		next := func() time.Time {
			t.Helper()
			i, err := s.GetInvoice(ctx, co.ID, inv.ID)
			if err != nil || i.NextReminderAt == nil {
				t.Fatalf("invoice not planned (%v)", err)
			}
			return i.NextReminderAt.UTC()
		}
		// Default: 3 days before (17 Dec, 09:00 Toronto).
		if at := next(); !at.Equal(time.Date(2026, 12, 17, 14, 0, 0, 0, time.UTC)) {
			t.Fatalf("default plan %v", at)
		}
		ws := wholesale(" Wholesale ")
		if err := b.CreateSchedule(ctx, co.ID, ws); err != nil {
			t.Fatal(err)
		}
		if ws.Name != "Wholesale" || ws.Conditions.CustomerTags[0] != "wholesale" {
			t.Errorf("not normalised: %q %q", ws.Name, ws.Conditions.CustomerTags)
		}
		// Creating it re-planned the invoice: 10 days after, 30 Dec.
		if at := next(); !at.Equal(time.Date(2026, 12, 30, 14, 0, 0, 0, time.UTC)) {
			t.Fatalf("plan after creating the schedule %v", at)
		}
		ws.Steps[0].Days = 5
		if err := b.UpdateSchedule(ctx, co.ID, ws); err != nil {
			t.Fatal(err)
		}
		if at := next(); !at.Equal(time.Date(2026, 12, 25, 14, 0, 0, 0, time.UTC)) {
			t.Fatalf("plan after changing the schedule %v", at)
		}
		list, err := s.Schedules(ctx, co.ID)
		if err != nil || len(list) != 1 || list[0].Steps[0].Days != 5 || list[0].Conditions.MinBalance != "10.00" {
			t.Fatalf("list %+v (%v)", list, err)
		}
		if l, _ := s.Schedules(ctx, other.ID); len(l) != 0 {
			t.Errorf("another company sees %d schedules", len(l))
		}
		if _, err := s.GetSchedule(ctx, other.ID, ws.ID); !invoice.IsNotFound(err) {
			t.Errorf("another company's schedule: %v", err)
		}

		// A second schedule, the customer's own: it wins over conditions.
		own := wholesale("Own")
		own.Conditions = reminder.Conditions{Currencies: []string{"usd"}}
		own.Steps[0].Days = 1
		if err := b.CreateSchedule(ctx, co.ID, own); err != nil {
			t.Fatal(err)
		}
		got.ScheduleID = &own.ID
		got.Tags = []string{"retail"}
		if err := b.UpdateCustomer(ctx, got); err != nil {
			t.Fatal(err)
		}
		if at := next(); !at.Equal(time.Date(2026, 12, 21, 14, 0, 0, 0, time.UTC)) {
			t.Fatalf("plan on the customer's own schedule %v", at)
		}
		again, _ := s.GetCustomer(ctx, co.ID, cust.ID)
		if again.ScheduleID == nil || *again.ScheduleID != own.ID || len(again.Tags) != 1 || again.Tags[0] != "retail" {
			t.Fatalf("customer after update: %v %q", again.ScheduleID, again.Tags)
		}
		if cs, _ := s.ListCustomers(ctx, co.ID, store.Page{}); len(cs) != 1 || len(cs[0].Tags) != 1 {
			t.Errorf("list customers tags: %+v", cs)
		}

		// Deleting it: the customer falls back (its tag is now retail: the default).
		fell, err := b.DeleteSchedule(ctx, co.ID, own.ID)
		if err != nil || len(fell) != 1 || fell[0].ID != cust.ID || fell[0].DisplayName != "Harbour Cafe" {
			t.Fatalf("fell back %+v (%v)", fell, err)
		}
		again, _ = s.GetCustomer(ctx, co.ID, cust.ID)
		if again.ScheduleID != nil {
			t.Errorf("schedule_id after delete: %v", *again.ScheduleID)
		}
		if at := next(); !at.Equal(time.Date(2026, 12, 17, 14, 0, 0, 0, time.UTC)) {
			t.Fatalf("plan after the fall-back %v", at)
		}
		if _, err := b.DeleteSchedule(ctx, co.ID, own.ID); !invoice.IsNotFound(err) {
			t.Errorf("deleting twice: %v", err)
		}

		// Bad input: the field is named, nothing is stored.
		fieldOf := func(err error, field string) {
			t.Helper()
			var e *invoice.Error
			if !asInvoiceError(err, &e) || e.Code != invoice.EInvalid || e.Fields[field] == "" {
				t.Errorf("want a 422 on %s, got %v", field, err)
			}
		}
		dup := wholesale("Wholesale")
		fieldOf(b.CreateSchedule(ctx, co.ID, dup), "name")
		for field, mut := range map[string]func(*reminder.Schedule){
			"name":                     func(s *reminder.Schedule) { s.Name = "  " },
			"conditions.currencies":    func(s *reminder.Schedule) { s.Conditions.Currencies = []string{"XYZ"} },
			"conditions.min_balance":   func(s *reminder.Schedule) { s.Conditions.MinBalance = "-1" },
			"conditions.max_balance":   func(s *reminder.Schedule) { s.Conditions.MaxBalance = "1.005" },
			"conditions.customer_tags": func(s *reminder.Schedule) { s.Conditions.CustomerTags = []string{"a,b"} },
			"steps[1].days":            func(s *reminder.Schedule) { s.Steps[1].Days = 91 },
			"priority":                 func(s *reminder.Schedule) { s.Priority = -1 },
			"conditions.max_balance ":  func(s *reminder.Schedule) { s.Conditions.MaxBalance = "5.00" }, // under min 10.00
		} {
			sc := wholesale("New")
			mut(sc)
			fieldOf(b.CreateSchedule(ctx, co.ID, sc), trimSpace(field))
		}
		if l, _ := s.Schedules(ctx, co.ID); len(l) != 1 {
			t.Errorf("bad input stored: %d schedules", len(l))
		}
		foreign := wholesale("Foreign")
		if err := b.CreateSchedule(ctx, other.ID, foreign); err != nil {
			t.Fatal(err)
		}
		again.ScheduleID = &foreign.ID
		fieldOf(b.UpdateCustomer(ctx, again), "schedule_id")
		missing := int64(999999)
		c2 := &invoice.Customer{CompanyID: co.ID, DisplayName: "Y", Language: "fr", ScheduleID: &missing}
		fieldOf(s.CreateCustomer(ctx, c2), "schedule_id")
		if cs, _ := s.ListCustomers(ctx, co.ID, store.Page{}); len(cs) != 1 {
			t.Errorf("customer with a bad schedule stored: %d customers", len(cs))
		}
	})
}

func trimSpace(s string) string {
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}
