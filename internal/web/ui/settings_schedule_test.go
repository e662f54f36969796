package ui

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestRemindersScheduleForm: without JavaScript, "Add reminder" shows the
// form with one more step (nothing stored), a bad fee is refused next to
// its field, and the schedule (five steps, a fee, a repeat, business days)
// is stored; "Remove" takes a step out.
func TestRemindersScheduleForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		b.c.signin("owner@example.com")
		f := settingsForm(t, b.c)
		for n := 4; n <= 5; n++ {
			f.Set("add_step", "1")
			r := b.c.submit("/settings/reminders", f)
			if r.code != http.StatusOK {
				t.Fatalf("add step: %d", r.code)
			}
			mustContain(t, r, `name="steps_count" value="`+itoa(int64(n))+`"`, "Reminder "+itoa(int64(n)))
			f = formOf(r.body)
		}
		if st, _ := s.ReminderSettings(context.Background(), b.company.ID); len(st.Steps) != 3 {
			t.Fatalf("adding a step stored %d steps", len(st.Steps))
		}
		f.Set("steps[4].days", "45")
		f.Set("steps[4].action", reminder.ActionBoth)
		f.Set("steps[1].late_fee.kind", "fixed")
		f.Set("steps[1].late_fee.amount", "10.005")
		f.Set("repeat.on", "1")
		f.Set("repeat.every_days", "6")
		f.Set("business_days.skip_weekends", "1")
		f.Set("business_days.holidays", "CA-QC")
		r := b.c.submit("/settings/reminders", f)
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad fee saved: %d", r.code)
		}
		mustContain(t, r, `id="steps[1].late_fee.amount" name="steps[1].late_fee.amount" inputmode="decimal" value="10.005" aria-invalid="true"`,
			"at most 2 decimals", `<details class="fee" open>`, "between 7 and 90")
		f.Set("steps[1].late_fee.amount", "10.00")
		f.Set("steps[1].late_fee.tax_rate", "14.975")
		f.Set("steps[2].late_fee.kind", "preset_fr_indemnity")
		f.Set("repeat.every_days", "14")
		f.Set("repeat.max", "4")
		if r := b.c.submit("/settings/reminders", f); r.code != http.StatusSeeOther {
			t.Fatalf("save: %d %s", r.code, r.body)
		}
		st, _ := s.ReminderSettings(context.Background(), b.company.ID)
		if len(st.Steps) != 5 || st.Steps[4].Days != 45 || st.Steps[4].Action != reminder.ActionBoth ||
			st.Steps[1].LateFee == nil || st.Steps[1].LateFee.Amount != "10.00" || st.Steps[1].LateFee.TaxRate != "14.975" ||
			st.Steps[2].LateFee == nil || *st.Steps[2].LateFee != (reminder.LateFee{Kind: "fixed", Amount: "40.00", Cap: "40.00"}) ||
			st.Repeat == nil || *st.Repeat != (reminder.Repeat{EveryDays: 14, Max: 4}) ||
			st.BusinessDays != (reminder.BusinessDays{SkipWeekends: true, Holidays: "CA-QC"}) {
			t.Fatalf("stored %+v", st)
		}
		f = settingsForm(t, b.c)
		f.Set("remove_step", "0")
		f = formOf(b.c.submit("/settings/reminders", f).body)
		if r := b.c.submit("/settings/reminders", f); r.code != http.StatusSeeOther {
			t.Fatalf("save after remove: %d", r.code)
		}
		st, _ = s.ReminderSettings(context.Background(), b.company.ID)
		if len(st.Steps) != 4 || st.Steps[0].LateFee == nil || st.Steps[3].Days != 45 {
			t.Fatalf("after removing step 1: %+v", st.Steps)
		}
	})
}

// TestFeeLineOnTheEditPage: a late fee line shows on the invoice's edit
// page; saving the page as it is keeps it a fee, emptying its row removes
// it (the balance goes back).
func TestFeeLineOnTheEditPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		b := newBundle(t, s)
		cu := storetest.Customer(t, s, b.company.ID, "Élodie Côté")
		inv := b.invoiceFor(b.company.ID, cu.ID, "F-7", -10, 100000)
		r := &reminder.Reminder{CompanyID: b.company.ID, InvoiceID: inv.ID, Step: reminder.StepManual, DueDate: inv.DueDate,
			TriggerDate: inv.DueDate, To: inv.Email, Language: "fr", MessageID: "<fee-ui@x>"}
		bk := storetest.Books(s)
		if err := bk.Write(ctx, func(tx *store.Tx) error { return tx.CreateMessage(ctx, r) }); err != nil {
			t.Fatal(err)
		}
		rs, err := s.ClaimReminders(ctx, time.Now().Add(time.Hour), time.Minute, 1)
		if err != nil || len(rs) != 1 {
			t.Fatalf("claim %d %v", len(rs), err)
		}
		cur, _ := s.GetInvoice(ctx, b.company.ID, inv.ID)
		line, _ := reminder.FeeLine(&reminder.LateFee{Kind: reminder.FeeFixed, Amount: "10.00", TaxRate: "14.975"}, cur, rs[0].ID, 2, "fr")
		if ok, err := bk.MarkSentWithFee(ctx, &rs[0], "s", "b", &line); !ok || err != nil {
			t.Fatalf("mark sent %v %v", ok, err)
		}
		b.c.signin("owner@example.com")
		edit := "/invoices/" + itoa(inv.ID)
		f := formOf(b.c.get(edit + "/edit").body)
		if f.Get("line1_description") != "Frais de retard — rappel 2" {
			t.Fatalf("fee line not on the edit page: %v", f)
		}
		if r := b.c.submit(edit, f); r.code != http.StatusSeeOther {
			t.Fatalf("save unchanged: %d %s", r.code, r.body)
		}
		if n, _ := s.FeeLines(ctx, b.company.ID); n[rs[0].ID] != 1 {
			t.Fatalf("saving the page lost the fee: %v", n)
		}
		for _, k := range []string{"description", "quantity", "unit_price", "tax_rate"} {
			f.Set("line1_"+k, "")
		}
		if r := b.c.submit(edit, f); r.code != http.StatusSeeOther {
			t.Fatalf("remove the fee: %d %s", r.code, r.body)
		}
		got, _ := s.GetInvoice(ctx, b.company.ID, inv.ID)
		if n, _ := s.FeeLines(ctx, b.company.ID); len(n) != 0 || got.Balance != 100000 || len(got.Lines) != 1 {
			t.Fatalf("after removing: fees %v balance %d lines %d", n, got.Balance, len(got.Lines))
		}
	})
}
