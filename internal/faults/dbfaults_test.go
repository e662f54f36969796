package faults_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/mail/smtptest"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestPostgresRestartDuringSend: PostgreSQL is restarted (pg_ctlcluster
// restart) while `relance serve` sends 2 000 reminders; the process keeps
// running, reconnects and finishes: nothing lost, duplicates only for
// messages accepted by SMTP whose commit the restart cut off.
//
// It stops the server every other PostgreSQL test uses, so it runs only
// with RELANCE_PG_RESTART=1 (a separate step of .ci/run, after go test).
func TestPostgresRestartDuringSend(t *testing.T) {
	if os.Getenv("RELANCE_PG_RESTART") != "1" {
		t.Skip("restarts the PostgreSQL server under every other test: set RELANCE_PG_RESTART=1 to run it alone (.ci/run does)")
	}
	versions, err := os.ReadDir("/etc/postgresql")
	if err != nil || len(versions) != 1 {
		t.Fatalf("want one cluster version under /etc/postgresql: %v %v", versions, err)
	}
	url := storetest.PostgresURL(t)
	ctx := context.Background()
	s, err := store.OpenAndMigrate(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, restarts := scale(2000, 10000), scale(1, 3)
	seedDue(t, s, n)
	srv := smtptest.Start(t)
	arr := watchArrivals(srv)
	p := startServe(t, "serve", serveEnv(url, srv.URL(), "5s"))
	var restartedAt []time.Time
	for i := 1; i <= restarts; i++ {
		point := n * i / (restarts + 2)
		waitFor(t, 5*time.Minute, 2*time.Millisecond, "the server to receive more messages", func() bool {
			return len(srv.Messages()) >= point
		})
		out, err := exec.Command("pg_ctlcluster", "--skip-systemctl-redirect", versions[0].Name(), "main", "restart").CombinedOutput()
		if err != nil {
			t.Fatalf("pg_ctlcluster restart: %v\n%s", err, out)
		}
		restartedAt = append(restartedAt, time.Now())
		t.Logf("PostgreSQL restarted at %d messages received", len(srv.Messages()))
	}
	waitFor(t, 10*time.Minute, 100*time.Millisecond, "every reminder to be sent after the restart", func() bool {
		pending, err := s.PendingReminders(ctx)
		return err == nil && pending == 0 && len(srv.ByMessageID()) >= n
	})
	select {
	case <-p.done:
		t.Fatalf("relance serve exited during the restart: %v", p.err)
	default:
	}
	dbErrors := len(p.errorLines())
	p.stop()
	c := count(t, s, srv)
	t.Logf("FIGURES postgres restart: %d reminders, %d restarts, %d errors logged by serve: %s", n, restarts, dbErrors, c)
	if dbErrors == 0 {
		t.Errorf("serve logged no database error: the restart did not hit the send run")
	}
	if c.reminders != n || c.sent != n || c.lost != 0 || c.strangers != 0 || c.distinct != n {
		t.Errorf("want %d reminders all sent and received: %s", n, c)
	}
	if c.duplicates > restarts*inFlight {
		t.Errorf("%d duplicates for %d restarts; at most %d messages in flight", c.duplicates, restarts, inFlight)
	}
	// The workers' commits fail while the server is down, after SMTP has
	// accepted the message: those are the only duplicates allowed.
	if u := arr.unexplained(c.twice, restartedAt); len(u) > 0 {
		t.Errorf("%d messages received twice with no restart to explain it: %v", len(u), u)
	}
}

// TestSQLiteKilledMidImport: `relance import invoices` of a large CSV file
// is killed with SIGKILL while it writes; the database opens, passes
// PRAGMA integrity_check, holds no half invoice (every invoice has its
// line), and importing the file again completes it.
func TestSQLiteKilledMidImport(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "relance.db")
	url := "sqlite:" + dbPath
	ctx := context.Background()
	s, err := store.OpenAndMigrate(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	co := storetest.Company(t, s, "Import Panne")
	storetest.Customer(t, s, co.ID, "Client Import")
	s.Close()

	n := scale(20000, 100000)
	var b strings.Builder
	b.WriteString("number,customer,issue_date,due_date,description,quantity,unit_price,tax_rate\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "K-%06d,Client Import,2026-01-02,2026-02-02,Travaux %d,2,%d.%02d,14.975\n", i, i, 10+i%500, i%100)
	}
	csv := filepath.Join(dir, "invoices.csv")
	if err := os.WriteFile(csv, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "RELANCE_DATABASE_URL="+url)
	rng := newRand(t)
	kills := scale(2, 5)
	for k := 0; k < kills; k++ {
		cmd := exec.Command(relanceBin, "import", "invoices", csv)
		cmd.Env = env
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		// Kill once the write-ahead log has grown past a random size: the
		// process is in the middle of writing.
		limit := int64(256<<10 + rng.IntN(3<<20)) // below the 4 MB auto-checkpoint size
		for {
			fi, err := os.Stat(dbPath + "-wal")
			if err == nil && fi.Size() >= limit {
				break
			}
			select {
			case err := <-done:
				t.Fatalf("import finished before the kill (%v): make the file larger", err)
			case <-time.After(time.Millisecond):
			}
		}
		cmd.Process.Kill()
		<-done

		s, err := store.Open(ctx, url)
		if err != nil {
			t.Fatalf("after kill %d: open: %v", k, err)
		}
		integrityCheck(t, s)
		var invoices, half int
		if err := s.DB().Get(&invoices, `SELECT COUNT(*) FROM invoices`); err != nil {
			t.Fatal(err)
		}
		if err := s.DB().Get(&half, `SELECT COUNT(*) FROM invoices i WHERE NOT EXISTS (SELECT 1 FROM invoice_lines l WHERE l.invoice_id = i.id)`); err != nil {
			t.Fatal(err)
		}
		s.Close()
		t.Logf("kill %d at a WAL of %d KiB: %d invoices stored, %d without lines", k, limit>>10, invoices, half)
		if half != 0 {
			t.Errorf("after kill %d: %d invoices without their line", k, half)
		}
	}
	again := exec.Command(relanceBin, "import", "invoices", csv)
	again.Env = env
	out, err := again.CombinedOutput()
	if err != nil {
		t.Fatalf("import after the kills: %v\n%s", err, out)
	}
	s, err = store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	integrityCheck(t, s)
	var invoices int
	if err := s.DB().Get(&invoices, `SELECT COUNT(*) FROM invoices`); err != nil {
		t.Fatal(err)
	}
	if invoices != n {
		t.Errorf("%d invoices after importing again, want %d", invoices, n)
	}
}
