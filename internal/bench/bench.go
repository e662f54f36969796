// Package bench measures Relance against its targets on a throw-away
// database: it generates companies, customers and invoices, times the due
// scan and an idle scan, runs the real send path (render, PDF, SMTP, the
// engine's workers) into a local SMTP server, and compares the send rate
// with postfix's smtp-source over the same sink. `relance bench` drives it.
package bench

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/store"
)

// Options configures one run.
type Options struct {
	DB          string // store.SQLite or store.Postgres
	PostgresURL string // an existing database; the bench creates and drops its own next to it
	Data        Data
	Send        int // reminders to deliver per send run (at most the number due / runs)
	// PDF is the send runs: true with the PDF attached, false without
	// (default: one run with).
	PDF     []bool
	Workers int
	// SendBatch is the engine's RELANCE_SEND_BATCH in the send runs.
	SendBatch int
	// Servers is how many processes send at once, each with Workers
	// workers (with SendRunner; 0: one): several `relance serve` on one
	// database.
	Servers int
	// SMTPURL delivers into this server; empty: start Postfix's smtp-sink.
	SMTPURL string
	Postfix *Postfix // with SMTPURL empty; its smtp-source is the reference rate
	// Keep caches the generated SQLite file in CacheDir (keyed by the data
	// sizes) and reuses it.
	Keep       bool
	CacheDir   string
	WorkDir    string        // temporary files; removed by the caller
	RenderFor  time.Duration // how long each render-rate measure runs (0: skip)
	MaxLoad    float64       // wait (up to LoadWait) for the load average to fall below this before each measure
	LoadWait   time.Duration
	CPUProfile string // prefix: PREFIX.scan.pprof, PREFIX.send.pprof, PREFIX.render.pprof
	Log        io.Writer
	// NewProgress makes a progress indicator (nil: none).
	NewProgress func(desc string, total int) Progress
	// SendRunner runs the send phase; nil runs it in this process.
	SendRunner func(ctx context.Context, o SendOptions) (SendResult, error)
}

// Progress is a progress bar.
type Progress interface {
	Add(n int) error
	Finish() error
}

// Result is one database's figures.
type Result struct {
	DB            string         `json:"db"`
	Data          Data           `json:"data"`
	Generated     time.Duration  `json:"generated_ns"`
	Cached        bool           `json:"cached"`
	GenPerSecond  float64        `json:"gen_invoices_per_second"`
	DueScan       time.Duration  `json:"due_scan_ns"`
	DueScheduled  int            `json:"due_scheduled"`
	DueScanLoad   float64        `json:"due_scan_load"`
	DueScanCPU    time.Duration  `json:"due_scan_cpu_ns"` // user + system, the whole process
	IdleScan      time.Duration  `json:"idle_scan_ns"`
	IdleScanLoad  float64        `json:"idle_scan_load"`
	IdleScanAgain time.Duration  `json:"idle_scan_again_ns"` // the idle scan repeated
	Runs          []SendRun      `json:"runs"`               // with the PDF, then without (--pdf)
	Render        []RenderResult `json:"render,omitempty"`
	SMTPReference string         `json:"smtp_reference"`
}

func (o *Options) say(format string, args ...any) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, format+"\n", args...)
	}
}

func (o *Options) progress(desc string, total int) func(int) {
	if o.NewProgress == nil {
		return nil
	}
	p := o.NewProgress(desc, total)
	return func(n int) { _ = p.Add(n) }
}

func (o *Options) waitLoad() float64 {
	return WaitLoad(o.MaxLoad, o.LoadWait, func(s string) { o.say("%s", s) })
}

