package bench

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Row is one figure of the summary.
type Row struct {
	Figure string
	Value  string
	Target string
	Met    string // "yes", "NO", or "" when there is no target
	Load   float64
}

// Rows turns results into the summary, with each target met or not.
func Rows(rs []*Result) []Row {
	var rows []Row
	yes := func(ok bool) string {
		if ok {
			return "yes"
		}
		return "NO"
	}
	for _, r := range rs {
		db := r.DB
		if !r.Cached && r.Generated > 0 {
			rows = append(rows, Row{Figure: fmt.Sprintf("%s: generate %d invoices (+%d customers, %d companies)", db, r.Data.Invoices, r.Data.Customers, r.Data.Companies),
				Value: fmt.Sprintf("%s (%.0f invoices/s)", r.Generated.Round(time.Second), r.GenPerSecond)})
		}
		scanTarget, scanMet := "< 1 s at 1 000 000 (10 000 due)", yes(r.DueScan < time.Second)
		if r.Data.Invoices != 1_000_000 {
			scanMet = "n/a (not 1M)"
		}
		rows = append(rows,
			Row{Figure: fmt.Sprintf("%s: due scan, %d invoices, %d due", db, r.Data.Invoices, r.DueScheduled),
				Value:  fmt.Sprintf("%.2f s (%.0f reminders/s)", r.DueScan.Seconds(), float64(r.DueScheduled)/r.DueScan.Seconds()),
				Target: scanTarget, Met: scanMet, Load: r.DueScanLoad},
			Row{Figure: fmt.Sprintf("%s: scan with nothing due (right after the due scan; then again)", db),
				Value:  fmt.Sprintf("%.1f ms; %.1f ms", float64(r.IdleScan.Microseconds())/1000, float64(r.IdleScanAgain.Microseconds())/1000),
				Target: "< 10 ms", Met: yes(r.IdleScan < 10*time.Millisecond), Load: r.IdleScanLoad})
		for _, run := range r.Runs {
			s := run.Send
			what := "with PDF"
			ratioTarget, ratioWant := "≥ 0.25×", 0.25
			if !run.PDF {
				what, ratioTarget, ratioWant = "without PDF", "≥ 0.60×", 0.6
			}
			rows = append(rows,
				Row{Figure: fmt.Sprintf("%s: send %d reminders %s, %s, into %s", db, s.Sent, what, s.senders(), nonEmpty(r.SMTPReference, "the test SMTP server")),
					Value: fmt.Sprintf("%.0f msg/s (%.1f s, %d bytes/msg)", s.PerSecond, s.Wall.Seconds(), s.AvgBytes), Load: s.Load},
				Row{Figure: fmt.Sprintf("%s, %s: latency claim → SMTP accept", db, what), Value: fmt.Sprintf("p50 %s, p99 %s, max %s", ms(s.P50), ms(s.P99), ms(s.Max)),
					Target: "p99 < 50 ms", Met: yes(s.P99 < 50*time.Millisecond), Load: s.Load},
				Row{Figure: fmt.Sprintf("%s, %s: peak RSS of the send phase (child process)", db, what), Value: fmt.Sprintf("%.0f MB", float64(s.PeakRSS)/(1<<20)),
					Target: "< 200 MB", Met: yes(s.PeakRSS < 200<<20), Load: s.Load},
				Row{Figure: fmt.Sprintf("%s, %s: CPU time of the send phase", db, what), Value: cpuValue(s), Load: s.Load},
				Row{Figure: fmt.Sprintf("%s, %s: its split per message (CPU profile)", db, what), Value: splitValue(s), Load: s.Load})
			if run.PDF {
				pdf := s.PhaseCPU("pdf")
				rows = append(rows, Row{Figure: fmt.Sprintf("%s: CPU per PDF (the pdf part of the split)", db), Value: fmt.Sprintf("%.3f ms", pdf),
					Target: "≤ 0.5 ms", Met: yes(pdf <= 0.5), Load: s.Load})
			} else {
				per := s.CPUPerMessage() + float64(s.ServerCPU.Microseconds())/1000/float64(max(s.Sent, 1))
				rows = append(rows, Row{Figure: fmt.Sprintf("%s: CPU per reminder without the PDF (process%s)", db, map[bool]string{true: " + PostgreSQL backends", false: ""}[s.ServerCPUKnown]),
					Value: fmt.Sprintf("%.3f ms", per), Target: "≤ 0.3 ms", Met: yes(per <= 0.3), Load: s.Load})
			}
			if src := run.Source; src != nil {
				ratio := s.PerSecond / src.PerSecond
				rows = append(rows,
					Row{Figure: fmt.Sprintf("%s: reference `%s`", db, src.Command), Value: fmt.Sprintf("%.0f msg/s", src.PerSecond), Load: src.Load},
					Row{Figure: fmt.Sprintf("%s: our send rate %s / smtp-source's (same size, same sessions)", db, what), Value: fmt.Sprintf("%.2f×", ratio),
						Target: ratioTarget, Met: yes(ratio >= ratioWant), Load: s.Load})
			}
		}
		for _, rr := range r.Render {
			what, target, met := "without the PDF", "", ""
			if rr.PDF {
				what, target, met = "with the PDF", "≥ 500/s per core", yes(rr.PerCPUSec >= 500)
			}
			rows = append(rows, Row{Figure: fmt.Sprintf("%s: messages built %s (template, MIME, bytes), one goroutine", db, what),
				Value:  fmt.Sprintf("%.0f/s wall, %.0f per CPU-second, %d bytes", rr.PerSecond, rr.PerCPUSec, rr.AvgBytes),
				Target: target, Met: met, Load: rr.Load})
		}
	}
	rows = append(rows, pgRatio(rs)...)
	return rows
}

