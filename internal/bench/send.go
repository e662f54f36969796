package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/relance-app/relance/internal/engine"
	rmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/store"
)

// SendOptions is the send phase: deliver every ready reminder of the
// database at DatabaseURL through the engine, over SMTP at SMTPURL.
type SendOptions struct {
	DatabaseURL string    `json:"database_url"`
	SMTPURL     string    `json:"smtp_url"`
	Workers     int       `json:"workers"`
	SendBatch   int       `json:"send_batch"` // reminders claimed and recorded sent together (RELANCE_SEND_BATCH)
	Clock       time.Time `json:"clock"`      // the engine's clock starts here and runs with the wall clock
	CPUProfile  string    `json:"cpu_profile,omitempty"`
	Total       int       `json:"total"` // reminders expected, for the progress bar
	PDF         bool      `json:"pdf"`   // the companies attach the PDF (set by the caller; recorded)
	// Procs is the child's GOMAXPROCS (0: the runtime's default, one per
	// core): processes sharing the cores each get their share.
	Procs int `json:"procs,omitempty"`
	// Progress, when not nil, is told of each accepted message.
	Progress func(n int) `json:"-"`
}

// SendResult is what the send phase measured.
type SendResult struct {
	Sent         int           `json:"sent"`
	NotSent      int           `json:"not_sent"`
	Workers      int           `json:"workers"`
	Servers      int           `json:"servers,omitempty"` // processes sending at once (0: one)
	Procs        int           `json:"procs,omitempty"`   // each one's GOMAXPROCS, when set
	Wall         time.Duration `json:"wall_ns"`
	PerSecond    float64       `json:"per_second"`
	P50          time.Duration `json:"p50_ns"`
	P99          time.Duration `json:"p99_ns"`
	Max          time.Duration `json:"max_ns"`
	PeakRSS      int64         `json:"peak_rss_bytes"`
	PeakRSSReset bool          `json:"peak_rss_reset"` // VmHWM was reset just before the phase
	CPUUser      time.Duration `json:"cpu_user_ns"`
	CPUSys       time.Duration `json:"cpu_sys_ns"`
	AvgBytes     int           `json:"avg_bytes"` // average message size on the wire (sampled)
	Sampled      int           `json:"sampled"`
	Load         float64       `json:"load"`
	PDF          bool          `json:"pdf"`
	// Phases is the CPU of the process split by part of the send path,
	// from a CPU profile of the phase (100 samples a second).
	Phases []Phase `json:"phases"`
	// ServerCPU is the CPU time (user + system) of the PostgreSQL backends
	// serving the bench's database during the phase, from /proc; zero on
	// SQLite, whose work is in the process's own CPU time.
	ServerCPU      time.Duration `json:"server_cpu_ns"`
	ServerCPUKnown bool          `json:"server_cpu_known"`
}

// senders says who sent: "4 workers", or "3 processes × 4 workers".
func (r SendResult) senders() string {
	if r.Servers > 1 && r.Procs > 0 {
		return fmt.Sprintf("%d processes × %d workers, GOMAXPROCS=%d each", r.Servers, r.Workers, r.Procs)
	}
	if r.Servers > 1 {
		return fmt.Sprintf("%d processes × %d workers", r.Servers, r.Workers)
	}
	return fmt.Sprintf("%d workers", r.Workers)
}

