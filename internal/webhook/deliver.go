package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/relance-app/relance/internal/backoff"
	"github.com/relance-app/relance/internal/store"
)

// Config tunes the delivery workers.
type Config struct {
	AllowPrivate bool          // RELANCE_WEBHOOK_ALLOW_PRIVATE: loopback and private targets allowed
	Workers      int           // concurrent deliveries (default 2)
	Lease        time.Duration // a claim left by a crashed process is retried after this (default 1m)
	RetryFor     time.Duration // failed deliveries are retried this long after the event (default 24h)
	Timeout      time.Duration // per request (default 10s)
	Poll         time.Duration // idle workers look for work this often (default 1s)
}

// Worker delivers queued events. Several workers, in several processes,
// may share a database: claims are leased and fenced.
type Worker struct {
	store  *store.Store
	client *http.Client
	cfg    Config
	log    *slog.Logger
	// Now is the wall clock of claims and leases; tests may replace it.
	Now  func() time.Time
	wake chan struct{}
}

// New builds a worker.
func New(s *store.Store, cfg Config, log *slog.Logger) *Worker {
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	if cfg.Lease <= 0 {
		cfg.Lease = time.Minute
	}
	if cfg.RetryFor <= 0 {
		cfg.RetryFor = 24 * time.Hour
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	tr := &http.Transport{
		DialContext:           newDialer(cfg.AllowPrivate).DialContext,
		Proxy:                 nil, // a proxy would connect on our behalf, past the guard
		TLSHandshakeTimeout:   cfg.Timeout,
		ResponseHeaderTimeout: cfg.Timeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       30 * time.Second,
	}
	client := &http.Client{Transport: tr, Timeout: cfg.Timeout,
		// A redirect is an answer, not an instruction: it could lead inside.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &Worker{store: s, client: client, cfg: cfg, log: log, Now: time.Now, wake: make(chan struct{}, 1)}
}

// Run delivers until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for i := 0; i < w.cfg.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				n, err := w.batch(ctx, 8)
				if err != nil && ctx.Err() == nil {
					w.log.Error("webhook delivery failed", "err", err)
				}
				if n > 0 {
					continue
				}
				select {
				case <-ctx.Done():
				case <-w.wake:
				case <-time.After(w.cfg.Poll):
				}
			}
		}()
	}
	wg.Wait()
}

// Drain delivers everything due now, then returns (tests).
func (w *Worker) Drain(ctx context.Context) error {
	for {
		n, err := w.batch(ctx, 8)
		if err != nil || n == 0 {
			return err
		}
	}
}

// DrainWithin is Drain bounded by d, for `relance send-due`, which has no
// worker running after it: one attempt for each delivery due now (a
// failed one is retried by the next run or by serve, after its backoff),
// through the same claims as Run. When d runs out, what was not reached
// stays queued, and a request cut short comes back when its lease ends.
// It returns the attempts made.
func (w *Worker) DrainWithin(ctx context.Context, d time.Duration) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	total := 0
	for {
		n, err := w.batch(ctx, 8)
		total += n
		switch {
		case ctx.Err() != nil:
			return total, nil
		case err != nil || n == 0:
			return total, err
		}
	}
}

func (w *Worker) batch(ctx context.Context, n int) (int, error) {
	ds, err := w.store.ClaimWebhookDeliveries(ctx, w.Now(), w.cfg.Lease, n)
	if err != nil {
		return 0, err
	}
	for i := range ds {
		if ctx.Err() != nil {
			return i, nil // the rest come back when their lease ends
		}
		if err := w.deliver(ctx, &ds[i]); err != nil {
			return i, err
		}
	}
	return len(ds), nil
}

// deliver makes one attempt and records it. Only a database error is returned.
func (w *Worker) deliver(ctx context.Context, d *store.WebhookDelivery) error {
	start := w.Now()
	status, err := w.post(ctx, d)
	if ctx.Err() != nil {
		return nil // shutting down: the lease brings it back
	}
	o := store.WebhookOutcome{Status: status, Duration: w.Now().Sub(start), At: w.Now()}
	switch {
	case err == nil && status >= 200 && status < 300:
		o.State = "delivered"
		deliveriesTotal.WithLabelValues("delivered").Inc()
	default:
		o.Error = describe(status, err)
		if o.At.Sub(d.EventCreatedAt) < w.cfg.RetryFor {
			o.State, o.Next = "pending", o.At.Add(backoff.Delay(d.Attempts))
			deliveriesTotal.WithLabelValues("retry").Inc()
		} else {
			o.State, o.Error = "failed", "gave up after "+w.cfg.RetryFor.String()+": "+o.Error
			deliveriesTotal.WithLabelValues("failed").Inc()
		}
		w.log.Warn("webhook delivery failed", "delivery", d.ID, "event", d.EventID, "attempt", d.Attempts, "err", o.Error)
	}
	if _, err := w.store.RecordWebhookAttempt(ctx, d, o); err != nil {
		return fmt.Errorf("webhook: record delivery %d: %w", d.ID, err)
	}
	return nil
}

// post sends the event body, signed, and returns the HTTP status.
func (w *Worker) post(ctx context.Context, d *store.WebhookDelivery) (int, error) {
	body := []byte(d.Body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Relance-Webhooks/1")
	req.Header.Set("Relance-Event-Id", d.EventID)
	req.Header.Set("Relance-Event-Type", d.EventType)
	req.Header.Set(SignatureHeader, Sign(d.Secret, w.Now(), body))
	resp, err := w.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}

func describe(status int, err error) string {
	if err != nil {
		if errors.Is(err, ErrPrivateTarget) {
			return ErrPrivateTarget.Error()
		}
		s := err.Error()
		return strings.TrimSpace(s[:min(len(s), 500)])
	}
	return fmt.Sprintf("HTTP %d %s", status, http.StatusText(status))
}

var deliveriesTotal = prometheus.NewCounterVec(prometheus.CounterOpts{
	Name: "relance_webhook_deliveries_total", Help: "Webhook delivery attempts by outcome (delivered, retry, failed).",
}, []string{"outcome"})

func init() { prometheus.MustRegister(deliveriesTotal) }