// pgRatio compares each send run's rate on PostgreSQL with SQLite's.
func pgRatio(rs []*Result) []Row {
	var lite, pg *Result
	for _, r := range rs {
		switch r.DB {
		case "sqlite":
			lite = r
		case "postgres":
			pg = r
		}
	}
	if lite == nil || pg == nil {
		return nil
	}
	var rows []Row
	for _, a := range lite.Runs {
		for _, b := range pg.Runs {
			if a.PDF != b.PDF || a.Send.PerSecond == 0 {
				continue
			}
			ratio := b.Send.PerSecond / a.Send.PerSecond
			rows = append(rows, Row{Figure: fmt.Sprintf("PostgreSQL send rate / SQLite's, %s", map[bool]string{true: "with PDF", false: "without PDF"}[a.PDF]),
				Value: fmt.Sprintf("%.2f", ratio), Target: "≥ 0.8", Met: map[bool]string{true: "yes", false: "NO"}[ratio >= 0.8], Load: max(a.Send.Load, b.Send.Load)})
		}
	}
	return rows
}

func cpuValue(s SendResult) string {
	v := fmt.Sprintf("%.1f s user + %.1f s sys = %.3f ms/msg", s.CPUUser.Seconds(), s.CPUSys.Seconds(), s.CPUPerMessage())
	if s.ServerCPUKnown {
		v += fmt.Sprintf("; PostgreSQL backends %.1f s = %.3f ms/msg", s.ServerCPU.Seconds(), float64(s.ServerCPU.Microseconds())/1000/float64(max(s.Sent, 1)))
	}
	return v
}

func splitValue(s SendResult) string {
	var parts []string
	for _, p := range s.Phases {
		if p.CPU > 0 {
			parts = append(parts, fmt.Sprintf("%s %.3f", p.Name, float64(p.CPU.Microseconds())/1000/float64(max(s.Sent, 1))))
		}
	}
	return strings.Join(parts, ", ") + " ms"
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// Header is the machine facts, one per line.
func Header(w io.Writer, m Machine, command string) {
	fmt.Fprintf(w, "relance bench — %s\n", m.Date.Format(time.RFC3339))
	fmt.Fprintf(w, "machine: %d cores, %s, kernel %s, %s; load average at start %.2f\n", m.Cores, m.CPUModel, m.Kernel, m.GoVersion, m.Load)
	fmt.Fprintf(w, "command: %s\n\n", command)
}

// Table prints the summary as aligned text.
func Table(w io.Writer, rows []Row) {
	wf, wv, wt := len("figure"), len("value"), len("target")
	for _, r := range rows {
		wf, wv, wt = max(wf, len([]rune(r.Figure))), max(wv, len([]rune(r.Value))), max(wt, len([]rune(r.Target)))
	}
	line := func(f, v, t, m, l string) {
		fmt.Fprintf(w, "%s  %s  %s  %-4s  %s\n", pad(f, wf), pad(v, wv), pad(t, wt), m, l)
	}
	line("figure", "value", "target", "met", "load")
	line(strings.Repeat("-", wf), strings.Repeat("-", wv), strings.Repeat("-", wt), "----", "----")
	for _, r := range rows {
		line(r.Figure, r.Value, r.Target, r.Met, fmt.Sprintf("%.2f", r.Load))
	}
}

func pad(s string, n int) string { return s + strings.Repeat(" ", max(0, n-len([]rune(s)))) }

// Markdown prints the summary as a Markdown table.
func Markdown(w io.Writer, rows []Row) {
	fmt.Fprintln(w, "| figure | value | target | met | load |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- |")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %.2f |\n", r.Figure, r.Value, r.Target, r.Met, r.Load)
	}
}