// Run measures one database.
func Run(ctx context.Context, o Options) (*Result, error) {
	res := &Result{DB: o.DB, Data: o.Data}
	dbURL, cleanup, err := o.database(ctx, res)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	s, err := store.OpenAndMigrate(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if !res.Cached {
		o.say("%s: generating %d companies, %d customers, %d invoices (%d due)", o.DB, o.Data.Companies, o.Data.Customers, o.Data.Invoices, o.Data.Dues())
		t0 := time.Now()
		if err := Generate(ctx, books.New(s, nil), o.Data, o.progress("generate "+o.DB, o.Data.Invoices)); err != nil {
			return nil, err
		}
		res.Generated = time.Since(t0)
		res.GenPerSecond = float64(o.Data.Invoices) / res.Generated.Seconds()
		o.say("%s: generated in %s (%.0f invoices/s, customers included)", o.DB, res.Generated.Round(time.Second), res.GenPerSecond)
		if o.Keep && o.DB == store.SQLite {
			if err := copyFile(sqlitePath(dbURL), o.cachePath()); err != nil {
				return nil, err
			}
			o.say("%s: cached as %s", o.DB, o.cachePath())
		}
		if o.Keep && o.DB == store.Postgres {
			// A template is copied from a database nobody is connected to.
			s.Close()
			if err := o.keepPostgres(ctx, dbURL); err != nil {
				return nil, err
			}
			if s, err = store.OpenAndMigrate(ctx, dbURL); err != nil {
				return nil, err
			}
			defer s.Close()
		}
	}
	if err := installClaimTrigger(ctx, s); err != nil {
		return nil, err
	}

	// The due scan, then the same scan again: nothing left due.
	now := ScanTime()
	s.Now = func() time.Time { return now }
	e := engine.New(s, nil, engine.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.Now = s.Now
	stop, err := o.profile("scan")
	if err != nil {
		return nil, err
	}
	res.DueScanLoad = o.waitLoad()
	u0, s0 := CPUTime()
	t0 := time.Now()
	rep, err := e.Scan(ctx, false)
	res.DueScan = time.Since(t0)
	u1, s1 := CPUTime()
	res.DueScanCPU = u1 - u0 + s1 - s0
	stop()
	if err != nil {
		return nil, err
	}
	res.DueScheduled = rep.Scheduled
	if want := o.Data.Dues(); rep.Scheduled != want {
		return nil, fmt.Errorf("bench: the due scan scheduled %d reminders, want %d of %d", rep.Scheduled, want, o.Data.Invoices)
	}
	o.say("%s: due scan %s (CPU %s) for %d reminders", o.DB, res.DueScan.Round(time.Millisecond), res.DueScanCPU.Round(time.Millisecond), rep.Scheduled)
	res.IdleScanLoad = o.waitLoad()
	t0 = time.Now()
	rep, err = e.Scan(ctx, false)
	res.IdleScan = time.Since(t0)
	if err != nil {
		return nil, err
	}
	if rep.Scheduled != 0 {
		return nil, fmt.Errorf("bench: the second scan scheduled %d reminders, want 0", rep.Scheduled)
	}
	// Once more: on PostgreSQL the first idle scan still walks the index
	// entries the due scan's updates left dead; the next ones do not.
	t0 = time.Now()
	if _, err := e.Scan(ctx, false); err != nil {
		return nil, err
	}
	res.IdleScanAgain = time.Since(t0)
	o.say("%s: idle scan %s, then %s", o.DB, res.IdleScan.Round(time.Microsecond), res.IdleScanAgain.Round(time.Microsecond))

	// Only --send of them go out per send run; the rest wait until next
	// year, and each later run releases the next --send.
	runs := o.PDF
	if len(runs) == 0 {
		runs = []bool{true}
	}
	send := min(o.Send, res.DueScheduled/len(runs))
	var readyAt time.Time
	if err := s.DB().QueryRowContext(ctx, `SELECT next_attempt_at FROM reminders WHERE state = 'scheduled' ORDER BY next_attempt_at DESC LIMIT 1`).Scan(&readyAt); err != nil {
		return nil, fmt.Errorf("bench: read the reminders' time: %w", err)
	}
	if _, err := s.DB().ExecContext(ctx, s.DB().Rebind(`UPDATE reminders SET next_attempt_at = ? WHERE state = 'scheduled'
		AND id NOT IN (SELECT id FROM reminders WHERE state = 'scheduled' ORDER BY id LIMIT ?)`), now.AddDate(1, 0, 0).UTC(), send); err != nil {
		return nil, fmt.Errorf("bench: hold back reminders: %w", err)
	}

	if o.RenderFor > 0 {
		for _, withPDF := range []bool{true, false} {
			prof := ""
			if o.CPUProfile != "" && withPDF {
				prof = o.CPUProfile + ".render.pprof"
			}
			load := o.waitLoad()
			r, err := RenderRate(ctx, s, withPDF, o.RenderFor, prof)
			if err != nil {
				return nil, err
			}
			r.Load = load
			res.Render = append(res.Render, r)
			o.say("%s: messages built on one goroutine, PDF %v: %.0f/s, %.0f per CPU-second, %d bytes", o.DB, withPDF, r.PerSecond, r.PerCPUSec, r.AvgBytes)
		}
	}

	// The send runs, into smtp-sink (or the given server).
	smtpURL := o.SMTPURL
	var sink *Sink
	if smtpURL == "" {
		if o.Postfix == nil {
			return nil, fmt.Errorf("bench: no SMTP server: %s", HowToGetPostfix)
		}
		sink, err = o.Postfix.StartSink(ctx, filepath.Join(o.WorkDir, "smtp-sink-"+o.DB+".log"))
		if err != nil {
			return nil, err
		}
		defer sink.Stop()
		smtpURL = sink.URL()
		res.SMTPReference = "postfix smtp-sink on " + sink.Addr
	}
	for i, withPDF := range runs {
		if i > 0 {
			if _, err := s.DB().ExecContext(ctx, s.DB().Rebind(`UPDATE reminders SET next_attempt_at = ? WHERE id IN
				(SELECT id FROM reminders WHERE state = 'scheduled' ORDER BY id LIMIT ?)`), readyAt, send); err != nil {
				return nil, fmt.Errorf("bench: release reminders: %w", err)
			}
		}
		if err := setAttachPDF(ctx, s, withPDF); err != nil {
			return nil, err
		}
		run, err := o.sendRun(ctx, dbURL, sink, smtpURL, now, send, withPDF)
		if err != nil {
			return nil, err
		}
		res.Runs = append(res.Runs, run)
	}
	return res, nil
}

// sendTogether runs the send phase in o.Servers processes at once, each
// draining the same queue, and combines their figures.
func (o *Options) sendTogether(ctx context.Context, so SendOptions) (SendResult, error) {
	rs := make([]SendResult, o.Servers)
	errs := make([]error, o.Servers)
	procs := procsEach(o.Servers)
	var wg sync.WaitGroup
	for k := range o.Servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sk := so
			sk.Total = so.Total / o.Servers
			sk.Procs = procs
			if so.CPUProfile != "" {
				sk.CPUProfile = fmt.Sprintf("%s.%d", so.CPUProfile, k)
			}
			rs[k], errs[k] = o.SendRunner(ctx, sk)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return SendResult{}, err
	}
	out := combine(rs)
	out.Procs = procs
	return out, nil
}

// procsEach is the GOMAXPROCS each of n processes on this machine gets, as
// the README advises for several servers on one host: the cores
// shared out (at least one), unless GOMAXPROCS is set. With the default
// (every process one P per core) three processes on two cores spent 20 %
// more CPU per message, their idle Ps spinning (BENCHMARKS.md, session 5).
func procsEach(n int) int {
	if os.Getenv("GOMAXPROCS") != "" || n <= 1 {
		return 0
	}
	return max(1, runtime.NumCPU()/n)
}

// SendRun is one send run (with or without the PDF) and its reference.
type SendRun struct {
	PDF    bool          `json:"pdf"`
	Send   SendResult    `json:"send"`
	Source *SourceResult `json:"source,omitempty"`
}

func (o *Options) sendRun(ctx context.Context, dbURL string, sink *Sink, smtpURL string, now time.Time, send int, withPDF bool) (SendRun, error) {
	run := SendRun{PDF: withPDF}
	so := SendOptions{DatabaseURL: dbURL, SMTPURL: smtpURL, Workers: o.Workers, SendBatch: o.SendBatch, Clock: now.Add(time.Minute), Total: send, PDF: withPDF}
	tag := "pdf"
	if !withPDF {
		tag = "nopdf"
	}
	if o.CPUProfile != "" {
		so.CPUProfile = o.CPUProfile + ".send-" + tag + ".pprof"
	}
	load := o.waitLoad()
	o.say("%s: sending %d reminders (PDF %v) with %d workers, batches of %d", o.DB, send, withPDF, o.Workers, o.SendBatch)
	var err error
	switch {
	case o.SendRunner != nil && o.Servers > 1:
		run.Send, err = o.sendTogether(ctx, so)
	case o.SendRunner != nil:
		run.Send, err = o.SendRunner(ctx, so)
	default:
		so.Progress = o.progress("send "+o.DB+" "+tag, send)
		run.Send, err = RunSend(ctx, so)
	}
	if err != nil {
		return run, err
	}
	run.Send.Load = load
	if run.Send.Sent != send {
		return run, fmt.Errorf("bench: sent %d reminders, want %d (%d not sent)", run.Send.Sent, send, run.Send.NotSent)
	}
	o.say("%s: sent %d (PDF %v) in %s: %.0f/s, %.3f ms CPU/msg, p50 %s, p99 %s, peak RSS %d MB", o.DB, run.Send.Sent, withPDF,
		run.Send.Wall.Round(time.Millisecond), run.Send.PerSecond, run.Send.CPUPerMessage(), run.Send.P50.Round(time.Microsecond),
		run.Send.P99.Round(time.Microsecond), run.Send.PeakRSS>>20)
	if sink != nil && run.Send.AvgBytes > 0 {
		load := o.waitLoad()
		src, err := o.Postfix.RunSource(ctx, sink.Addr, o.Workers*max(o.Servers, 1), run.Send.Sent, run.Send.AvgBytes)
		if err != nil {
			return run, err
		}
		src.Load = load
		run.Source = &src
		o.say("%s: %s: %.0f/s", o.DB, src.Command, src.PerSecond)
	}
	return run, nil
}

// setAttachPDF turns the PDF attachment on or off for every company of the
// bench's database. It changes no plan, so it writes the setting without
// the books' re-plan of every open invoice (minutes at 1 000 000).
func setAttachPDF(ctx context.Context, s *store.Store, on bool) error {
	var ids []int64
	if err := sqlx.SelectContext(ctx, s.DB(), &ids, `SELECT company_id FROM reminder_settings ORDER BY company_id`); err != nil {
		return fmt.Errorf("bench: companies: %w", err)
	}
	for _, id := range ids {
		st, err := s.ReminderSettings(ctx, id)
		if err != nil {
			return err
		}
		st.AttachPDF = on
		b, err := json.Marshal(st)
		if err != nil {
			return err
		}
		if _, err := s.DB().ExecContext(ctx, s.DB().Rebind(`UPDATE reminder_settings SET settings = ?, updated_at = ? WHERE company_id = ?`),
			string(b), time.Now().UTC(), id); err != nil {
			return fmt.Errorf("bench: attach_pdf: %w", err)
		}
	}
	return nil
}

// profile starts a CPU profile PREFIX.name.pprof when asked.
func (o *Options) profile(name string) (func(), error) {
	if o.CPUProfile == "" {
		return func() {}, nil
	}
	f, err := os.Create(o.CPUProfile + "." + name + ".pprof")
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// cachePath is where --keep stores the generated SQLite database.
func (o *Options) cachePath() string {
	due := ""
	if o.Data.DueCount > 0 {
		due = fmt.Sprintf("-due%d", o.Data.DueCount)
	}
	return filepath.Join(o.CacheDir, fmt.Sprintf("relance-bench-v4-%d-%d-%d%s-%s.db",
		o.Data.Companies, o.Data.Customers, o.Data.Invoices, due, Day))
}

// cacheName is the PostgreSQL database --keep keeps as a template.
func (o *Options) cacheName() string {
	return strings.NewReplacer("-", "_", ".db", "").Replace(filepath.Base(o.cachePath()))
}

// keepPostgres copies the generated database at dbURL to cacheName.
func (o *Options) keepPostgres(ctx context.Context, dbURL string) error {
	u, err := url.Parse(dbURL)
	if err != nil {
		return err
	}
	admin, err := sql.Open("pgx", o.PostgresURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+o.cacheName()+" TEMPLATE "+strings.TrimPrefix(u.Path, "/")); err != nil {
		return fmt.Errorf("bench: keep the generated database: %w", err)
	}
	o.say("postgres: cached as database %s (drop it by hand to free its space)", o.cacheName())
	return nil
}

// database makes the throw-away database and returns its URL and how to
// remove it. A cached SQLite file is copied, never used in place.
func (o *Options) database(ctx context.Context, res *Result) (string, func(), error) {
	switch o.DB {
	case store.SQLite:
		path := filepath.Join(o.WorkDir, "bench.db")
		if o.Keep {
			if _, err := os.Stat(o.cachePath()); err == nil {
				o.say("sqlite: using the cached database %s", o.cachePath())
				if err := copyFile(o.cachePath(), path); err != nil {
					return "", nil, err
				}
				res.Cached = true
			}
		}
		return "sqlite:" + path, func() {
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				os.Remove(p)
			}
		}, nil
	case store.Postgres:
		admin, err := sql.Open("pgx", o.PostgresURL)
		if err == nil {
			err = admin.PingContext(ctx)
		}
		if err != nil {
			return "", nil, fmt.Errorf("bench: PostgreSQL at %s: %w", o.PostgresURL, err)
		}
		b := make([]byte, 5)
		rand.Read(b)
		name := "relance_bench_" + hex.EncodeToString(b)
		create := "CREATE DATABASE " + name
		if o.Keep {
			var n int
			if err := admin.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_database WHERE datname = $1`, o.cacheName()).Scan(&n); err != nil {
				admin.Close()
				return "", nil, fmt.Errorf("bench: look for the cached database: %w", err)
			}
			if n > 0 {
				o.say("postgres: copying the cached database %s", o.cacheName())
				create += " TEMPLATE " + o.cacheName()
				// PostgreSQL 15's default copies through the WAL: 1.5 GB of
				// it, whose checkpoints then ran during the measures (send
				// rates from 950 to 1 600 msg/s between identical runs).
				var version int
				if err := admin.QueryRowContext(ctx, `SELECT current_setting('server_version_num')::int`).Scan(&version); err == nil && version >= 150000 {
					create += " STRATEGY FILE_COPY"
				}
				res.Cached = true
			}
		}
		if _, err := admin.ExecContext(ctx, create); err != nil {
			admin.Close()
			return "", nil, fmt.Errorf("bench: create database: %w", err)
		}
		u, err := url.Parse(o.PostgresURL)
		if err != nil {
			admin.Close()
			return "", nil, err
		}
		u.Path = "/" + name
		o.say("postgres: database %s (dropped at the end)", name)
		return u.String(), func() {
			// Retried: a server restart (another test's fault injection)
			// must not leave the database behind.
			var err error
			for try := 0; try < 10; try++ {
				if _, err = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err == nil {
					break
				}
				time.Sleep(2 * time.Second)
			}
			if err != nil {
				o.say("postgres: could not drop %s: %v", name, err)
			}
			admin.Close()
		}, nil
	}
	return "", nil, fmt.Errorf("bench: database %q: want sqlite or postgres", o.DB)
}

func sqlitePath(u string) string { return u[len("sqlite:"):] }

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	tmp := to + ".tmp"
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, to)
}
