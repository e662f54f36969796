package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/relance-app/relance/internal/bench"
	"github.com/relance-app/relance/internal/config"
	"github.com/relance-app/relance/internal/store"
)

func init() {
	register("bench", "measure scan, send and memory against the targets on a throw-away database (see BENCHMARKS.md)", benchCmd)
}

func benchCmd(ctx context.Context, a *app, args []string) error {
	if len(args) > 0 && args[0] == "send" {
		return benchSend(ctx, a, args[1:])
	}
	workers, batch := config.DefaultWorkers, config.DefaultSendBatch
	if cfg, err := config.FromEnv(); err == nil {
		workers, batch = cfg.Workers, cfg.SendBatch
	}
	fs := a.flags("bench", "bench [--db sqlite|postgres|both] [--invoices N] [--send N] [--pdf true|false|both] [--workers N] [--smtp-sink PATH] [--keep]")
	db := fs.String("db", "both", "sqlite, postgres or both")
	pgURL := fs.String("postgres", config.DefaultTestPostgres, "PostgreSQL server; the bench creates and drops its own database there")
	invoices := fs.Int("invoices", 1_000_000, "invoices to generate")
	due := fs.Int("due", 0, "of which due at the scan, spread evenly (0: 1 %)")
	companies := fs.Int("companies", 10, "companies to generate")
	customers := fs.Int("customers", 10_000, "customers to generate, spread over the companies")
	send := fs.Int("send", 5_000, "due reminders to deliver per send run (at most 1 % of --invoices, divided by the runs)")
	pdfRuns := fs.String("pdf", "both", "send runs: true (the PDF attached), false (without), both (with, then without)")
	fs.IntVar(&workers, "workers", workers, "concurrent senders (RELANCE_WORKERS)")
	servers := fs.Int("servers", 1, "processes sending at once in each send run, each with --workers workers (several serve on one database)")
	fs.IntVar(&batch, "send-batch", batch, "reminders a worker claims and records sent together (RELANCE_SEND_BATCH)")
	sinkPath := fs.String("smtp-sink", "", "postfix's smtp-sink (smtp-source next to it); default: in $RELANCE_POSTFIX_DIR, then on PATH and /usr/sbin")
	keep := fs.Bool("keep", false, "cache the generated database, keyed by the sizes (SQLite: a file in --cache-dir; PostgreSQL: a template database beside the bench's) and reuse it")
	cacheDir := fs.String("cache-dir", filepath.Join(os.TempDir(), "relance-bench"), "where --keep caches databases")
	renderFor := fs.Duration("render-for", 3*time.Second, "how long to measure message building, with and without the PDF (0: skip)")
	maxLoad := fs.Float64("max-load", 0, "before each measure, wait for the 1-minute load average to fall below this (0: no wait)")
	loadWait := fs.Duration("load-wait", 3*time.Minute, "the longest wait for --max-load")
	cpuprofile := fs.String("cpuprofile", "", "write CPU profiles PREFIX.scan.pprof, PREFIX.render.pprof, PREFIX.send.pprof")
	markdown := fs.String("markdown", "", "also write the header and the summary as Markdown to this file")
	if err := parse(fs, args); err != nil {
		return err
	}
	var runs []bool
	switch *pdfRuns {
	case "true":
		runs = []bool{true}
	case "false":
		runs = []bool{false}
	case "both":
		runs = []bool{true, false}
	default:
		return fmt.Errorf("bench: --pdf %q: want true, false or both", *pdfRuns)
	}
	var dbs []string
	switch *db {
	case "sqlite", "postgres":
		dbs = []string{*db}
	case "both":
		dbs = []string{store.SQLite, store.Postgres}
	default:
		return fmt.Errorf("bench: --db %q: want sqlite, postgres or both", *db)
	}
	if *invoices < 100 || *send < 1 || workers < 1 || *companies < 1 || *customers < *companies {
		return fmt.Errorf("bench: want --invoices ≥ 100, --send ≥ 1, --workers ≥ 1, --customers ≥ --companies ≥ 1")
	}
	pf, err := bench.FindPostfix(*sinkPath, os.Getenv("RELANCE_POSTFIX_DIR"))
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "relance-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	machine := bench.ThisMachine()
	command := "relance bench " + strings.Join(shownArgs(args), " ")
	bench.Header(a.stdout, machine, command)
	fmt.Fprintf(a.stdout, "smtp-sink: %s\n\n", pf.Sink)
	var results []*bench.Result
	var failed []error
	for _, d := range dbs {
		o := bench.Options{DB: d, PostgresURL: *pgURL,
			Data: bench.Data{Companies: *companies, Customers: *customers, Invoices: *invoices, DueCount: *due},
			Send: *send, PDF: runs, Workers: workers, SendBatch: batch, Servers: *servers, Postfix: pf, Keep: *keep, CacheDir: *cacheDir, WorkDir: work,
			MaxLoad: *maxLoad, LoadWait: *loadWait, CPUProfile: *cpuprofile, Log: a.stderr,
			NewProgress: func(desc string, total int) bench.Progress { return newBar(a.stderr, desc, total) },
			SendRunner: func(ctx context.Context, so bench.SendOptions) (bench.SendResult, error) {
				return runSendChild(ctx, a, self, so)
			}}
		if d == dbs[0] {
			o.RenderFor = *renderFor
		}
		if o.CPUProfile != "" {
			o.CPUProfile += "." + d
		}
		r, err := bench.Run(ctx, o)
		if err != nil {
			// The other database's figures still count; fail at the end.
			failed = append(failed, fmt.Errorf("%s: %w", d, err))
			fmt.Fprintf(a.stderr, "relance bench: %s failed: %v\n", d, err)
			continue
		}
		results = append(results, r)
	}
	rows := bench.Rows(results)
	fmt.Fprintln(a.stdout)
	bench.Table(a.stdout, rows)
	if *markdown != "" {
		f, err := os.Create(*markdown)
		if err != nil {
			return err
		}
		fmt.Fprintf(f, "Taken %s on %d cores (%s), kernel %s, %s; load average at start %.2f.\n\n",
			machine.Date.Format("2006-01-02 15:04 MST"), machine.Cores, machine.CPUModel, machine.Kernel, machine.GoVersion, machine.Load)
		fmt.Fprintf(f, "Command: `%s` (smtp-sink: `%s`)\n\n", command, pf.Sink)
		bench.Markdown(f, rows)
		for _, err := range failed {
			fmt.Fprintf(f, "\n**Not measured** — %v\n", err)
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return errors.Join(failed...)
}

// shownArgs is the command line without where the Markdown copy goes (a
// temporary file of the script), to print as the command to re-run.
func shownArgs(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--markdown" || a == "-markdown":
			i++
		case strings.HasPrefix(a, "--markdown=") || strings.HasPrefix(a, "-markdown="):
		default:
			out = append(out, a)
		}
	}
	return out
}

