package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

// commitWithin bounds how long a delivered message waits for the commit
// that records it sent: with SendBatch, the window in which a crash makes
// a copy (RELIABILITY.md).
const commitWithin = 100 * time.Millisecond

// claimSize is how many reminders a worker claims at once: a send batch.
// Claims of half a batch (the sent log spans claims) halved the p99 from
// claim to SMTP accept but cost PostgreSQL a third of its rate: more
// claims and loads per message (BENCHMARKS.md, issue 20).
func (e *Engine) claimSize() int { return e.cfg.SendBatch }

// sendBatch claims up to n ready reminders, loads what they need and mints
// their links together, and delivers them one by one into the worker's
// log, which records them sent in commits of at most SendBatch messages
// and commitWithin. With nothing to claim, it records what the log holds:
// a worker never idles with delivered messages unrecorded.
func (e *Engine) sendBatch(ctx context.Context, n int, log *sentLog) (int, error) {
	rs, err := e.store.ClaimReminders(ctx, e.Wall(), e.cfg.Lease, n)
	if err != nil || len(rs) == 0 {
		return 0, errors.Join(err, log.flush(ctx))
	}
	jobs, err := e.prepare(ctx, rs)
	if err != nil {
		return 0, errors.Join(err, log.flush(ctx))
	}
	for i := range jobs {
		if ctx.Err() != nil {
			// Shutting down: record what went, and hand the claims not yet
			// tried back at once rather than leaving them to their lease.
			err := log.flush(ctx)
			e.release(rs[i:])
			return i, err
		}
		if err := e.deliver(ctx, &jobs[i], log); err != nil {
			return i, errors.Join(err, log.flush(ctx))
		}
	}
	if log.overdue() {
		return len(rs), log.flush(ctx)
	}
	return len(rs), nil
}

// job is one claimed reminder on its way: its context (nil until loaded),
// the re-check's verdict and, when it emails the customer, its link.
type job struct {
	r       *reminder.Reminder
	sc      *store.SendContext
	checked bool
	cancel  string // the re-check's reason not to send; "" to send
	step    reminder.Step
	emails  bool // the customer gets a message (not a notify_team-only step)
	link    string
}

// prepare loads the batch's contexts in one go, re-checks each reminder
// and mints the links of those that will email, in one transaction. A
// second reminder of an invoice in the batch is left unloaded: it is
// loaded alone at its turn, after the first is recorded.
func (e *Engine) prepare(ctx context.Context, rs []reminder.Reminder) ([]job, error) {
	refs := make([]store.InvoiceRef, len(rs))
	for i, r := range rs {
		refs[i] = store.InvoiceRef{CompanyID: r.CompanyID, InvoiceID: r.InvoiceID}
	}
	scs, err := e.store.LoadSendContexts(ctx, refs)
	if err != nil {
		return nil, fmt.Errorf("engine: load %d claimed reminders: %w", len(rs), err)
	}
	jobs := make([]job, len(rs))
	var links []store.NewLink
	for i := range rs {
		j := &jobs[i]
		j.r = &rs[i]
		if sc := scs[rs[i].InvoiceID]; sc != nil {
			delete(scs, rs[i].InvoiceID)
			j.sc = sc
			e.check(j)
			if link, ok := e.mint(j); ok {
				links = append(links, link)
			}
		}
	}
	if len(links) > 0 {
		if err := e.store.CreateLinks(ctx, links); err != nil {
			return nil, fmt.Errorf("engine: links for %d reminders: %w", len(links), err)
		}
	}
	return jobs, nil
}

// check resolves the invoice's schedule and re-checks the reminder.
func (e *Engine) check(j *job) {
	j.sc.Settings = e.books.SettingsFor(j.sc) // the applying schedule's cadence
	j.checked = true
	if ok, reason := e.books.Recheck(j.sc, j.r); !ok {
		j.cancel = reason
		return
	}
	j.step, _ = j.sc.Settings.StepAt(j.r.Step)
	j.emails = j.r.Step < 1 || j.step.EmailsCustomer()
}

// mint gives a job that emails its link: a 192-bit random token of which
// only the hash is stored (see NewLink).
func (e *Engine) mint(j *job) (store.NewLink, bool) {
	if j.cancel != "" || !j.emails {
		return store.NewLink{}, false
	}
	token := auth.Random(24)
	j.link = e.cfg.BaseURL + "/i/" + token
	return store.NewLink{CompanyID: j.r.CompanyID, InvoiceID: j.r.InvoiceID, Hash: auth.Hash(token)}, true
}