// combine is the result of processes that sent at once: counts and CPU
// added up, the rate over the longest wall time, latencies and memory
// the worst of any; the PostgreSQL backends' CPU, which each process
// measured for all of them, once.
func combine(rs []SendResult) SendResult {
	out := rs[0]
	out.Servers = len(rs)
	for _, r := range rs[1:] {
		out.Sent += r.Sent
		out.NotSent += r.NotSent
		out.Wall = max(out.Wall, r.Wall)
		out.P50, out.P99, out.Max = max(out.P50, r.P50), max(out.P99, r.P99), max(out.Max, r.Max)
		out.PeakRSS = max(out.PeakRSS, r.PeakRSS)
		out.CPUUser += r.CPUUser
		out.CPUSys += r.CPUSys
		out.AvgBytes = (out.AvgBytes*out.Sampled + r.AvgBytes*r.Sampled) / max(out.Sampled+r.Sampled, 1)
		out.Sampled += r.Sampled
		out.ServerCPU = max(out.ServerCPU, r.ServerCPU)
		for _, p := range r.Phases {
			i := slices.IndexFunc(out.Phases, func(q Phase) bool { return q.Name == p.Name })
			if i < 0 {
				out.Phases = append(out.Phases, p)
				continue
			}
			out.Phases[i].CPU += p.CPU
		}
	}
	out.PerSecond = float64(out.Sent) / out.Wall.Seconds()
	return out
}

// CPUPerMessage is the process's CPU time per sent message, in ms.
func (r SendResult) CPUPerMessage() float64 {
	return float64((r.CPUUser + r.CPUSys).Microseconds()) / 1000 / float64(max(r.Sent, 1))
}

// PhaseCPU is the CPU of the named phases per sent message, in ms.
func (r SendResult) PhaseCPU(names ...string) float64 {
	var d time.Duration
	for _, p := range r.Phases {
		for _, n := range names {
			if p.Name == n {
				d += p.CPU
			}
		}
	}
	return float64(d.Microseconds()) / 1000 / float64(max(r.Sent, 1))
}

// sizeEvery is how often the timing transport measures a message's size.
const sizeEvery = 25

// timing wraps the real transport: it stamps the moment the server accepted
// each message, and measures the size of one message in sizeEvery.
type timing struct {
	inner    rmail.Transport
	now      func() time.Time
	progress func(int)

	mu       sync.Mutex
	accepted map[string]time.Time // Message-ID → accept time
	n        atomic.Int64
	bytes    atomic.Int64
	sampled  atomic.Int64
}

func (t *timing) Send(ctx context.Context, msg *gomail.Msg) error {
	if err := t.inner.Send(ctx, msg); err != nil {
		return err
	}
	at := t.now()
	id := msg.GetMessageID()
	t.mu.Lock()
	t.accepted[id] = at
	t.mu.Unlock()
	if t.n.Add(1)%sizeEvery == 1 {
		var c countWriter
		if _, err := msg.WriteTo(&c); err == nil {
			t.bytes.Add(int64(c))
			t.sampled.Add(1)
		}
	}
	if t.progress != nil {
		t.progress(1)
	}
	return nil
}

func (t *timing) Close() error { return t.inner.Close() }

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

// claimsTable records the instant each reminder is claimed (a trigger on
// the bench's own database), so that latency runs from claim to accept
// without instrumenting the engine.
func installClaimTrigger(ctx context.Context, s *store.Store) error {
	var stmts []string
	if s.Dialect() == store.Postgres {
		stmts = []string{
			`CREATE TABLE bench_claims (reminder_id BIGINT NOT NULL, claimed_at TIMESTAMPTZ NOT NULL)`,
			`CREATE FUNCTION bench_claim() RETURNS trigger LANGUAGE plpgsql AS $$
			 BEGIN INSERT INTO bench_claims VALUES (NEW.id, NEW.updated_at); RETURN NULL; END $$`,
			`CREATE TRIGGER bench_claim AFTER UPDATE ON reminders FOR EACH ROW
			 WHEN (NEW.state = 'sending' AND OLD.attempts IS DISTINCT FROM NEW.attempts) EXECUTE FUNCTION bench_claim()`,
		}
	} else {
		stmts = []string{
			`CREATE TABLE bench_claims (reminder_id INTEGER NOT NULL, claimed_at TIMESTAMP NOT NULL)`,
			`CREATE TRIGGER bench_claim AFTER UPDATE OF attempts ON reminders WHEN NEW.state = 'sending'
			 BEGIN INSERT INTO bench_claims VALUES (NEW.id, NEW.updated_at); END`,
		}
	}
	for _, q := range stmts {
		if _, err := s.DB().ExecContext(ctx, q); err != nil {
			return fmt.Errorf("bench: claim trigger: %w", err)
		}
	}
	return nil
}

