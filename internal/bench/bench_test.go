package bench

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/mail/smtptest"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestRunTiny runs the whole bench at a tiny size against the test SMTP
// server, on each database, so that it cannot rot. It asserts what was
// delivered and that every figure was measured, never a time.
func TestRunTiny(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			pg := ""
			if db == "postgres" {
				storetest.Postgres(t) // skips (or fails when required) without a server
				pg = storetest.PostgresAdminURL()
			}
			srv := smtptest.Start(t)
			var log bytes.Buffer
			o := Options{DB: db, PostgresURL: pg, Data: Data{Companies: 2, Customers: 6, Invoices: 1000},
				Send: 8, Workers: 3, SMTPURL: srv.URL(), WorkDir: t.TempDir(), RenderFor: 20 * time.Millisecond,
				Keep: db == "sqlite", CacheDir: t.TempDir(), Log: &log}
			r, err := Run(context.Background(), o)
			if err != nil {
				t.Fatalf("run: %v\n%s", err, log.String())
			}
			if r.DueScheduled != 10 || r.Send.Sent != 8 || len(srv.Messages()) != 8 {
				t.Fatalf("scheduled %d, sent %d, server got %d; want 10, 8, 8", r.DueScheduled, r.Send.Sent, len(srv.Messages()))
			}
			for _, m := range srv.Messages() {
				if !bytes.Contains(m.Data, []byte("application/pdf")) {
					t.Fatalf("message %s has no PDF", m.MessageID)
				}
			}
			if r.Send.P50 <= 0 || r.Send.P99 < r.Send.P50 || r.Send.AvgBytes < 1000 || r.Send.PeakRSS <= 0 {
				t.Errorf("send figures not measured: %+v", r.Send)
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
				if err != nil || !r.Cached || len(srv2.Messages()) != 8 {
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
