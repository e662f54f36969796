package faults_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/config"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/mail/smtptest"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// relanceBin is the `relance` binary built once for the whole package.
var relanceBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "relance-faults-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	relanceBin = filepath.Join(dir, "relance")
	build := exec.Command("go", "build", "-o", relanceBin, "github.com/relance-app/relance/cmd/relance")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "faults: go build relance:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// long reports whether RELANCE_LONG=1 asks for the long form.
func long() bool { return os.Getenv("RELANCE_LONG") == "1" }

// scale is short in CI, long under RELANCE_LONG=1.
func scale(short, long_ int) int {
	if long() {
		return long_
	}
	return short
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newRand is a seeded source, logged so that a failing run can be replayed
// with RELANCE_FAULT_SEED.
func newRand(t *testing.T) *rand.Rand {
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("RELANCE_FAULT_SEED"); v != "" {
		fmt.Sscan(v, &seed)
	}
	t.Logf("random seed %d (RELANCE_FAULT_SEED=%d replays it)", seed, seed)
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// waitFor polls cond until it holds or the deadline passes. The deadline
// is a failure bound, never an assertion about speed.
func waitFor(t *testing.T, limit time.Duration, every time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up after %s waiting for %s", limit, what)
		}
		time.Sleep(every)
	}
}

// seedDue creates a company (UTC, send time 00:00, only step 1 on: the due
// date itself) and n invoices due today, so that every one has a reminder
// due now for the serve process's real clock. Each invoice has its own
// recipient, inv-N@example.test.
func seedDue(t *testing.T, s *store.Store, n int) *invoice.Company {
	t.Helper()
	return seedDueOn(t, s, n, invoice.LocalDate(time.Now(), time.UTC))
}

// seedDueOn is seedDue for invoices due on today.
func seedDueOn(t *testing.T, s *store.Store, n int, today invoice.Date) *invoice.Company {
	t.Helper()
	ctx := context.Background()
	co := &invoice.Company{Name: "Atelier Panne", Email: "billing@example.com", Timezone: "UTC", Language: "en", Currency: "CAD"}
	if err := s.CreateCompany(ctx, co); err != nil {
		t.Fatal(err)
	}
	st, err := s.ReminderSettings(ctx, co.ID)
	if err != nil {
		t.Fatal(err)
	}
	st.Enabled, st.AttachPDF, st.SendTime, st.Timezone = true, false, "00:00", "UTC"
	for i := range st.Steps {
		st.Steps[i].Enabled = false
	}
	st.Steps[0].Enabled, st.Steps[0].Days, st.Steps[0].When = true, 0, reminder.After
	if err := storetest.Books(s).PutReminderSettings(ctx, co.ID, st); err != nil {
		t.Fatal(err)
	}
	cu := storetest.Customer(t, s, co.ID, "Client Panne")
	const batch = 1000
	for k := 0; k < n; k += batch {
		var invs []*invoice.Invoice
		for i := k; i < min(k+batch, n); i++ {
			inv := storetest.Invoice(co.ID, cu.ID, storetest.Seq(i), today.AddDays(-30), today, 10000+int64(i))
			inv.Email = fmt.Sprintf("inv-%d@example.test", i)
			invs = append(invs, inv)
		}
		if err := storetest.Books(s).CreateInvoices(ctx, co.ID, invs); err != nil {
			t.Fatal(err)
		}
	}
	return co
}

// server is one `relance serve` process.
type server struct {
	t    *testing.T
	name string
	cmd  *exec.Cmd
	log  string // its stderr, kept in a file
	done chan struct{}
	err  error
}

// Every serve process runs serveWorkers workers with the default send
// batch. A process that dies can have at most inFlight messages accepted by
// the SMTP server and not yet recorded sent (RELIABILITY.md): the bound on
// the copies each kill may cause.
const (
	serveWorkers = 4
	inFlight     = serveWorkers * config.DefaultSendBatch
)

// serveEnv is the environment every serve process of a test shares.
func serveEnv(dbURL, smtpURL, lease string) []string {
	return []string{
		"RELANCE_DATABASE_URL=" + dbURL,
		"RELANCE_SMTP_URL=" + smtpURL,
		"RELANCE_ADDR=127.0.0.1:0",
		"RELANCE_SCAN_INTERVAL=1s",
		"RELANCE_LEASE=" + lease,
		"RELANCE_WORKERS=" + fmt.Sprint(serveWorkers),
		"RELANCE_SEND_BATCH=" + fmt.Sprint(config.DefaultSendBatch),
		"RELANCE_FROM=Billing <billing@relance.test>",
	}
}