// RunSend is the send phase, in this process. `relance bench` runs it in a
// child process (`relance bench send`) so that its peak RSS is its own.
func RunSend(ctx context.Context, o SendOptions) (SendResult, error) {
	res := SendResult{Workers: o.Workers}
	s, err := store.Open(ctx, o.DatabaseURL)
	if err != nil {
		return res, err
	}
	defer s.Close()
	smtp, err := rmail.NewSMTP(o.SMTPURL)
	if err != nil {
		return res, err
	}
	start := time.Now()
	clock := func() time.Time { return o.Clock.Add(time.Since(start)) }
	s.Now = clock
	// Accepts are stamped on the real clock, as claims are (e.Wall).
	tr := &timing{inner: smtp, now: time.Now, progress: o.Progress, accepted: map[string]time.Time{}}
	defer tr.Close()
	e := engine.New(s, tr, engine.Config{Workers: o.Workers, SendBatch: o.SendBatch}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.Now = clock
	res.PDF = o.PDF
	// The phase is always profiled, for its split by part.
	var prof bytes.Buffer
	if err := pprof.StartCPUProfile(&prof); err != nil {
		return res, err
	}
	res.Load = LoadAvg()
	res.PeakRSSReset = ResetPeakRSS()
	server0, serverErr := backendCPU(ctx, s)
	u0, s0 := CPUTime()
	t0 := time.Now()
	sent, other, err := e.DrainReport(ctx)
	res.Wall = time.Since(t0)
	u1, s1 := CPUTime()
	server1, serverErr1 := backendCPU(ctx, s)
	pprof.StopCPUProfile()
	res.PeakRSS = PeakRSS()
	res.CPUUser, res.CPUSys = u1-u0, s1-s0
	if serverErr == nil && serverErr1 == nil && server1 != nil {
		res.ServerCPUKnown = true
		for pid, t := range server1 {
			res.ServerCPU += t - server0[pid]
		}
	}
	if err != nil {
		return res, err
	}
	if res.Phases, err = splitBytes(prof.Bytes()); err != nil {
		return res, err
	}
	if o.CPUProfile != "" {
		if err := os.WriteFile(o.CPUProfile, prof.Bytes(), 0o644); err != nil {
			return res, err
		}
	}
	res.Sent, res.NotSent = len(sent), len(other)
	if res.Wall > 0 {
		res.PerSecond = float64(res.Sent) / res.Wall.Seconds()
	}
	if n := tr.sampled.Load(); n > 0 {
		res.AvgBytes, res.Sampled = int(tr.bytes.Load()/n), int(n)
	}
	lat, err := latencies(ctx, s, tr.accepted)
	if err != nil {
		return res, err
	}
	if len(lat) > 0 {
		res.P50, res.P99, res.Max = quantile(lat, 0.50), quantile(lat, 0.99), lat[len(lat)-1]
	}
	return res, nil
}

// latencies pairs each accepted message with its reminder's last claim
// before the accept, sorted.
func latencies(ctx context.Context, s *store.Store, accepted map[string]time.Time) ([]time.Duration, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT r.message_id, c.claimed_at FROM bench_claims c JOIN reminders r ON r.id = c.reminder_id`)
	if err != nil {
		return nil, fmt.Errorf("bench: read claims: %w", err)
	}
	defer rows.Close()
	claim := map[string]time.Time{}
	for rows.Next() {
		var id string
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			return nil, fmt.Errorf("bench: read claims: %w", err)
		}
		acc, ok := accepted[id]
		if ok && !at.After(acc) && at.After(claim[id]) {
			claim[id] = at
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("bench: read claims: %w", err)
	}
	out := make([]time.Duration, 0, len(claim))
	for id, at := range claim {
		out = append(out, accepted[id].Sub(at))
	}
	slices.Sort(out)
	return out, nil
}

// quantile of sorted durations, nearest rank.
func quantile(sorted []time.Duration, q float64) time.Duration {
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
