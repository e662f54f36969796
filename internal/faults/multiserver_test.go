package faults_test

import (
	"context"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/mail/smtptest"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestThreeServersOnePostgres: three `relance serve` processes share one
// PostgreSQL database and 5 000 due reminders; one is killed with SIGKILL
// part-way and not restarted. The two others finish the work: every
// reminder is received, under its own Message-ID, and the only possible
// second copies are those the killed process had in flight. The live
// processes never both send one reminder. RELANCE_LONG=1: 20 000.
func TestThreeServersOnePostgres(t *testing.T) {
	url := storetest.PostgresURL(t)
	ctx := context.Background()
	s, err := store.OpenAndMigrate(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := scale(5000, 20000)
	seedDue(t, s, n)
	srv := smtptest.Start(t)
	arr := watchArrivals(srv)
	rng := newRand(t)

	env := serveEnv(url, srv.URL(), "10s")
	procs := []*server{startServe(t, "serve-a", env), startServe(t, "serve-b", env), startServe(t, "serve-c", env)}
	point := n/5 + rng.IntN(n*2/5)
	waitFor(t, 5*time.Minute, 2*time.Millisecond, "the server to receive more messages", func() bool {
		return len(srv.Messages()) >= point
	})
	victim := rng.IntN(3)
	procs[victim].kill()
	killedAt := time.Now()
	at := len(srv.Messages())
	waitFor(t, 10*time.Minute, 50*time.Millisecond, "every reminder to be sent", func() bool {
		pending, err := s.PendingReminders(ctx)
		return err == nil && pending == 0 && len(srv.ByMessageID()) >= n
	})
	for i, p := range procs {
		if i != victim {
			p.stop()
		}
	}
	c := count(t, s, srv)
	t.Logf("FIGURES three servers postgres: %d reminders, %s killed at %d messages received: %s", n, procs[victim].name, at, c)
	if c.reminders != n || c.sent != n || c.lost != 0 || c.strangers != 0 || c.distinct != n {
		t.Errorf("want %d reminders all sent and received: %s", n, c)
	}
	if c.duplicates > inFlight {
		t.Errorf("%d duplicates; the killed process had at most %d messages in flight", c.duplicates, inFlight)
	}
	if u := arr.unexplained(c.twice, []time.Time{killedAt}); len(u) > 0 {
		t.Errorf("%d messages sent twice by live processes: %v", len(u), u)
	}
	// Scans ran in all three processes at once; each reminder exists once.
	var perInvoice int
	if err := s.DB().Get(&perInvoice, `SELECT COUNT(*) FROM (SELECT invoice_id FROM reminders GROUP BY invoice_id HAVING COUNT(*) > 1) x`); err != nil {
		t.Fatal(err)
	}
	if perInvoice != 0 {
		t.Errorf("%d invoices have more than one reminder", perInvoice)
	}
}
