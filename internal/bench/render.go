package bench

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	rmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/pdf"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

// RenderResult is the rate of building messages on one goroutine: the
// template, the PDF (or not), the MIME message and its bytes, as the
// engine's send path does, without the database or the network.
type RenderResult struct {
	PDF       bool          `json:"pdf"`
	Messages  int           `json:"messages"`
	Wall      time.Duration `json:"wall_ns"`
	CPU       time.Duration `json:"cpu_ns"` // user + system, every thread (GC included)
	PerSecond float64       `json:"per_second"`
	PerCPUSec float64       `json:"per_cpu_second"` // messages per second of one core
	AvgBytes  int           `json:"avg_bytes"`
	Load      float64       `json:"load"`
}

// RenderRate builds messages for the due invoices' send contexts (up to
// 200 of them, round robin) for d, with or without the PDF.
func RenderRate(ctx context.Context, s *store.Store, withPDF bool, d time.Duration, cpuprofile string) (RenderResult, error) {
	res := RenderResult{PDF: withPDF}
	var refs []struct {
		CompanyID int64 `db:"company_id"`
		InvoiceID int64 `db:"invoice_id"`
	}
	if err := s.DB().SelectContext(ctx, &refs, `SELECT company_id, invoice_id FROM reminders ORDER BY id LIMIT 200`); err != nil {
		return res, fmt.Errorf("bench: render: %w", err)
	}
	if len(refs) == 0 {
		return res, fmt.Errorf("bench: render: no reminder to render (run the scan first)")
	}
	var scs []*store.SendContext
	for _, r := range refs {
		sc, err := s.LoadSendContext(ctx, r.CompanyID, r.InvoiceID)
		if err != nil {
			return res, err
		}
		scs = append(scs, sc)
	}
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return res, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return res, err
		}
		defer pprof.StopCPUProfile()
	}
	res.Load = LoadAvg()
	today := invoice.LocalDate(ScanTime(), toronto)
	var total int64
	u0, s0 := CPUTime()
	t0 := time.Now()
	for i := 0; time.Since(t0) < d || i == 0; i++ {
		n, err := buildOne(scs[i%len(scs)], withPDF, today)
		if err != nil {
			return res, err
		}
		total += int64(n)
		res.Messages++
	}
	res.Wall = time.Since(t0)
	u1, s1 := CPUTime()
	res.CPU = u1 - u0 + s1 - s0
	res.PerSecond = float64(res.Messages) / res.Wall.Seconds()
	if res.CPU > 0 {
		res.PerCPUSec = float64(res.Messages) / res.CPU.Seconds()
	}
	res.AvgBytes = int(total / int64(res.Messages))
	return res, nil
}

// buildOne is what the engine's compose does for step 2, then the bytes
// SMTP would carry.
func buildOne(sc *store.SendContext, withPDF bool, today invoice.Date) (int, error) {
	lang := sc.Customer.Language
	rendered, err := reminder.Render(reminder.RenderInput{Template: sc.Settings.Template(2, lang), Company: sc.Company,
		Customer: sc.Customer, Invoice: sc.Invoice, Lang: lang, Today: today})
	if err != nil {
		return 0, err
	}
	c := sc.Company
	m := rmail.Message{From: "Relance <reminders@relance.localhost>", CompanyName: c.Name, ReplyTo: c.Email,
		To: []string{sc.Invoice.Email}, Subject: rendered.Subject, Text: rendered.Text, HTML: rendered.HTML,
		Brand:     rmail.Brand{Name: c.Name, Address: c.Address, Email: c.Email, Color: c.BrandColor, Logo: c.Logo, LogoType: c.LogoType},
		MessageID: rmail.NewMessageID("relance.localhost"), Date: ScanTime(), Auto: true, Lang: lang}
	if withPDF {
		b, err := pdf.Render(pdf.Doc{Company: c, Customer: sc.Customer, Invoice: sc.Invoice, Lang: lang, Today: today})
		if err != nil {
			return 0, err
		}
		m.Attachment = &rmail.Attachment{Filename: "facture-" + sc.Invoice.Number + ".pdf", Data: b}
	}
	msg, err := rmail.Compose(m)
	if err != nil {
		return 0, err
	}
	raw, err := rmail.Raw(msg)
	return len(raw), err
}
