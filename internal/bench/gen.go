package bench

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"time"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

// Day is the calendar day the bench plays out on, in America/Toronto: a
// fixed day, so that a cached database stays valid. The scan runs at 10:00,
// an hour after the default send time.
var Day = invoice.Date{Year: 2026, Month: 12, Day: 10}

var toronto = mustLoc("America/Toronto")

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// ScanTime is when the bench scans: Day at 10:00 in Toronto.
func ScanTime() time.Time { return Day.At(10, 0, toronto) }

// Data sizes the generated database.
type Data struct {
	Companies int
	Customers int // in all, spread over the companies
	Invoices  int // in all
	// DueCount is how many have a reminder due at ScanTime, spread evenly
	// (0: 1 %).
	DueCount int
}

// every is the stride of due invoices: the i-th is due when i%every == 0.
func (d Data) every() int {
	if d.DueCount <= 0 {
		return 100
	}
	return max(d.Invoices/d.DueCount, 1)
}

// Due reports whether the i-th generated invoice has a reminder due at
// ScanTime.
func (d Data) Due(i int) bool { return i%d.every() == 0 }

// Dues is how many generated invoices are due at ScanTime.
func (d Data) Dues() int { return (d.Invoices + d.every() - 1) / d.every() }

// dueDate is the mix of due dates: the due ones seven days overdue (the
// default step 2 falls due today), the rest spread over the next year from
// four days out (their first reminder, three days before, is still ahead).
// Nothing is due by catch-up: every other invoice's next step is ahead.
func (d Data) dueDate(i int) invoice.Date {
	if d.Due(i) {
		return Day.AddDays(-7)
	}
	return Day.AddDays(4 + (i*7919)%360)
}

// Generate fills an empty, migrated store: d.Companies companies with
// reminders on (PDF attached; every other one with a logo), their
// customers (French and English), and d.Invoices invoices of one to three
// lines with Québec taxes. progress, when not nil, is told of each batch.
func Generate(ctx context.Context, b *books.Books, d Data, progress func(n int)) error {
	s := b.Store()
	if d.Companies <= 0 || d.Customers < d.Companies || d.Invoices < 0 {
		return fmt.Errorf("bench: generate: want at least one company and one customer per company, got %+v", d)
	}
	now := ScanTime()
	s.Now = func() time.Time { return now }
	logo, err := logoPNG()
	if err != nil {
		return err
	}
	perCo := d.Customers / d.Companies
	type co struct {
		id    int64
		custs []int64
	}
	cos := make([]co, d.Companies)
	for c := range cos {
		lang := []string{"fr", "en"}[c%2]
		company := &invoice.Company{Name: fmt.Sprintf("Atelier %03d Côté", c), Email: fmt.Sprintf("facturation%03d@atelier.test", c),
			Address: "1234, rue Saint-Denis\nMontréal (Québec) H2X 3K2", Timezone: "America/Toronto", Language: lang,
			Currency: "CAD", BrandColor: "#1f6feb"}
		if c%2 == 0 {
			company.Logo, company.LogoType = logo, "image/png"
		}
		if err := s.CreateCompany(ctx, company); err != nil {
			return fmt.Errorf("bench: company: %w", err)
		}
		st, err := s.ReminderSettings(ctx, company.ID)
		if err != nil {
			return err
		}
		st.Enabled, st.AttachPDF = true, true
		if err := b.PutReminderSettings(ctx, company.ID, st); err != nil {
			return fmt.Errorf("bench: settings: %w", err)
		}
		cos[c].id = company.ID
		for k := range perCo {
			i := c*perCo + k
			cu := &invoice.Customer{CompanyID: company.ID, DisplayName: fmt.Sprintf("Client %06d inc.", i),
				CompanyName: fmt.Sprintf("Client %06d inc.", i), FirstName: []string{"Élodie", "Grace"}[i%2],
				LastName: []string{"Côté", "Hopper"}[i%2], Email: fmt.Sprintf("client%06d@example.com", i),
				Language: []string{"fr", "en"}[i%2]}
			if err := s.CreateCustomer(ctx, cu); err != nil {
				return fmt.Errorf("bench: customer: %w", err)
			}
			cos[c].custs = append(cos[c].custs, cu.ID)
		}
	}
	const batch = 5000
	invs := make([]*invoice.Invoice, 0, batch)
	flush := func(companyID int64) error {
		if len(invs) == 0 {
			return nil
		}
		if err := b.CreateInvoices(ctx, companyID, invs); err != nil {
			return fmt.Errorf("bench: invoices: %w", err)
		}
		if progress != nil {
			progress(len(invs))
		}
		invs = invs[:0]
		return nil
	}
	// Invoice i belongs to company i % Companies, so every company gets
	// its share of due ones; written company by company.
	for c := range cos {
		for i := c; i < d.Invoices; i += d.Companies {
			due := d.dueDate(i)
			inv := &invoice.Invoice{CompanyID: cos[c].id, CustomerID: cos[c].custs[(i/d.Companies)%len(cos[c].custs)],
				Number: fmt.Sprintf("F-%07d", i), Email: fmt.Sprintf("client%06d@example.com", c*perCo+(i/d.Companies)%perCo),
				IssueDate: due.AddDays(-30), DueDate: due, Currency: "CAD"}
			for l := range 1 + i%3 {
				inv.Lines = append(inv.Lines, invoice.Line{Position: l + 1, Description: fmt.Sprintf("Travaux, étape %d", l+1),
					Quantity: int64(1+l) * invoice.QtyScale, UnitPrice: int64(2500 + (i%200)*100), TaxRate: 149750})
			}
			invs = append(invs, inv)
			if len(invs) == batch {
				if err := flush(cos[c].id); err != nil {
					return err
				}
			}
		}
		if err := flush(cos[c].id); err != nil {
			return err
		}
	}
	if err := history(ctx, s); err != nil {
		return err
	}
	// Fresh planner statistics, as autovacuum or a live database's
	// optimize would have them (on PostgreSQL the visibility map and hint
	// bits too: a copy of a database never vacuumed scanned 2–5 s instead
	// of 1–3 s); fold the WAL back into the file.
	analyze := "ANALYZE"
	if s.Dialect() == store.Postgres {
		analyze = "VACUUM ANALYZE"
	}
	if _, err := s.DB().ExecContext(ctx, analyze); err != nil {
		return fmt.Errorf("bench: analyze: %w", err)
	}
	if s.Dialect() == store.SQLite {
		// Keep sqlite_stat1 only: with sqlite_stat4 (modernc builds with
		// SQLITE_ENABLE_STAT4) SQLite re-prepares a statement at each new
		// binding of a parameter its plan could depend on, which undid the
		// send path's prepared statements (0.56 of 11 CPU-s in the send
		// phase, 2026-12-01). Relance never runs ANALYZE itself: a live
		// database has no stat4 unless someone runs it by hand.
		if _, err := s.DB().ExecContext(ctx, "DELETE FROM sqlite_stat4"); err != nil {
			return fmt.Errorf("bench: drop stat4: %w", err)
		}
		if _, err := s.DB().ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			return fmt.Errorf("bench: checkpoint: %w", err)
		}
	}
	return nil
}

