package main

import (
	"context"
	"fmt"
	"time"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/demo"
)

func init() {
	register("demo", "create the demo company (idempotent), send its first reminders, print a login, serve", runDemo)
}

func runDemo(ctx context.Context, a *app, args []string) error {
	fs := a.flags("demo", "demo")
	noServe := fs.Bool("no-serve", false, "set up and run the first scan, then exit instead of serving")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, s, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	companyID, created, err := demo.Seed(ctx, books.New(s, nil), time.Now())
	if err != nil {
		return err
	}
	e, closeMail, err := newEngine(ctx, cfg, s, a.log)
	if err != nil {
		return err
	}
	rep, err := e.Scan(ctx, false)
	if err == nil {
		err = e.Drain(ctx)
	}
	closeMail()
	if err != nil {
		return fmt.Errorf("demo: first scan: %w", err)
	}
	n, err := s.CountOutbox(ctx, companyID)
	if err != nil {
		return err
	}
	what := "already there"
	if created {
		what = "created"
	}
	fmt.Fprintf(a.stdout, "Demo company %q %s (id %d): this scan scheduled %d reminders and skipped %d; the outbox holds %d messages.\n",
		demo.CompanyName, what, companyID, rep.Scheduled, rep.Skipped, n)
	fmt.Fprintf(a.stdout, "\n  Open   %s\n  Sign in as %s / %s\n\n", cfg.BaseURL, demo.Email, demo.Password)
	if *noServe {
		return nil
	}
	return serve(ctx, a, cfg, s, nil)
}