// startServe starts `relance serve` and waits until it listens.
func startServe(t *testing.T, name string, env []string) *server {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), name+".log")
	f, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(relanceBin, "serve")
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		f.Close()
		t.Fatal(err)
	}
	p := &server{t: t, name: name, cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		f.Close()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			p.dumpLog()
		}
	})
	waitFor(t, time.Minute, 10*time.Millisecond, name+" to listen", func() bool {
		select {
		case <-p.done:
			p.dumpLog()
			t.Fatalf("%s exited at start: %v", name, p.err)
		default:
		}
		b, _ := os.ReadFile(logPath)
		return strings.Contains(string(b), "relance listening")
	})
	return p
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *server) kill() {
	p.t.Helper()
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// stop asks for a graceful shutdown and checks the exit status.
func (p *server) stop() {
	p.t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(time.Minute):
		p.cmd.Process.Kill()
		<-p.done
		p.t.Errorf("%s did not stop within a minute of SIGTERM", p.name)
	}
	if p.err != nil {
		p.t.Errorf("%s exited with %v", p.name, p.err)
	}
}

// errorLines returns the log lines at level ERROR (for the report).
func (p *server) errorLines() []string {
	f, err := os.Open(p.log)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "level=ERROR") {
			out = append(out, sc.Text())
		}
	}
	return out
}

func (p *server) dumpLog() {
	b, _ := os.ReadFile(p.log)
	if len(b) > 8000 {
		b = b[len(b)-8000:]
	}
	p.t.Logf("---- %s log (tail) ----\n%s", p.name, b)
}

// tally compares what the SMTP server received with the reminders in the
// database.
type tally struct {
	reminders  int      // reminders in the database
	sent       int      // of them in state sent
	received   int      // messages the SMTP server accepted
	distinct   int      // distinct Message-IDs among them
	lost       int      // reminders whose Message-ID never arrived
	duplicates int      // messages received beyond the first per Message-ID
	strangers  int      // received Message-IDs that are no reminder's
	twice      []string // Message-IDs received more than once
}

func (c tally) String() string {
	return fmt.Sprintf("%d reminders (%d sent), %d messages received, %d distinct, %d lost, %d duplicates, %d unknown",
		c.reminders, c.sent, c.received, c.distinct, c.lost, c.duplicates, c.strangers)
}

func count(t *testing.T, s *store.Store, srv *smtptest.Server) tally {
	t.Helper()
	var rows []struct {
		MessageID string `db:"message_id"`
		State     string `db:"state"`
	}
	if err := s.DB().SelectContext(context.Background(), &rows, `SELECT message_id, state FROM reminders`); err != nil {
		t.Fatal(err)
	}
	got := srv.ByMessageID()
	c := tally{reminders: len(rows), received: len(srv.Messages()), distinct: len(got)}
	known := map[string]bool{}
	for _, r := range rows {
		known[r.MessageID] = true
		if r.State == reminder.StateSent {
			c.sent++
		}
		if got[r.MessageID] == 0 {
			c.lost++
		}
	}
	for id, k := range got {
		if !known[id] {
			c.strangers++
		}
		if k > 1 {
			c.duplicates += k - 1
			c.twice = append(c.twice, id)
		}
	}
	return c
}

// arrivals records when each Message-ID was first accepted, so that a
// duplicate can be told apart: one whose first copy arrived before a kill
// was in flight when the process died; any other is a double send by live
// processes.
type arrivals struct {
	mu    sync.Mutex
	first map[string]time.Time
}

func watchArrivals(srv *smtptest.Server) *arrivals {
	a := &arrivals{first: map[string]time.Time{}}
	srv.OnData(func(m smtptest.Message) error {
		a.mu.Lock()
		defer a.mu.Unlock()
		if _, ok := a.first[m.MessageID]; !ok {
			a.first[m.MessageID] = time.Now()
		}
		return nil
	})
	return a
}

// killGrace: how long after a kill the server may still be reading what
// the killed process wrote before it died. The number of duplicates is
// bounded separately (by the messages a process has in flight).
const killGrace = 2 * time.Second

// unexplained lists the duplicated Message-IDs whose first copy arrived
// after every kill in kills: sent twice although no process died with it in
// flight.
func (a *arrivals) unexplained(twice []string, kills []time.Time) []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	for _, id := range twice {
		first := a.first[id]
		explained := false
		for _, k := range kills {
			// The killed process's last message may have reached the
			// server's socket before the kill and be read just after it:
			// killGrace is for that read, on a loaded machine.
			if !first.After(k.Add(killGrace)) {
				explained = true
			}
		}
		if !explained {
			out = append(out, id)
		}
	}
	return out
}
