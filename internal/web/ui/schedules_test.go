package ui

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// scheduleForm is the Settings → Schedules form's fields.
func scheduleFormValues(name, min, tags string) url.Values {
	return url.Values{"name": {name}, "priority": {"1"}, "conditions.min_balance": {min}, "conditions.max_balance": {""},
		"conditions.currencies": {"cad"}, "conditions.customer_tags": {tags},
		"steps[0].enabled": {"1"}, "steps[0].days": {"10"}, "steps[0].when": {"after"},
		"steps[1].enabled": {"1"}, "steps[1].days": {"20"}, "steps[1].when": {"after"},
		"steps[2].days": {"30"}, "steps[2].when": {"after"}}
}

// TestSchedulePages: Settings → Schedules creates, lists, edits and
// deletes named schedules (the deletion confirmed, listing the customers
// that fall back); bad input is refused naming the field, in French for a
// French user; the customer form sets tags and a schedule; the invoice
// page says which schedule applies and why; staff cannot reach the pages.
func TestSchedulePages(t *testing.T) {
	s := storetest.SQLite(t)
	b := newBundle(t, s)
	ctx := context.Background()
	b.c.signin("owner@example.com")

	r := b.c.get("/settings/schedules")
	mustContain(t, r, "No named schedule yet", `href="/settings/schedules/new"`, `aria-current="page">Schedules`)
	r = b.c.get("/settings/schedules/new")
	mustContain(t, r, `name="conditions.customer_tags"`, `name="steps[2].days"`)
	r = b.c.submit("/settings/schedules", scheduleFormValues("Wholesale", "100.00", "Wholesale, distributor"))
	if r.code != http.StatusSeeOther || r.loc != "/settings/schedules?done=saved" {
		t.Fatalf("create: %d %s", r.code, r.body)
	}
	named, _ := s.Schedules(ctx, b.company.ID)
	if len(named) != 1 || named[0].Steps[0].Days != 10 || named[0].Steps[2].Enabled ||
		strings.Join(named[0].Conditions.CustomerTags, ",") != "distributor,wholesale" || named[0].Conditions.Currencies[0] != "CAD" ||
		named[0].Steps[0].Templates["fr"].Subject == "" {
		t.Fatalf("stored %+v", named)
	}
	sc := named[0]
	r = b.c.get("/settings/schedules")
	mustContain(t, r, "Wholesale", "Balance due ≥ 100.00", "10 days after, 20 days after", "<code>wholesale</code>")

	// Bad input: 422, the field named, nothing stored.
	for field, mut := range map[string]func(url.Values){
		"name":                   func(v url.Values) { v.Set("name", "Wholesale") },
		"conditions.currencies":  func(v url.Values) { v.Set("conditions.currencies", "XYZ") },
		"conditions.min_balance": func(v url.Values) { v.Set("conditions.min_balance", "1.234") },
		"conditions.max_balance": func(v url.Values) { v.Set("conditions.max_balance", "5") },
		"steps[1].days":          func(v url.Values) { v.Set("steps[1].days", "ninety") },
		"priority":               func(v url.Values) { v.Set("priority", "-3") },
	} {
		v := scheduleFormValues("Other", "100.00", "vip")
		mut(v)
		r := b.c.submit("/settings/schedules", v)
		if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, `aria-describedby="`+field+`-err"`) ||
			!strings.Contains(r.body, `id="`+field+`-err"`) {
			t.Errorf("%s: %d (field not marked)", field, r.code)
		}
	}
	if n, _ := s.Schedules(ctx, b.company.ID); len(n) != 1 {
		t.Fatalf("bad input stored: %d schedules", len(n))
	}

	// The customer form: tags and the schedule picker.
	cu := storetest.Customer(t, s, b.company.ID, "Harbour Cafe")
	r = b.c.get("/customers/" + itoa(cu.ID))
	mustContain(t, r, `<option value="">By conditions / default</option>`, `<option value="`+itoa(sc.ID)+`">Wholesale</option>`)
	form := url.Values{"display_name": {"Harbour Cafe"}, "email": {"cafe@example.com"}, "language": {"fr"},
		"tags": {"wholesale, coffee"}, "schedule_id": {""}}
	if r = b.c.submit("/customers/"+itoa(cu.ID), form); r.code != http.StatusSeeOther {
		t.Fatalf("customer save: %d %s", r.code, r.body)
	}
	inv := b.invoiceFor(b.company.ID, cu.ID, "INV-1042", -3, 150000)
	r = b.c.get("/invoices/" + itoa(inv.ID))
	mustContain(t, r, `id="invoice-schedule"`, "Schedule: Wholesale", "matches: balance ≥ $100.00, currency CAD, tag wholesale")
	_ = r
	form.Set("schedule_id", itoa(sc.ID))
	if r = b.c.submit("/customers/"+itoa(cu.ID), form); r.code != http.StatusSeeOther {
		t.Fatalf("customer save with schedule: %d %s", r.code, r.body)
	}
	got, _ := s.GetCustomer(ctx, b.company.ID, cu.ID)
	if got.ScheduleID == nil || *got.ScheduleID != sc.ID || strings.Join(got.Tags, ",") != "coffee,wholesale" {
		t.Fatalf("customer %v %q", got.ScheduleID, got.Tags)
	}
	mustContain(t, b.c.get("/customers/"+itoa(cu.ID)), `value="coffee, wholesale"`, `<option value="`+itoa(sc.ID)+`" selected>`)
	mustContain(t, b.c.get("/invoices/"+itoa(inv.ID)), "Schedule: Wholesale", "customer&#39;s own schedule")
	form.Set("schedule_id", "999999")
	if r = b.c.submit("/customers/"+itoa(cu.ID), form); r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, "No such schedule.") {
		t.Errorf("unknown schedule: %d", r.code)
	}

	// Edit.
	v := scheduleFormValues("Wholesale accounts", "100.00", "wholesale")
	if r = b.c.submit("/settings/schedules/"+itoa(sc.ID), v); r.code != http.StatusSeeOther {
		t.Fatalf("update: %d %s", r.code, r.body)
	}
	if again, _ := s.GetSchedule(ctx, b.company.ID, sc.ID); again.Name != "Wholesale accounts" {
		t.Errorf("renamed: %q", again.Name)
	}

	// Delete: the confirmation lists the customer; then it falls back.
	r = b.c.get("/settings/schedules/" + itoa(sc.ID) + "/delete")
	mustContain(t, r, "Delete the schedule “Wholesale accounts”?", "1 customer has chosen it", "Harbour Cafe")
	r = b.c.submit("/settings/schedules/"+itoa(sc.ID)+"/delete", nil)
	if r.code != http.StatusSeeOther || r.loc != "/settings/schedules?done=deleted&fell=1" {
		t.Fatalf("delete: %d %s", r.code, r.loc)
	}
	mustContain(t, b.c.get(r.loc), "Schedule deleted. 1 customer who had chosen it now follows the conditions or the default schedule.")
	mustContain(t, b.c.get("/invoices/"+itoa(inv.ID)), "Schedule: Default schedule", "(default schedule)")

	// French: the reasons are French.
	fr := b.addUser("marie@example.com", b.company.ID, "fr")
	_ = fr
	c := b.client()
	c.signin("marie@example.com")
	r = c.submit("/settings/schedules", scheduleFormValues("Gros", "12,50", "x"))
	mustContain(t, r, "Doit être un montant d’au plus 2 décimales", "Calendriers")
	if r.code != http.StatusUnprocessableEntity {
		t.Errorf("French bad input: %d", r.code)
	}

	// Staff: no settings.
	staff := &store.User{Email: "staff@example.com", Language: "en"}
	staff.PasswordHash = b.user.PasswordHash
	if err := s.CreateUser(ctx, staff, b.company.ID, store.RoleStaff); err != nil {
		t.Fatal(err)
	}
	sc2 := b.client()
	sc2.signin("staff@example.com")
	for _, p := range []string{"/settings/schedules", "/settings/schedules/new"} {
		if r := sc2.get(p); r.code != http.StatusForbidden {
			t.Errorf("staff GET %s: %d", p, r.code)
		}
	}
	if r := sc2.submit("/settings/schedules", scheduleFormValues("Staff", "", "")); r.code != http.StatusForbidden {
		t.Errorf("staff POST: %d", r.code)
	}
	_ = invoice.EmailOK
}
