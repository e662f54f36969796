// Package engine runs reminders: the scan that turns due steps into
// scheduled reminders, and the workers that render, re-check and deliver
// them over SMTP or into the built-in outbox, with retries.
//
// The reminder table is the queue (see README "Why not River"): a unique
// index makes each (invoice, step, due date) exist once whatever the number
// of scans or servers; claims are leased and fenced by the attempt count;
// every state change is a committed row.
package engine

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/config"
	rmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

// Config tunes the engine.
type Config struct {
	From    string // sender, "Acme Billing <billing@acme.test>"
	Workers int    // concurrent senders (default 4)
	// SendBatch is how many reminders a worker claims, loads and records
	// sent together (default config.DefaultSendBatch; 1: each on its own).
	SendBatch    int
	Lease        time.Duration // how long a claim lasts before another worker may take it (default 5m)
	RetryFor     time.Duration // temporary failures are retried this long (default 24h)
	ScanInterval time.Duration // 0: no periodic scan
	Poll         time.Duration // how often idle workers look for work (default 1s)
	// DKIM, when set, signs every message just before it leaves.
	DKIM *rmail.DKIMSigner
	// Bounce, when set, gives every message its own envelope sender.
	Bounce *rmail.BounceAddress
	// BaseURL is where the customer's invoice page lives (RELANCE_BASE_URL);
	// every message links {BaseURL}/i/{token}. Default: http:// + config.DefaultAddr. Notifications to the
	// company link its invoices and To-do list there too.
	BaseURL string
}

// Engine scans and sends. Safe for concurrent use; several engines (in
// several processes) may share one PostgreSQL database.
type Engine struct {
	store     *store.Store
	books     *books.Books    // every write and plan, on the clock Now
	transport rmail.Transport // nil: the built-in outbox
	cfg       Config
	log       *slog.Logger
	host      string // Message-ID right-hand side
	// Now is the clock of every decision (what is due, what the message
	// says, the re-plan after a send); tests and `send-due --at` replace
	// it. Claims, leases and retry times use Wall, the real clock: they are
	// about real processes, whatever time the engine plans for. Tests move
	// Wall to expire a lease or a backoff without waiting; nothing else
	// should.
	Now  func() time.Time
	Wall func() time.Time
	wake chan struct{}
	// manual counts manual reminders per person and hour (SendManual).
	manual reminder.ManualQuota
}

// New builds an engine. A nil transport stores messages in the outbox.
func New(s *store.Store, t rmail.Transport, cfg Config, log *slog.Logger) *Engine {
	if cfg.SendBatch <= 0 {
		cfg.SendBatch = config.DefaultSendBatch
	}
	if cfg.Workers <= 0 {
		cfg.Workers = config.DefaultWorkers
	}
	if cfg.Lease <= 0 {
		cfg.Lease = config.DefaultLease
	}
	if cfg.RetryFor <= 0 {
		cfg.RetryFor = 24 * time.Hour
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + config.DefaultAddr // as config does without RELANCE_BASE_URL
	}
	if cfg.From == "" {
		cfg.From = config.DefaultFrom
	}
	host := "relance.localhost"
	if a, err := mail.ParseAddress(cfg.From); err == nil {
		if i := strings.LastIndexByte(a.Address, '@'); i >= 0 {
			host = a.Address[i+1:]
		}
	}
	e := &Engine{store: s, transport: t, cfg: cfg, log: log, host: host, Now: time.Now, Wall: time.Now,
		wake: make(chan struct{}, 1)}
	e.books = books.New(s, func() time.Time { return e.Now() })
	return e
}

// Books is the engine's way to write and plan, on the engine's clock.
func (e *Engine) Books() *books.Books { return e.books }

func (e *Engine) newMessageID() string { return rmail.NewMessageID(e.host) }

// notify wakes an idle worker without blocking.
func (e *Engine) notify() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// Run scans every ScanInterval and delivers with Workers workers until ctx
// ends. Workers run even with the scan off, for manual reminders.
func (e *Engine) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for i := 0; i < e.cfg.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.work(ctx)
		}()
	}
	if e.cfg.ScanInterval > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.scanLoop(ctx)
		}()
	}
	wg.Wait()
}

func (e *Engine) scanLoop(ctx context.Context) {
	t := time.NewTicker(e.cfg.ScanInterval)
	defer t.Stop()
	for {
		if _, err := e.Scan(ctx, false); err != nil && ctx.Err() == nil {
			e.log.Error("reminder scan failed", "err", err)
		}
		// After the scan, so that the digest lists today's reminders.
		if _, err := e.SendDigests(ctx); err != nil && ctx.Err() == nil {
			e.log.Error("daily digest failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (e *Engine) work(ctx context.Context) {
	log := e.newSentLog(nil)
	defer func() {
		if err := log.flush(ctx); err != nil {
			e.log.Error("recording sent reminders failed", "err", err)
		}
	}()
	for ctx.Err() == nil {
		n, err := e.sendAll(ctx, log)
		if err != nil && ctx.Err() == nil {
			e.log.Error("reminder delivery failed", "err", err)
		}
		m, err := e.notifyBatch(ctx, 4)
		if err != nil && ctx.Err() == nil {
			e.log.Error("notification delivery failed", "err", err)
		}
		if n+m > 0 {
			continue
		}
		select {
		case <-ctx.Done():
		case <-e.wake:
		case <-time.After(e.cfg.Poll):
		}
	}
}

// Drain delivers everything ready now, then returns: for `send-due` and tests.
func (e *Engine) Drain(ctx context.Context) error {
	_, _, err := e.DrainReport(ctx)
	return err
}

// DrainReport is Drain, telling which reminders were sent and which were
// not (failed, cancelled, or left for a retry).
func (e *Engine) DrainReport(ctx context.Context) (sent, other []reminder.Reminder, err error) {
	var mu sync.Mutex
	done := func(r reminder.Reminder) {
		mu.Lock()
		defer mu.Unlock()
		if r.State == reminder.StateSent {
			sent = append(sent, r)
		} else {
			other = append(other, r)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, e.cfg.Workers)
	for i := 0; i < e.cfg.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			log := e.newSentLog(done)
			for {
				n, err := e.sendAll(ctx, log)
				if err == nil && n == 0 {
					err = log.flush(ctx)
				}
				if err != nil {
					errs <- err
					return
				}
				if n == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return sent, other, fmt.Errorf("engine: drain: %w", err)
	}
	for { // then the emails to companies about what happened
		n, err := e.notifyBatch(ctx, 8)
		if err != nil {
			return sent, other, fmt.Errorf("engine: drain notifications: %w", err)
		}
		if n == 0 {
			return sent, other, nil
		}
	}
}

var (
	remindersTotal = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "relance_reminders_total", Help: "Reminders by outcome (scheduled, skipped, sent, retry, failed, cancelled).",
	}, []string{"outcome"})
	scanDuration = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "relance_scan_duration_seconds", Help: "Duration of a due-reminder scan.", Buckets: prometheus.DefBuckets,
	})
)

func init() { prometheus.MustRegister(remindersTotal, scanDuration) }