// runSendChild runs the send phase in `relance bench send`, a process of
// its own, so that its peak RSS and CPU time are the phase's alone.
func runSendChild(ctx context.Context, a *app, self string, so bench.SendOptions) (bench.SendResult, error) {
	var res bench.SendResult
	args := []string{"bench", "send", "--database-url", so.DatabaseURL, "--smtp", so.SMTPURL,
		"--workers", fmt.Sprint(so.Workers), "--send-batch", fmt.Sprint(so.SendBatch), "--clock", so.Clock.Format(time.RFC3339Nano), "--total", fmt.Sprint(so.Total), "--pdf=" + fmt.Sprint(so.PDF)}
	if so.CPUProfile != "" {
		args = append(args, "--cpuprofile", so.CPUProfile)
	}
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Stderr = a.stderr
	if so.Procs > 0 {
		cmd.Env = append(os.Environ(), fmt.Sprintf("GOMAXPROCS=%d", so.Procs))
	}
	out, err := cmd.Output()
	if err != nil {
		return res, fmt.Errorf("bench: relance bench send: %w", err)
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return res, fmt.Errorf("bench: relance bench send: %w (%q)", err, out)
	}
	return res, nil
}

// benchSend is the child: deliver what is ready, print the figures as JSON.
func benchSend(ctx context.Context, a *app, args []string) error {
	fs := a.flags("bench send", "bench send --database-url URL --smtp URL [--workers N] [--clock RFC3339] (run by relance bench)")
	dbURL := fs.String("database-url", "", "the bench's database")
	smtpURL := fs.String("smtp", "", "deliver here")
	workers := fs.Int("workers", config.DefaultWorkers, "concurrent senders")
	batch := fs.Int("send-batch", config.DefaultSendBatch, "reminders a worker claims and records sent together")
	clock := fs.String("clock", "", "the engine's clock starts at this time (RFC 3339)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the phase here")
	total := fs.Int("total", -1, "reminders expected, for the progress bar")
	withPDF := fs.Bool("pdf", true, "the companies attach the PDF (recorded with the figures; set by relance bench)")
	if err := parse(fs, args); err != nil {
		return err
	}
	start := time.Now()
	if *clock != "" {
		t, err := time.Parse(time.RFC3339Nano, *clock)
		if err != nil {
			return fmt.Errorf("bench send: --clock: %w", err)
		}
		start = t
	}
	bar := newBar(a.stderr, "send", *total)
	res, err := bench.RunSend(ctx, bench.SendOptions{DatabaseURL: *dbURL, SMTPURL: *smtpURL, Workers: *workers, SendBatch: *batch, Clock: start,
		CPUProfile: *cpuprofile, PDF: *withPDF, Progress: func(n int) { _ = bar.Add(n) }})
	_ = bar.Finish()
	if err != nil {
		return err
	}
	return json.NewEncoder(a.stdout).Encode(res)
}

// newBar is a progress bar on a terminal, and nothing elsewhere (logs).
func newBar(w io.Writer, desc string, total int) bench.Progress {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return noBar{}
	}
	return progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

type noBar struct{}

func (noBar) Add(int) error { return nil }
func (noBar) Finish() error { return nil }
