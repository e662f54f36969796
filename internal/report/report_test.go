package report_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/report"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

type fixture struct {
	t   *testing.T
	s   *store.Store
	co  *invoice.Company
	n   int
	ctx context.Context
}

func newFixture(t *testing.T, s *store.Store) *fixture {
	now := time.Date(2026, 12, 15, 15, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	f := &fixture{t: t, s: s, ctx: context.Background()}
	f.co = storetest.Company(t, s, "Atelier")
	return f
}

// invoice stores an invoice of amount cents issued and due on the given days.
func (f *fixture) invoice(customerID int64, cur, issue, due string, amount int64, mod ...func(*invoice.Invoice)) *invoice.Invoice {
	f.t.Helper()
	f.n++
	inv := storetest.Invoice(f.co.ID, customerID, storetest.Seq(f.n), storetest.MustDate(f.t, issue), storetest.MustDate(f.t, due), amount)
	inv.Currency = cur
	for _, m := range mod {
		m(inv)
	}
	if err := storetest.Books(f.s).CreateInvoice(f.ctx, inv); err != nil {
		f.t.Fatal(err)
	}
	return inv
}

func (f *fixture) pay(inv *invoice.Invoice, amount int64, date string) {
	f.t.Helper()
	if _, err := storetest.Books(f.s).AddPayment(f.ctx, f.co.ID, inv.ID, &invoice.Payment{Amount: amount, Date: storetest.MustDate(f.t, date)}); err != nil {
		f.t.Fatal(err)
	}
}

// sent records a reminder of step sent at the instant (RFC 3339).
func (f *fixture) sent(inv *invoice.Invoice, step int, at string, state string) {
	f.t.Helper()
	ts, err := time.Parse(time.RFC3339, at)
	if err != nil {
		f.t.Fatal(err)
	}
	f.n++
	if _, err := f.s.DB().ExecContext(f.ctx, f.s.DB().Rebind(`INSERT INTO reminders (company_id, invoice_id, step, due_date, trigger_date,
		state, next_attempt_at, message_id, sent_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		f.co.ID, inv.ID, step, inv.DueDate, invoice.DateOf(ts), state, ts.UTC(), fmt.Sprintf("m%d@test", f.n), ts.UTC(), ts.UTC(), ts.UTC()); err != nil {
		f.t.Fatal(err)
	}
}

func TestBucketOfEdges(t *testing.T) {
	for days, want := range map[int]int{-5: 0, 0: 0, 1: 1, 30: 1, 31: 2, 60: 2, 61: 3, 90: 3, 91: 4, 400: 4} {
		if got := report.BucketOf(days); got != want {
			t.Errorf("BucketOf(%d) = %d, want %d", days, got, want)
		}
	}
	asOf := invoice.Date{Year: 2026, Month: 11, Day: 30}
	starts := report.BucketStarts(asOf)
	// An invoice due d days before asOf lands where BucketOf says.
	for d := -3; d <= 95; d++ {
		due := asOf.AddDays(-d)
		b := len(starts)
		for k := len(starts) - 1; k >= 0; k-- {
			if !due.Before(starts[k]) {
				b = k
			}
		}
		if b != report.BucketOf(d) {
			t.Errorf("due %s (%d days): starts put it in %d, BucketOf in %d", due, d, b, report.BucketOf(d))
		}
	}
}

func TestAging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		a := storetest.Customer(t, s, f.co.ID, "Alpha")
		b := storetest.Customer(t, s, f.co.ID, "Bêta")
		// As of 2026-11-30: one invoice at each edge, amounts 1, 2, 4 … $ so
		// each bucket's sum names its invoices.
		for k, days := range []int{0, 1, 30, 31, 60, 61, 90, 91} {
			due := invoice.Date{Year: 2026, Month: 11, Day: 30}.AddDays(-days)
			f.invoice(a.ID, "CAD", due.AddDays(-30).String(), due.String(), 100<<k)
		}
		f.invoice(a.ID, "CAD", "2026-11-20", "2026-12-20", 25600) // not yet due: current
		f.invoice(a.ID, "CAD", "2026-12-01", "2026-12-31", 99900) // issued after the day: left out
		f.invoice(a.ID, "CAD", "2026-11-01", "2026-11-10", 77700, // draft: left out
			func(i *invoice.Invoice) { i.Draft = true })
		v := f.invoice(a.ID, "CAD", "2026-11-01", "2026-11-10", 66600)
		if err := storetest.Books(s).VoidInvoice(f.ctx, f.co.ID, v.ID); err != nil {
			t.Fatal(err)
		}
		// Bêta: 500 $ due 2026-11-15 (15 days), 200 $ paid on the day, 100 $
		// after it (still owed as of the day): 300 $ owed; 300 $ due 2026-08-01 (121
		// days) paid in full on 2026-12-02, after the day: all owed then.
		p := f.invoice(b.ID, "CAD", "2026-10-15", "2026-11-15", 50000)
		f.pay(p, 20000, "2026-11-30")
		f.pay(p, 10000, "2026-12-01")
		q := f.invoice(b.ID, "CAD", "2026-07-01", "2026-08-01", 30000)
		f.pay(q, 30000, "2026-12-02")
		paidBefore := f.invoice(b.ID, "CAD", "2026-07-01", "2026-08-01", 40000)
		f.pay(paidBefore, 40000, "2026-11-29")
		// Bêta in USD: 70 $ due 2026-10-01 (60 days), apart from CAD.
		f.invoice(b.ID, "USD", "2026-09-01", "2026-10-01", 7000)

		got, err := report.Reports{Store: s}.Aging(f.ctx, f.co.ID, invoice.Date{Year: 2026, Month: 11, Day: 30}, "")
		if err != nil {
			t.Fatal(err)
		}
		want := report.Aging{AsOf: invoice.Date{Year: 2026, Month: 11, Day: 30}, Currencies: []report.AgingCurrency{
			{Currency: "CAD", Customers: []report.AgingLine{
				{CustomerID: a.ID, Name: "Alpha", Amounts: [5]int64{100 + 25600, 200 + 400, 800 + 1600, 3200 + 6400, 12800}, Total: 51100},
				{CustomerID: b.ID, Name: "Bêta", Amounts: [5]int64{0, 30000, 0, 0, 30000}, Total: 60000},
			}, Totals: report.AgingLine{Amounts: [5]int64{25700, 30600, 2400, 9600, 42800}, Total: 111100}},
			{Currency: "USD", Customers: []report.AgingLine{
				{CustomerID: b.ID, Name: "Bêta", Amounts: [5]int64{0, 0, 7000, 0, 0}, Total: 7000},
			}, Totals: report.AgingLine{Amounts: [5]int64{0, 0, 7000, 0, 0}, Total: 7000}},
		}}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("aging\n got %+v\nwant %+v", got, want)
		}
		// As of today (2026-12-15) every payment counts: Bêta's CAD is
		// 200 $ from 2026-11-15 (30 days).
		now, err := report.Reports{Store: s}.Aging(f.ctx, f.co.ID, invoice.Date{Year: 2026, Month: 12, Day: 15}, "CAD")
		if err != nil {
			t.Fatal(err)
		}
		if len(now.Currencies) != 1 || now.Currencies[0].Customers[1].Amounts != [5]int64{0, 20000, 0, 0, 0} {
			t.Errorf("aging as of 2026-12-15, CAD only: %+v", now)
		}
	})
}

func TestDSOKnownMonth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		c := storetest.Customer(t, s, f.co.ID, "Gamma")
		i1 := f.invoice(c.ID, "CAD", "2026-09-01", "2026-09-30", 100000)
		f.pay(i1, 40000, "2026-10-15")
		f.pay(i1, 60000, "2026-11-10")                                                        // after October: owed at its end
		f.invoice(c.ID, "CAD", "2026-10-10", "2026-11-09", 52000)                             // unpaid
		f.invoice(c.ID, "CAD", "2026-07-01", "2026-07-31", 30000)                             // owed, issued before the window
		f.invoice(c.ID, "CAD", "2026-11-05", "2026-12-05", 70000)                             // issued after October
		f.pay(f.invoice(c.ID, "CAD", "2026-08-03", "2026-09-02", 10000), 10000, "2026-08-20") // first day of the window
		f.pay(f.invoice(c.ID, "CAD", "2026-08-02", "2026-09-01", 10000), 10000, "2026-08-20") // the day before it
		f.invoice(c.ID, "USD", "2026-10-01", "2026-10-31", 99999)                             // another currency

		ms, err := report.Reports{Store: s}.DSO(f.ctx, f.co.ID, "CAD", invoice.Date{Year: 2026, Month: 12, Day: 15}, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 3 || ms[0].Month != "2026-10" || ms[2].Month != "2026-12" || ms[2].Day.String() != "2026-12-15" {
			t.Fatalf("months: %+v", ms)
		}
		// AR at 2026-10-31 = 600 + 520 + 300 = 1 420 $; invoiced from
		// 2026-08-03 to 2026-10-31 = 1 000 + 520 + 100 = 1 620 $;
		// 1420 / 1620 × 90 = 78.89.
		oct := ms[0]
		if oct.Open != 142000 || oct.Invoiced != 162000 || oct.String() != "78.9" {
			t.Errorf("October: %+v (DSO %s), want open 142000, invoiced 162000, DSO 78.9", oct, oct.String())
		}
	})
}

// DSO over three month ends, with payments made after a month end on one
// day (one payment, or two the same day) and over several days.
func TestDSOPaymentsAfterMonthEnds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		c := storetest.Customer(t, s, f.co.ID, "Epsilon")
		f.pay(f.invoice(c.ID, "CAD", "2026-10-20", "2026-11-19", 20000), 20000, "2026-11-03") // a: paid after October
		b := f.invoice(c.ID, "CAD", "2026-10-05", "2026-11-04", 50000)
		f.pay(b, 10000, "2026-10-25")
		f.pay(b, 15000, "2026-11-10")
		f.pay(b, 25000, "2026-12-02")
		cc := f.invoice(c.ID, "CAD", "2026-11-15", "2026-12-15", 30000)
		f.pay(cc, 10000, "2026-12-01")
		f.pay(cc, 20000, "2026-12-01")
		f.pay(f.invoice(c.ID, "CAD", "2026-09-10", "2026-10-10", 40000), 40000, "2026-09-30") // d: paid before
		f.pay(f.invoice(c.ID, "CAD", "2026-11-20", "2026-12-20", 10000), 4000, "2026-12-05")  // e: part paid after November
		ms, err := report.Reports{Store: s}.DSO(f.ctx, f.co.ID, "CAD", invoice.Date{Year: 2026, Month: 12, Day: 15}, 3)
		if err != nil {
			t.Fatal(err)
		}
		// 2026-10-31: a 200 + b 500 − 100 = 600 owed; invoiced 2026-08-03 …
		// 10-31: a 200 + b 500 + d 400 = 1 100; 600 / 1100 × 90 = 49.09.
		// 2026-11-30: b 250 + c 300 + e 100 = 650; invoiced 09-02 … 11-30:
		// 1 500; 650 / 1500 × 90 = 39.0. 2026-12-15: e 60 owed; invoiced
		// 09-17 … 12-15: a, b, c, e = 1 100; 60 / 1100 × 90 = 4.91.
		want := []struct {
			open, invoiced int64
			dso            string
		}{{60000, 110000, "49.1"}, {65000, 150000, "39.0"}, {6000, 110000, "4.9"}}
		if len(ms) != len(want) {
			t.Fatalf("months: %+v", ms)
		}
		for k, w := range want {
			if m := ms[k]; m.Open != w.open || m.Invoiced != w.invoiced || m.String() != w.dso {
				t.Errorf("%s: open %d, invoiced %d, DSO %q; want %d, %d, %q", m.Month, m.Open, m.Invoiced, m.String(), w.open, w.invoiced, w.dso)
			}
		}
	})
}

func TestEffectivenessDays7And8(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s) // America/Toronto; EDT ends 2026-11-01
		c := storetest.Customer(t, s, f.co.ID, "Delta")
		inv := func() *invoice.Invoice { return f.invoice(c.ID, "CAD", "2026-09-01", "2026-10-01", 10000) }

		// Step 1, sent 2026-11-02 at 09:00 in Toronto.
		day7, day8, unpaid := inv(), inv(), inv()
		for _, i := range []*invoice.Invoice{day7, day8, unpaid} {
			f.sent(i, 1, "2026-11-02T14:00:00Z", "sent")
		}
		f.pay(day7, 10000, "2026-11-09")
		f.pay(day8, 4000, "2026-11-05")
		f.pay(day8, 6000, "2026-11-10")
		f.pay(unpaid, 5000, "2026-11-04")

		// Step 2: sent at 23:30 on 2026-11-02 in Toronto (04:30 UTC on the
		// 3rd), paid on the 10th: 8 days (7 by the UTC day).
		late := inv()
		f.sent(late, 2, "2026-11-03T04:30:00Z", "sent")
		f.pay(late, 10000, "2026-11-10")
		// Step 2: sent at 00:30 on 2026-10-30, still EDT (04:30 UTC), paid
		// on 2026-11-06: 7 days (8 with November's offset).
		edt := inv()
		f.sent(edt, 2, "2026-10-30T04:30:00Z", "sent")
		f.pay(edt, 10000, "2026-11-06")
		slow := inv()
		f.sent(slow, 2, "2026-11-02T14:00:00Z", "sent")
		f.pay(slow, 10000, "2026-12-02") // 30 days
		// Manual reminder on the unpaid one; a failed one and one outside
		// the period do not count.
		f.sent(unpaid, 0, "2026-11-20T15:00:00Z", "sent")
		f.sent(unpaid, 3, "2026-11-20T15:00:00Z", "failed")
		f.sent(day7, 3, "2026-09-20T15:00:00Z", "sent")

		got, err := report.Reports{Store: s}.Effectiveness(f.ctx, f.co.ID, f.co.Location(),
			invoice.Date{Year: 2026, Month: 10, Day: 1}, invoice.Date{Year: 2026, Month: 11, Day: 30})
		if err != nil {
			t.Fatal(err)
		}
		want := []report.StepStats{
			{Step: 0, Sent: 1},
			{Step: 1, Sent: 3, Within7: 1, Within14: 2, Paid: 2, MedianTenths: 75, MedianOK: true},
			{Step: 2, Sent: 3, Within7: 1, Within14: 2, Paid: 3, MedianTenths: 80, MedianOK: true},
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("effectiveness\n got %+v\nwant %+v", got, want)
		}
		if got[1].Median() != "7.5" || got[2].Median() != "8" || got[0].Median() != "" {
			t.Errorf("medians %q %q %q", got[0].Median(), got[1].Median(), got[2].Median())
		}
	})
}
