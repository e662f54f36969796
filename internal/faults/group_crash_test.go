package faults_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/mail/smtptest"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestGroupedCrashKillAndRestart: with grouping on, `relance serve` sends
// one message per customer (3 invoices each, PDFs attached) and is killed
// with SIGKILL twice while sending, restarted each time. At the end every
// row is sent; each customer's rows share one Message-ID; every copy the
// server received of a message lists all the invoices of its rows and
// carries all their PDFs — a crash resends the whole message with the
// same Message-ID, never a part of it.
func TestGroupedCrashKillAndRestart(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			url := storetest.SQLiteURL(t)
			if db == "postgres" {
				url = storetest.PostgresURL(t)
			}
			groupedCrashRun(t, url, scale(100, 1000), 3, scale(2, 5))
		})
	}
}

func groupedCrashRun(t *testing.T, url string, customers, per, kills int) {
	ctx := context.Background()
	s, err := store.OpenAndMigrate(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	today := invoice.LocalDate(time.Now(), time.UTC)
	co := seedDueOn(t, s, 0, today)
	st, err := s.ReminderSettings(ctx, co.ID)
	if err != nil {
		t.Fatal(err)
	}
	st.GroupByCustomer, st.AttachPDF = true, true
	if err := storetest.Books(s).PutReminderSettings(ctx, co.ID, st); err != nil {
		t.Fatal(err)
	}
	for c := 0; c < customers; c++ {
		cu := &invoice.Customer{CompanyID: co.ID, DisplayName: fmt.Sprintf("Client %d", c), Email: fmt.Sprintf("c%d@example.test", c), Language: "en"}
		if err := s.CreateCustomer(ctx, cu); err != nil {
			t.Fatal(err)
		}
		var invs []*invoice.Invoice
		for k := 0; k < per; k++ {
			inv := storetest.Invoice(co.ID, cu.ID, fmt.Sprintf("C%d-%d", c, k), today.AddDays(-30), today, 10000)
			inv.Email = cu.Email
			invs = append(invs, inv)
		}
		if err := storetest.Books(s).CreateInvoices(ctx, co.ID, invs); err != nil {
			t.Fatal(err)
		}
	}
	srv := smtptest.Start(t)
	rng := newRand(t)
	var points []int
	for len(points) < kills {
		p := customers/10 + rng.IntN(customers*8/10)
		if !slices.Contains(points, p) {
			points = append(points, p)
		}
	}
	slices.Sort(points)
	env := serveEnv(url, srv.URL(), "10s")
	p := startServe(t, "grouped-0", env)
	for i, point := range points {
		waitFor(t, 5*time.Minute, 2*time.Millisecond, "the server to receive more messages", func() bool {
			return len(srv.Messages()) >= point
		})
		p.kill()
		p = startServe(t, "grouped-"+itoa(i+1), env)
	}
	waitFor(t, 10*time.Minute, 50*time.Millisecond, "every row to be sent", func() bool {
		pending, err := s.PendingReminders(ctx)
		return err == nil && pending == 0 && len(srv.ByMessageID()) >= customers
	})
	p.stop()

	// The rows: every one sent, per customer one Message-ID.
	var rows []struct {
		Number    string `db:"number"`
		Customer  int64  `db:"customer_id"`
		State     string `db:"state"`
		MessageID string `db:"message_id"`
		GroupKey  string `db:"group_key"`
	}
	if err := s.DB().SelectContext(ctx, &rows, s.DB().Rebind(`SELECT i.number, i.customer_id, r.state, r.message_id, r.group_key
		FROM reminders r JOIN invoices i ON i.id = r.invoice_id WHERE r.company_id = ?`), co.ID); err != nil {
		t.Fatal(err)
	}
	if len(rows) != customers*per {
		t.Fatalf("%d rows, want %d", len(rows), customers*per)
	}
	byMsg := map[string][]string{}
	msgOf := map[int64]string{}
	for _, r := range rows {
		if r.State != reminder.StateSent || r.GroupKey == "" {
			t.Errorf("%s: %s, group %q", r.Number, r.State, r.GroupKey)
		}
		if m, ok := msgOf[r.Customer]; ok && m != r.MessageID {
			t.Errorf("customer %d's rows under two Message-IDs", r.Customer)
		}
		msgOf[r.Customer] = r.MessageID
		byMsg[r.MessageID] = append(byMsg[r.MessageID], r.Number)
	}
	// The messages: each copy whole.
	numbers := regexp.MustCompile(`(?m)^Invoice (C\d+-\d+) —`) // the table's lines (links are random tokens)
	dup := 0
	got := map[string]int{}
	for _, m := range srv.Messages() {
		want, ok := byMsg[m.MessageID]
		if !ok {
			t.Errorf("message %s matches no row", m.MessageID)
			continue
		}
		got[m.MessageID]++
		if got[m.MessageID] > 1 {
			dup++
		}
		pm, err := mail.Parse(m.Data)
		if err != nil {
			t.Fatal(err)
		}
		var listed []string
		for _, m := range numbers.FindAllStringSubmatch(pm.Text, -1) {
			listed = append(listed, m[1])
		}
		listed = slices.Compact(slices.Sorted(slices.Values(listed)))
		pdfs := 0
		for _, part := range pm.Parts {
			if part.Attachment && part.Type == "application/pdf" {
				pdfs++
			}
		}
		if !slices.Equal(listed, slices.Sorted(slices.Values(want))) || pdfs != len(want) {
			t.Errorf("message %s lists %v with %d PDFs, want %v with %d", m.MessageID, listed, pdfs, want, len(want))
		}
	}
	if len(got) != customers {
		t.Errorf("%d distinct messages received, want %d (one per customer)", len(got), customers)
	}
	t.Logf("FIGURES grouped crash %s: %d customers × %d invoices, %d kills, %d messages received twice", s.Dialect(), customers, per, kills, dup)
	if dup > kills*inFlight {
		t.Errorf("%d duplicates for %d kills; at most %d messages in flight", dup, kills, inFlight)
	}
}
