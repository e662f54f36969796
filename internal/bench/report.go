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
		scanTarget, scanMet := "", ""
		if db == "sqlite" {
			scanTarget, scanMet = "< 2 s at 1 000 000 (10 000 due)", yes(r.DueScan < 2*time.Second)
			if r.Data.Invoices != 1_000_000 {
				scanMet = "n/a (not 1M)"
			}
		}
		rows = append(rows,
			Row{Figure: fmt.Sprintf("%s: due scan, %d invoices, %d due", db, r.Data.Invoices, r.DueScheduled),
				Value:  fmt.Sprintf("%.2f s (%.0f reminders/s)", r.DueScan.Seconds(), float64(r.DueScheduled)/r.DueScan.Seconds()),
				Target: scanTarget, Met: scanMet, Load: r.DueScanLoad},
			Row{Figure: fmt.Sprintf("%s: scan with nothing due (right after the due scan; then again)", db),
				Value:  fmt.Sprintf("%.1f ms; %.1f ms", float64(r.IdleScan.Microseconds())/1000, float64(r.IdleScanAgain.Microseconds())/1000),
				Target: "< 50 ms", Met: yes(r.IdleScan < 50*time.Millisecond), Load: r.IdleScanLoad})
		s := r.Send
		rows = append(rows,
			Row{Figure: fmt.Sprintf("%s: send %d reminders with PDF, %d workers, into %s", db, s.Sent, s.Workers, nonEmpty(r.SMTPReference, "the test SMTP server")),
				Value: fmt.Sprintf("%.0f msg/s (%.1f s, %d bytes/msg)", s.PerSecond, s.Wall.Seconds(), s.AvgBytes), Load: s.Load},
			Row{Figure: fmt.Sprintf("%s: latency claim → SMTP accept", db), Value: fmt.Sprintf("p50 %s, p99 %s, max %s", ms(s.P50), ms(s.P99), ms(s.Max)), Load: s.Load},
			Row{Figure: fmt.Sprintf("%s: peak RSS of the send phase (child process)", db), Value: fmt.Sprintf("%.0f MB", float64(s.PeakRSS)/(1<<20)),
				Target: "< 200 MB", Met: yes(s.PeakRSS < 200<<20), Load: s.Load},
			Row{Figure: fmt.Sprintf("%s: CPU time of the send phase", db), Value: fmt.Sprintf("%.1f s user + %.1f s sys = %.2f ms/msg",
				s.CPUUser.Seconds(), s.CPUSys.Seconds(), float64((s.CPUUser+s.CPUSys).Microseconds())/1000/float64(max(s.Sent, 1))), Load: s.Load})
		if src := r.Source; src != nil {
			ratio := s.PerSecond / src.PerSecond
			rows = append(rows,
				Row{Figure: fmt.Sprintf("%s: reference `%s`", db, src.Command), Value: fmt.Sprintf("%.0f msg/s", src.PerSecond), Load: src.Load},
				Row{Figure: fmt.Sprintf("%s: our send rate / smtp-source's (same size, same sessions)", db), Value: fmt.Sprintf("%.2f×", ratio),
					Target: "≥ 0.50×", Met: yes(ratio >= 0.5), Load: s.Load})
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
	return rows
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