// history gives each due invoice what a running system would have given
// it: its first reminder (the default step 1, three days before the due
// date), sent that morning at the send time, with its template's subject
// and text in the customer's language. The scan then finds step 2 due, as
// on any working day. Without it, the reminders table was empty when the
// scan began: a state no live database is in after its first day, and one
// in which PostgreSQL, whose statistics said "empty", kept a
// sequential-scan plan for reading the invoices' history while the scan
// filled the table (BENCHMARKS.md, session 5).
func history(ctx context.Context, s *store.Store) error {
	due := Day.AddDays(-7)
	trigger := due.AddDays(-3)
	at := trigger.At(9, 0, toronto).UTC()
	fr, en := reminder.DefaultTemplate(1, "fr"), reminder.DefaultTemplate(1, "en")
	if _, err := s.DB().ExecContext(ctx, s.DB().Rebind(`INSERT INTO reminders (company_id, invoice_id, step, due_date, trigger_date,
		state, attempts, next_attempt_at, recipients, language, subject, body_text, message_id, sent_at, created_at, updated_at)
		SELECT i.company_id, i.id, 1, i.due_date, ?, 'sent', 1, ?, i.email, c.language,
		CASE c.language WHEN 'fr' THEN ? ELSE ? END, CASE c.language WHEN 'fr' THEN ? ELSE ? END,
		'<h' || i.id || '@bench.relance.localhost>', ?, ?, ?
		FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.due_date = ?`),
		trigger, at, fr.Subject, en.Subject, fr.Message, en.Message, at, at, at, due); err != nil {
		return fmt.Errorf("bench: history: %w", err)
	}
	if _, err := s.DB().ExecContext(ctx, s.DB().Rebind(`UPDATE invoices SET last_reminder_at = ? WHERE due_date = ?`), at, due); err != nil {
		return fmt.Errorf("bench: history: %w", err)
	}
	return nil
}

// logoPNG is a 240×80 two-colour logo, about what a small business uploads.
func logoPNG() ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, 240, 80))
	for y := range 80 {
		for x := range 240 {
			c := color.RGBA{0x1f, 0x6f, 0xeb, 0xff}
			if (x/20+y/20)%2 == 0 {
				c = color.RGBA{0xff, 0xff, 0xff, 0xff}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("bench: logo: %w", err)
	}
	return b.Bytes(), nil
}