// deliver re-checks, renders and sends one claimed reminder and adds it
// to log, or records why not. Only a database error is returned; delivery
// failures are recorded on the reminder.
func (e *Engine) deliver(ctx context.Context, j *job, log *sentLog) error {
	r := j.r
	if j.sc == nil {
		// Its invoice is also an earlier job's: record that one first, so
		// that this one sees it in the invoice's history.
		if err := log.flush(ctx); err != nil {
			return err
		}
		sc, err := e.store.LoadSendContext(ctx, r.CompanyID, r.InvoiceID)
		if err != nil {
			return fmt.Errorf("engine: load reminder %d: %w", r.ID, err)
		}
		j.sc = sc
		e.check(j)
		if link, ok := e.mint(j); ok {
			if err := e.store.CreateLinks(ctx, []store.NewLink{link}); err != nil {
				return fmt.Errorf("engine: link for reminder %d: %w", r.ID, err)
			}
		}
	}
	sc := j.sc
	if j.cancel != "" {
		remindersTotal.WithLabelValues("cancelled").Inc()
		r.State, r.Reason = reminder.StateCancelled, j.cancel
		return log.tell(*r, e.store.MarkFinal(ctx, r, reminder.StateCancelled, j.cancel))
	}
	task := e.followUp(sc, r, j.step)
	if !j.emails {
		// notify_team only: nothing to the customer; the step is recorded
		// in the invoice's history with the task it opened.
		return log.add(ctx, books.Sent{Reminder: r, Subject: task.Title, Task: task})
	}
	fee := lateFee(sc, r)
	var feeAmount int64
	if fee != nil {
		feeAmount = fee.Amount + fee.Tax
	}
	msg, rendered, err := e.compose(sc, r, j.link, feeAmount)
	if err != nil {
		remindersTotal.WithLabelValues("failed").Inc()
		r.State, r.LastError = reminder.StateFailed, "could not build the message: "+err.Error()
		return log.tell(*r, e.store.MarkFinal(ctx, r, reminder.StateFailed, r.LastError))
	}
	if log.overdue() {
		if err := log.flush(ctx); err != nil {
			return err
		}
	}
	if err := e.send(ctx, r, msg, rendered.Subject); err != nil {
		return log.tell(*r, e.recordFailure(ctx, r, err))
	}
	return log.add(ctx, books.Sent{Reminder: r, Subject: rendered.Subject, Body: rendered.Text, Fee: fee, Task: task})
}

// sentLog holds a worker's delivered reminders until the commit that
// records them: at most SendBatch of them, the oldest at most
// commitWithin (checked before each send and after each claim's last).
type sentLog struct {
	e     *Engine
	done  func(reminder.Reminder)
	items []books.Sent
	first time.Time
}

func (e *Engine) newSentLog(done func(reminder.Reminder)) *sentLog {
	return &sentLog{e: e, done: done}
}

func (l *sentLog) add(ctx context.Context, it books.Sent) error {
	if len(l.items) == 0 {
		l.first = time.Now()
	}
	l.items = append(l.items, it)
	if len(l.items) >= l.e.cfg.SendBatch {
		return l.flush(ctx)
	}
	return nil
}

// overdue: the oldest delivered message has waited commitWithin.
func (l *sentLog) overdue() bool {
	return len(l.items) > 0 && time.Since(l.first) >= commitWithin
}

// flush records every held reminder sent, in one transaction. It runs
// even when ctx is ending (a shutdown records what went out).
func (l *sentLog) flush(ctx context.Context) error {
	if len(l.items) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	items := l.items
	l.items = nil
	if _, err := l.e.books.MarkSentMany(ctx, items); err != nil {
		return fmt.Errorf("engine: record %d reminders sent: %w", len(items), err)
	}
	for _, it := range items {
		it.Reminder.State, it.Reminder.Subject = reminder.StateSent, it.Subject
		remindersTotal.WithLabelValues("sent").Inc()
		if l.done != nil {
			l.done(*it.Reminder)
		}
	}
	return nil
}

// tell reports a reminder that is not sent (cancelled, failed, retried)
// once its state is recorded.
func (l *sentLog) tell(r reminder.Reminder, err error) error {
	if err == nil && l.done != nil {
		l.done(r)
	}
	return err
}
