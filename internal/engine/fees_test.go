package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestLateFeesAndLongSchedule: five steps with fees, a repeat and Quebec's
// business days, sent through a real SMTP server over 80 days. Each
// message shows its own fee and the balance with it; each fee is one
// line, once per reminder; the cap and the once-per-invoice preset hold;
// a reminder cancelled before sending (the invoice paid) charges nothing.
func TestLateFeesAndLongSchedule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		day0 := storetest.MustDate(t, "2026-06-01")
		b := setup(t, s, local(day0, 8, 0))
		ctx := context.Background()
		st, _ := s.ReminderSettings(ctx, b.co.ID)
		last := st.Steps[2]
		for _, d := range []int{23, 30} { // 24 June and 1 July: Fête nationale and Canada Day
			nst := last
			nst.Days = d
			st.Steps = append(st.Steps, nst)
		}
		for i := range st.Steps {
			for _, l := range reminder.Languages {
				tp := st.Steps[i].Templates[l]
				tp.Message = "Frais {{late_fee}} ; solde {{balance_due}}."
				st.Steps[i].Templates[l] = tp
			}
		}
		st.Steps[1].LateFee = &reminder.LateFee{Kind: reminder.FeeFixed, Amount: "10.00", TaxRate: "14.975"}
		st.Steps[2].LateFee = &reminder.LateFee{Kind: reminder.FeePercent, Percent: "1.5", Cap: "25.00"}
		st.Steps[3].LateFee = &reminder.LateFee{Kind: reminder.FeeFixed, Amount: "40.00", Cap: "40.00"} // France's preset
		st.Steps[4].LateFee = &reminder.LateFee{Kind: reminder.FeeFixed, Amount: "5.00"}
		st.Repeat = &reminder.Repeat{EveryDays: 14, Max: 2}
		st.BusinessDays = reminder.BusinessDays{SkipWeekends: true, Holidays: "CA-QC"}
		if err := storetest.Books(s).PutReminderSettings(ctx, b.co.ID, st); err != nil {
			t.Fatal(err)
		}
		inv := b.invoice(t, "F-1042", day0, day0) // 1 000.00 due Monday 1 June
		paid := b.invoice(t, "F-1043", day0, day0)
		for day := 0; day <= 80; day++ {
			for _, hm := range [][2]int{{8, 0}, {9, 30}, {15, 0}} {
				b.clk.Set(local(day0.AddDays(day), hm[0], hm[1]))
				if day == 21 && hm[0] == 9 {
					// Step 3 of F-1043 is scheduled, then the invoice is paid
					// before it goes: it is cancelled, and charges nothing.
					if _, err := b.e.Scan(ctx, false); err != nil {
						t.Fatal(err)
					}
					cur, _ := s.GetInvoice(ctx, b.co.ID, paid.ID)
					if _, err := storetest.Books(s).AddPayment(ctx, b.co.ID, paid.ID, &invoice.Payment{Amount: cur.Balance, Date: day0.AddDays(day)}); err != nil {
						t.Fatal(err)
					}
				}
				b.pass(t)
			}
		}
		got := b.sentSteps(t, map[string]*invoice.Invoice{"F-1042": inv})["F-1042"]
		if !eqInts(got, []int{1, 2, 3, 4, 5, 6, 7}) { // steps 1–5, then two repeats
			hist, _ := s.Reminders(ctx, b.co.ID, inv.ID)
			t.Fatalf("sent steps %v; history %+v", got, hist)
		}
		hist, _ := s.Reminders(ctx, b.co.ID, inv.ID)
		// The balance each message shows includes its own fee: 1000 → +11.50
		// (10 + 14.975 % tax); +15.00 (1.5 % of 1011.50 is 15.17, cut to
		// what the cap of 25 leaves over the 10 before it: the cap counts
		// fees before tax); the 40 preset cut to 15 (its cap of 40 counts
		// every fee); +5; then two repeats of step 5 (every 14 days from 1
		// July, Canada Day: 15 and 29 July), each with step 5's fee.
		want := map[int]string{
			1: "Frais 0,00 $ ; solde 1 000,00 $.",
			2: "Frais 11,50 $ ; solde 1 011,50 $.",
			3: "Frais 15,00 $ ; solde 1 026,50 $.",
			4: "Frais 15,00 $ ; solde 1 041,50 $.",
			5: "Frais 5,00 $ ; solde 1 046,50 $.",
			6: "Frais 5,00 $ ; solde 1 051,50 $.",
			7: "Frais 5,00 $ ; solde 1 056,50 $.",
		}
		fees, err := s.FeeLines(ctx, b.co.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range hist {
			if r.State != reminder.StateSent {
				continue
			}
			text := strings.ReplaceAll(r.BodyText, "\u00a0", " ")
			text = strings.ReplaceAll(text, "\u202f", " ")
			if !strings.Contains(text, want[r.Step]) {
				t.Errorf("step %d says %q, want %q", r.Step, text, want[r.Step])
			}
			if fees[r.ID] != 1 && r.Step != 1 {
				t.Errorf("step %d: %d fee lines", r.Step, fees[r.ID])
			}
			if !r.TriggerDate.IsZero() && (r.TriggerDate.String() == "2026-06-24" || r.TriggerDate.String() == "2026-07-01") {
				t.Errorf("step %d triggered on a Quebec holiday %s", r.Step, r.TriggerDate)
			}
		}
		cur, _ := s.GetInvoice(ctx, b.co.ID, inv.ID)
		if cur.Balance != 105650 || len(cur.Lines) != 7 || cur.Lines[1].Description != "Frais de retard — rappel 2" {
			t.Errorf("invoice balance %d with %d lines (%+v)", cur.Balance, len(cur.Lines), cur.Lines)
		}
		pinv, _ := s.GetInvoice(ctx, b.co.ID, paid.ID)
		if pinv.Balance != 0 || len(pinv.Lines) != 2 {
			t.Errorf("paid invoice: balance %d, %d lines; want 0 and its one fee", pinv.Balance, len(pinv.Lines))
		}
		phist, _ := s.Reminders(ctx, b.co.ID, paid.ID)
		cancelled := 0
		for _, r := range phist {
			if r.State == reminder.StateCancelled {
				cancelled++
				if fees[r.ID] != 0 {
					t.Errorf("cancelled step %d charged a fee", r.Step)
				}
			}
		}
		if cancelled != 1 {
			t.Errorf("paid invoice history: %d cancelled, want step 3", cancelled)
		}
		if len(fees) != 7 {
			t.Errorf("%d reminders charged a fee, want 6 + 1", len(fees))
		}
	})
}

