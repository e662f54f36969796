package faults_test

import (
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/mail/smtptest"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// front is a TCP relay in front of the SMTP server that can go down
// (listener closed, every connection cut: connections are refused) and come
// back up on the same port.
type front struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]bool
}

func newFront(t *testing.T, target string) *front {
	f := &front{t: t, target: target, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.addr = ln.Addr().String()
	f.serve(ln)
	t.Cleanup(f.down)
	return f
}

func (f *front) serve(ln net.Listener) {
	f.mu.Lock()
	f.ln = ln
	f.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.relay(c)
		}
	}()
}

func (f *front) relay(c net.Conn) {
	b, err := net.Dial("tcp", f.target)
	if err != nil {
		c.Close()
		return
	}
	f.mu.Lock()
	f.conns[c], f.conns[b] = true, true
	f.mu.Unlock()
	var once sync.Once
	closeBoth := func() {
		once.Do(func() {
			c.Close()
			b.Close()
			f.mu.Lock()
			delete(f.conns, c)
			delete(f.conns, b)
			f.mu.Unlock()
		})
	}
	go func() { io.Copy(b, c); closeBoth() }()
	io.Copy(c, b)
	closeBoth()
}

// down closes the listener and cuts every connection.
func (f *front) down() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ln != nil {
		f.ln.Close()
		f.ln = nil
	}
	for c := range f.conns {
		c.Close()
	}
}

// up listens again on the same port.
func (f *front) up() {
	f.t.Helper()
	var ln net.Listener
	waitFor(f.t, 30*time.Second, 10*time.Millisecond, "the port to be free again", func() bool {
		var err error
		ln, err = net.Listen("tcp", f.addr)
		return err == nil
	})
	f.serve(ln)
}

// clock is a settable time shared by the store and the engine.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestSMTPFaults: in the clock time of the engine, the SMTP server refuses
// connections for half an hour (listener closed, then reopened on the same
// port), answers 421 to RCPT for half an hour, 451 after DATA for half an
// hour, and cuts the connection in the middle of DATA for half an hour; one
// recipient is always refused with 550, another always gets 451. Every
// reminder is received exactly once after recovery; the 550 one is
// `failed` with the server's text; the always-451 one is `failed` once its
// 24 hours of retries are over; nothing else is lost.
func TestSMTPFaults(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		day := storetest.MustDate(t, "2026-12-10")
		clk := &clock{t: day.At(10, 0, time.UTC)}
		s.Now = clk.Now
		n := scale(40, 200)
		seedDueOn(t, s, n, day)
		const bounce, busy = "inv-7@example.test", "inv-8@example.test"

		srv := smtptest.Start(t)
		fr := newFront(t, srv.Addr)
		tr, err := mail.NewSMTP("smtp://" + fr.addr + "?tls=none")
		if err != nil {
			t.Fatal(err)
		}
		defer tr.Close()
		e := engine.New(s, tr, engine.Config{From: "Billing <billing@relance.test>", Workers: 2}, quietLog())
		e.Now = clk.Now
		realStart, planStart := time.Now(), clk.Now()
		e.Wall = func() time.Time { return realStart.Add(clk.Now().Sub(planStart)) } // retries follow the simulated hours

		var mu sync.Mutex
		phase := "refused"
		current := func() string { mu.Lock(); defer mu.Unlock(); return phase }
		srv.OnRcpt(func(to string) error {
			switch {
			case to == bounce:
				return smtptest.Perm("5.1.1 <" + bounce + ">: no such mailbox here")
			case to == busy:
				return smtptest.Temp("4.2.1 mailbox busy, try later")
			case current() == "421":
				return &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 3, 2}, Message: "service not available, closing"}
			}
			return nil
		})
		srv.OnData(func(smtptest.Message) error {
			if current() == "451" {
				return smtptest.Temp("4.3.0 local error in processing")
			}
			return nil
		})
		srv.DropData(func() bool { return current() == "drop" })

		fr.down()
		seen := map[string]bool{}
		schedule := []struct {
			until time.Duration
			name  string
		}{{30 * time.Minute, "refused"}, {time.Hour, "421"}, {90 * time.Minute, "451"}, {2 * time.Hour, "drop"}, {30 * time.Hour, "healthy"}}
		start := clk.Now()
		for _, ph := range schedule {
			mu.Lock()
			phase = ph.name
			mu.Unlock()
			if ph.name == "421" {
				fr.up()
			}
			for clk.Now().Sub(start) < ph.until {
				if _, err := e.Scan(ctx, false); err != nil {
					t.Fatal(err)
				}
				if err := e.Drain(ctx); err != nil {
					t.Fatal(err)
				}
				var errs []string
				if err := s.DB().Select(&errs, `SELECT last_error FROM reminders WHERE last_error <> ''`); err != nil {
					t.Fatal(err)
				}
				for _, msg := range errs {
					for _, sign := range []string{"connection refused", " 421 ", " 451 ", "EOF", "connection reset", "broken pipe"} {
						if strings.Contains(msg, sign) {
							seen[strings.TrimSpace(sign)] = true
						}
					}
				}
				clk.Add(5 * time.Minute)
			}
		}
		t.Logf("failures recorded on the way: %v", seen)
		for _, sign := range []string{"connection refused", "421", "451"} {
			if !seen[sign] {
				t.Errorf("no reminder ever recorded a %q failure: the fault was not exercised (seen %v)", sign, seen)
			}
		}
		if !seen["EOF"] && !seen["connection reset"] && !seen["broken pipe"] {
			t.Errorf("no reminder recorded the dropped connection (seen %v)", seen)
		}

		got := srv.ByMessageID()
		var rs []reminder.Reminder
		if err := s.DB().Select(&rs, `SELECT id, invoice_id, state, attempts, last_error, recipients, message_id FROM reminders`); err != nil {
			t.Fatal(err)
		}
		if len(rs) != n {
			t.Fatalf("%d reminders, want %d", len(rs), n)
		}
		lost, dups := 0, 0
		for _, r := range rs {
			switch r.To {
			case bounce:
				if r.State != reminder.StateFailed || !strings.Contains(r.LastError, "550") || !strings.Contains(r.LastError, "no such mailbox here") {
					t.Errorf("550 recipient: state %s error %q, want failed with the server's text", r.State, r.LastError)
				}
			case busy:
				if r.State != reminder.StateFailed || !strings.Contains(r.LastError, "gave up after 24h") || !strings.Contains(r.LastError, "mailbox busy") {
					t.Errorf("always-451 recipient: state %s error %q, want failed after 24 h with the server's text", r.State, r.LastError)
				}
			default:
				if got[r.MessageID] == 0 {
					lost++
				}
				dups += max(got[r.MessageID]-1, 0)
				if r.State != reminder.StateSent || r.Attempts < 2 {
					t.Errorf("%s: state %s after %d attempts (%q), want sent after retries", r.To, r.State, r.Attempts, r.LastError)
				}
			}
			if got[r.MessageID] > 0 && (r.To == bounce || r.To == busy) {
				t.Errorf("%s was received although refused", r.To)
			}
		}
		t.Logf("FIGURES smtp faults %s: %d reminders, %d received, %d lost, %d duplicates", s.Dialect(), n, len(srv.Messages()), lost, dups)
		if lost != 0 || dups != 0 || len(srv.Messages()) != n-2 {
			t.Errorf("%d lost, %d duplicates, %d received; want %d once each", lost, dups, len(srv.Messages()), n-2)
		}
	})
}
