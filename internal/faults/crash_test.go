package faults_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/config"
	"github.com/relance-app/relance/internal/mail/smtptest"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestCrashKillAndRestart: `relance serve` sends 2 000 due reminders to a
// real SMTP server and is killed with SIGKILL at three random points of the
// sending, restarted each time. At the end every reminder was received and
// is `sent`; a message received twice carries the same Message-ID and was
// in flight (accepted by the server, not yet committed by us) when a
// process died. On SQLite the database passes integrity_check after every
// kill. RELANCE_LONG=1: 10 000 reminders, ten kills.
func TestCrashKillAndRestart(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			url := storetest.SQLiteURL(t)
			if db == "postgres" {
				url = storetest.PostgresURL(t)
			}
			crashRun(t, url, scale(2000, 10000), scale(3, 10))
		})
	}
}

func crashRun(t *testing.T, url string, n, kills int) {
	ctx := context.Background()
	s, err := store.OpenAndMigrate(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	co := seedDue(t, s, n)
	// Each reminder charges a late fee (issue 15): it must be written
	// exactly once per reminder, whatever the kills do.
	st, err := s.ReminderSettings(ctx, co.ID)
	if err != nil {
		t.Fatal(err)
	}
	st.Steps[0].LateFee = &reminder.LateFee{Kind: reminder.FeeFixed, Amount: "2.50", TaxRate: "5"}
	if err := storetest.Books(s).PutReminderSettings(ctx, co.ID, st); err != nil {
		t.Fatal(err)
	}
	srv := smtptest.Start(t)
	arr := watchArrivals(srv)
	rng := newRand(t)

	// Kill points: distinct random message counts between 5 % and 90 %.
	var points []int
	for len(points) < kills {
		p := n/20 + rng.IntN(n*85/100)
		if !slices.Contains(points, p) {
			points = append(points, p)
		}
	}
	slices.Sort(points)

	// The lease is far above the time a batch of 16 messages takes, even on
	// a loaded CI machine, and short enough for the test to wait it out.
	env := serveEnv(url, srv.URL(), "10s")
	p := startServe(t, "serve-0", env)
	var killedAt []time.Time
	var at []int
	for i, point := range points {
		waitFor(t, 5*time.Minute, 2*time.Millisecond, "the server to receive more messages", func() bool {
			return len(srv.Messages()) >= point
		})
		p.kill()
		killedAt = append(killedAt, time.Now())
		at = append(at, len(srv.Messages()))
		if s.Dialect() == store.SQLite {
			integrityCheck(t, s)
		}
		p = startServe(t, "serve-"+itoa(i+1), env)
	}
	waitFor(t, 10*time.Minute, 50*time.Millisecond, "every reminder to be sent", func() bool {
		pending, err := s.PendingReminders(ctx)
		return err == nil && pending == 0 && len(srv.ByMessageID()) >= n
	})
	p.stop()
	if s.Dialect() == store.SQLite {
		integrityCheck(t, s)
	}

	c := count(t, s, srv)
	t.Logf("FIGURES crash %s: %d reminders, %d kills at %v messages received: %s", s.Dialect(), n, kills, at, c)
	if c.reminders != n || c.sent != n || c.lost != 0 || c.strangers != 0 || c.distinct != n {
		t.Errorf("want %d reminders all sent and received: %s", n, c)
	}
	// At most a send batch per worker is between the server's 250 and our
	// commit when a process dies.
	if c.duplicates > kills*inFlight {
		t.Errorf("%d duplicates for %d kills of %d workers × %d per commit", c.duplicates, kills, serveWorkers, config.DefaultSendBatch)
	}
	if u := arr.unexplained(c.twice, killedAt); len(u) > 0 {
		t.Errorf("%d messages received twice with no kill to explain it: %v", len(u), u)
	}
	fees, err := s.FeeLines(ctx, co.ID)
	if err != nil {
		t.Fatal(err)
	}
	doubles := 0
	for _, k := range fees {
		if k != 1 {
			doubles++
		}
	}
	var fined int
	if err := s.DB().Get(&fined, s.DB().Rebind(`SELECT COUNT(*) FROM invoices WHERE company_id = ? AND balance = total - paid
		AND total = subtotal + tax_total AND tax_total = 13`), co.ID); err != nil {
		t.Fatal(err)
	}
	t.Logf("FIGURES crash %s fees: %d reminders with a fee line, %d with more than one, %d invoices with one taxed fee", s.Dialect(),
		len(fees), doubles, fined)
	if len(fees) != n || doubles != 0 || fined != n {
		t.Errorf("fees: %d reminders charged (want %d), %d charged twice, %d invoices with exactly one 2.50 + 0.13 fee", len(fees), n, doubles, fined)
	}
}

// integrityCheck runs PRAGMA integrity_check on a SQLite store.
func integrityCheck(t *testing.T, s *store.Store) {
	t.Helper()
	var res []string
	if err := s.DB().Select(&res, "PRAGMA integrity_check"); err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	if len(res) != 1 || res[0] != "ok" {
		t.Fatalf("integrity_check: %v", res)
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
