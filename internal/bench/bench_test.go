package bench

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/mail/smtptest"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestRunTiny runs the whole bench at a tiny size against the test SMTP
// server, on each database, so that it cannot rot. It asserts what was
// delivered and that every figure was measured, never a time.
func TestRunTiny(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		// Not parallel: the send phase holds the process's one CPU profiler.
		t.Run(db, func(t *testing.T) {
			pg := ""
			if db == "postgres" {
				storetest.Postgres(t) // skips (or fails when required) without a server
				pg = storetest.PostgresAdminURL()
			}
			srv := smtptest.Start(t)
			var log bytes.Buffer
			o := Options{DB: db, PostgresURL: pg, Data: Data{Companies: 2, Customers: 6, Invoices: 1000},
				Send: 8, PDF: []bool{true, false}, Workers: 3, SMTPURL: srv.URL(), WorkDir: t.TempDir(), RenderFor: 20 * time.Millisecond,
				Keep: db == "sqlite", CacheDir: t.TempDir(), Log: &log}
			r, err := Run(context.Background(), o)
			if err != nil {
				t.Fatalf("run: %v\n%s", err, log.String())
			}
			// 10 due, two runs of 5 (with the PDF, then without).
			if r.DueScheduled != 10 || len(r.Runs) != 2 || r.Runs[0].Send.Sent != 5 || r.Runs[1].Send.Sent != 5 || len(srv.Messages()) != 10 {
				t.Fatalf("scheduled %d, runs %+v, server got %d; want 10, 5+5, 10", r.DueScheduled, r.Runs, len(srv.Messages()))
			}
			withPDF := 0
			for _, m := range srv.Messages() {
				if bytes.Contains(m.Data, []byte("application/pdf")) {
					withPDF++
				}
			}
			if withPDF != 5 {
				t.Fatalf("%d messages with a PDF, want 5 (the first run's)", withPDF)
			}
			for _, run := range r.Runs {
				s := run.Send
				if s.P50 <= 0 || s.P99 < s.P50 || s.AvgBytes < 1000 || s.PeakRSS <= 0 || len(s.Phases) == 0 || s.ServerCPUKnown != (db == "postgres") {
					t.Errorf("send figures not measured: %+v", s)
				}
			}
			if len(r.Render) != 2 || r.Render[0].Messages == 0 || r.Render[0].AvgBytes <= r.Render[1].AvgBytes {
				t.Errorf("render figures: %+v", r.Render)
			}
			var out bytes.Buffer
			Table(&out, Rows([]*Result{r}))
			Markdown(&out, Rows([]*Result{r}))
			if !strings.Contains(out.String(), "scan with nothing due") {
				t.Errorf("summary lacks the idle scan:\n%s", out.String())
			}
			if db == "sqlite" {
				// The second run takes the cached database.
				srv2 := smtptest.Start(t)
				o.SMTPURL, o.RenderFor, o.WorkDir = srv2.URL(), 0, t.TempDir()
				r, err := Run(context.Background(), o)
				if err != nil || !r.Cached || len(srv2.Messages()) != 10 {
					t.Fatalf("cached run: %v, cached %v, %d messages", err, r != nil && r.Cached, len(srv2.Messages()))
				}
			}
		})
	}
}

func TestFindPostfixSaysHowToGetIt(t *testing.T) {
	_, err := FindPostfix("", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "apt-get download postfix && dpkg -x postfix_*.deb") {
		t.Fatalf("err = %v", err)
	}
}

func TestQuantile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i))
	}
	if quantile(d, 0.5) != 50 || quantile(d, 0.99) != 99 || quantile(d[:1], 0.99) != 1 {
		t.Errorf("quantiles %d %d", quantile(d, 0.5), quantile(d, 0.99))
	}
}

// TestGenerateHistory: each due invoice has had its first reminder, as on
// a working day of a live system, so that the scan finds step 2 due and
// nothing to skip; the others have no history.
func TestGenerateHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		d := Data{Companies: 2, Customers: 4, Invoices: 300}
		b := storetest.Books(s)
		if err := Generate(ctx, b, d, nil); err != nil {
			t.Fatal(err)
		}
		var sent, other int
		if err := s.DB().GetContext(ctx, &sent, `SELECT COUNT(*) FROM reminders WHERE step = 1 AND state = 'sent'`); err != nil {
			t.Fatal(err)
		}
		if err := s.DB().GetContext(ctx, &other, `SELECT COUNT(*) FROM reminders WHERE step <> 1 OR state <> 'sent'`); err != nil {
			t.Fatal(err)
		}
		if sent != d.Dues() || other != 0 {
			t.Fatalf("history: %d sent step-1 reminders and %d others, want %d and 0", sent, other, d.Dues())
		}
		now := ScanTime()
		b = books.New(s, func() time.Time { return now })
		items, _, err := b.ScanBatch(ctx, store.ScanCursor{}, 1000, false, now, func() string { return fmt.Sprintf("<%d@t>", time.Now().UnixNano()) })
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Step != 2 || it.State != reminder.StateScheduled {
				t.Fatalf("scan recorded %+v, want only step 2 scheduled", it)
			}
		}
		if len(items) != d.Dues() {
			t.Fatalf("scan recorded %d reminders, want %d", len(items), d.Dues())
		}
	})
}

// TestProcsEach: processes sharing the host share its cores, unless the
// operator set GOMAXPROCS.
func TestProcsEach(t *testing.T) {
	t.Setenv("GOMAXPROCS", "")
	if got := procsEach(1); got != 0 {
		t.Errorf("one process: GOMAXPROCS %d, want the default (0)", got)
	}
	if got, want := procsEach(3), max(1, runtime.NumCPU()/3); got != want {
		t.Errorf("three processes: GOMAXPROCS %d, want %d", got, want)
	}
	if got := procsEach(2*runtime.NumCPU() + 1); got != 1 {
		t.Errorf("more processes than cores: GOMAXPROCS %d, want 1", got)
	}
	t.Setenv("GOMAXPROCS", "2")
	if got := procsEach(3); got != 0 {
		t.Errorf("GOMAXPROCS set by the operator: %d, want it left alone (0)", got)
	}
	r := SendResult{Servers: 3, Workers: 4, Procs: 1}
	if got := r.senders(); got != "3 processes × 4 workers, GOMAXPROCS=1 each" {
		t.Errorf("senders: %q", got)
	}
}
