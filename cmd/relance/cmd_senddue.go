package main

import (
	"context"
	"fmt"
	"time"

	"github.com/relance-app/relance/internal/reminder"
)

func init() {
	register("send-due", "one scan-and-send pass; prints what was sent, skipped, failed", sendDue)
}

func sendDue(ctx context.Context, a *app, args []string) error {
	fs := a.flags("send-due", "send-due [--at RFC3339] [--dry-run]")
	at := fs.String("at", "", "act as if the time were this (RFC 3339), e.g. 2026-12-15T09:30:00-05:00")
	dry := fs.Bool("dry-run", false, "print what would be scheduled and skipped; change nothing, send nothing")
	if err := parse(fs, args); err != nil {
		return err
	}
	now := time.Now()
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return fmt.Errorf("send-due: --at %q: want RFC 3339, like 2026-12-15T09:30:00-05:00", *at)
		}
		now = t
	}
	cfg, s, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	e, closeMail, err := newEngine(ctx, cfg, s, a.log)
	if err != nil {
		return err
	}
	defer closeMail()
	e.Now = func() time.Time { return now }
	rep, err := e.Scan(ctx, *dry)
	if err != nil {
		return err
	}
	for _, it := range rep.Items {
		verb := "would schedule"
		if it.State == reminder.StateSkipped {
			verb = "skipped"
		} else if !*dry {
			verb = "scheduled"
		}
		fmt.Fprintf(a.stdout, "%s\tinvoice %s\treminder %d\t%s\n", verb, it.Number, it.Step, it.Reason)
	}
	if *dry {
		fmt.Fprintf(a.stdout, "dry run at %s: %d due, %d skipped; nothing changed\n", now.Format(time.RFC3339), rep.Scheduled, rep.Skipped)
		return nil
	}
	sent, failed, err := e.DrainReport(ctx)
	if err != nil {
		return err
	}
	for _, r := range sent {
		fmt.Fprintf(a.stdout, "sent\tinvoice %d\treminder %d\t%s\t%s\n", r.InvoiceID, r.Step, r.To, r.MessageID)
	}
	for _, r := range failed {
		fmt.Fprintf(a.stdout, "%s\tinvoice %d\treminder %d\t%s%s\n", r.State, r.InvoiceID, r.Step, r.LastError, r.Reason)
	}
	digests, err := e.SendDigests(ctx)
	if err != nil {
		return err
	}
	// Then the webhook events this run and earlier writes queued: serve's
	// worker delivers them, and send-due (cron, no serve) must too.
	hooks, err := newWebhooks(cfg, s, a.log).DrainWithin(ctx, sendDueWebhookTime)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "at %s: %d scheduled, %d skipped, %d sent, %d not sent, %d digests sent, %d webhook deliveries attempted\n",
		now.Format(time.RFC3339), rep.Scheduled, rep.Skipped, len(sent), len(failed), digests, hooks)
	return nil
}

// sendDueWebhookTime bounds the webhook deliveries of one send-due run
// (a slow endpoint must not hold a cron job): the rest stay queued.
const sendDueWebhookTime = 30 * time.Second