// TestNotifyTeamStep: a notify_team step sends the customer nothing, opens
// a To-do task ("Call … about …, N days overdue") whose email goes to the
// company, and is recorded in the invoice's history; a "both" step does
// both.
func TestNotifyTeamStep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		day0 := storetest.MustDate(t, "2026-06-01")
		b := setup(t, s, local(day0, 8, 0))
		ctx := context.Background()
		st, _ := s.ReminderSettings(ctx, b.co.ID)
		st.Steps[1].Action = reminder.ActionNotify // +5
		st.Steps[2].Action = reminder.ActionBoth   // +20
		if err := storetest.Books(s).PutReminderSettings(ctx, b.co.ID, st); err != nil {
			t.Fatal(err)
		}
		inv := b.invoice(t, "INV-1042", day0, day0.AddDays(3))
		for day := 0; day <= 30; day++ {
			b.clk.Set(local(day0.AddDays(day), 10, 0))
			b.pass(t)
		}
		hist, _ := s.Reminders(ctx, b.co.ID, inv.ID)
		byID := b.smtp.ByMessageID()
		var toCustomer []int
		for _, r := range hist {
			if r.State != reminder.StateSent {
				t.Errorf("step %d %s", r.Step, r.State)
			}
			if byID[r.MessageID] > 0 {
				toCustomer = append(toCustomer, r.Step)
			}
		}
		if len(hist) != 3 || !eqInts(toCustomer, []int{1, 3}) {
			t.Fatalf("history %d records, customer received steps %v", len(hist), toCustomer)
		}
		if !strings.Contains(hist[1].Subject, "Élodie Côté") || hist[1].Subject != "Appeler Élodie Côté au sujet de INV-1042, 5 jours de retard" {
			t.Errorf("notify step recorded as %q", hist[1].Subject)
		}
		tasks, err := s.Tasks(ctx, b.co.ID, store.TaskOpen, 100)
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, tk := range tasks {
			if tk.Kind == store.TaskFollowUp {
				titles = append(titles, tk.Title)
			}
		}
		if len(titles) != 2 {
			t.Fatalf("follow-up tasks %v", titles)
		}
		toCompany := 0
		for _, m := range b.smtp.Messages() {
			if len(m.Rcpts) == 1 && m.Rcpts[0] == b.co.Email && strings.Contains(string(m.Data), "INV-1042") {
				toCompany++
			}
		}
		if toCompany != 2 {
			t.Errorf("%d emails to the company, want 2", toCompany)
		}
	})
}
