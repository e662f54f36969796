package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

const (
	benchInvoices = 1_000_000
	benchBatch    = 20_000
	// benchDB is cached across runs: filling it takes a while. Bump the
	// version when the schema or the data changes.
	benchDB = "relance-bench-invoices-1m-v1.db"
)

// benchStore opens (or builds once) a SQLite database of one company with
// 1 000 000 invoices over 1 000 customers, due dates spread over a year
// around today.
func benchStore(b *testing.B) (*store.Store, *invoice.Company) {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(os.TempDir(), benchDB)
	if _, err := os.Stat(path); err != nil {
		tmp := path + ".tmp"
		os.Remove(tmp)
		if err := fillBench(b, tmp); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
	}
	s, err := store.OpenAndMigrate(ctx, "sqlite:"+path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	cs, err := s.ListCompanies(ctx)
	if err != nil || len(cs) == 0 {
		b.Fatalf("bench database %s has no company (%v): delete it to rebuild", path, err)
	}
	return s, &cs[0]
}

func fillBench(b *testing.B, path string) error {
	ctx := context.Background()
	start := time.Now()
	s, err := store.OpenAndMigrate(ctx, "sqlite:"+path)
	if err != nil {
		return err
	}
	defer s.Close()
	co := storetest.Company(b, s, "Bench Inc.")
	var customers []int64
	for i := range 1000 {
		customers = append(customers, storetest.Customer(b, s, co.ID, fmt.Sprintf("Customer %04d", i)).ID)
	}
	today := invoice.LocalDate(time.Now(), co.Location())
	for n := 0; n < benchInvoices; n += benchBatch {
		invs := make([]*invoice.Invoice, 0, benchBatch)
		for i := n; i < n+benchBatch; i++ {
			due := today.AddDays(i%365 - 300)
			invs = append(invs, storetest.Invoice(co.ID, customers[i%len(customers)], storetest.Seq(i), due.AddDays(-30), due, int64(1000+i%90000)))
		}
		if err := storetest.Books(s).CreateInvoices(ctx, co.ID, invs); err != nil {
			return fmt.Errorf("fill bench database: %w", err)
		}
	}
	b.Logf("built %s: %d invoices in %s", path, benchInvoices, time.Since(start).Round(time.Second))
	return nil
}

// BenchmarkInvoiceList1M renders the invoice list page (handler, store
// query, template) on a database of 1 000 000 invoices: the first page,
// a deep page (keyset cursor near the oldest invoices), and deep pages of
// a status filter and of one customer. The list never counts nor offsets,
// so a deep page should cost about what the first does.
func BenchmarkInvoiceList1M(b *testing.B) {
	s, co := benchStore(b)
	ctx := context.Background()
	u := New(Deps{Store: s, Reminders: nil, Log: quietLog()})
	mux := http.NewServeMux()
	u.Register(mux)
	email := fmt.Sprintf("bench-%d@example.com", time.Now().UnixNano())
	user := &store.User{Email: email, PasswordHash: "x", Language: "en"}
	if err := s.CreateUser(ctx, user, co.ID, store.RoleAdmin); err != nil {
		b.Fatal(err)
	}
	secret := auth.Random(32)
	if err := s.CreateSession(ctx, &store.Session{TokenHash: auth.Hash(secret), UserID: user.ID, CompanyID: co.ID,
		CSRFToken: "t", ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		b.Fatal(err)
	}
	var maxID, minID, cust int64
	s.DB().Get(&maxID, `SELECT MAX(id) FROM invoices`)
	s.DB().Get(&minID, `SELECT MIN(id) FROM invoices`)
	s.DB().Get(&cust, `SELECT MIN(id) FROM customers`)
	deep := minID + (maxID-minID)/100 // 99 % of the way down
	for _, bc := range []struct{ name, query string }{
		{"first", ""},
		{"deep", fmt.Sprintf("?before=%d", deep)},
		{"overdue-deep", fmt.Sprintf("?status=overdue&before=%d", deep)},
		{"customer-deep", fmt.Sprintf("?customer=%d&before=%d", cust, deep)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest("GET", "/invoices"+bc.query, nil)
				req.AddCookie(&http.Cookie{Name: cookieName, Value: secret})
				w := httptest.NewRecorder()
				mux.ServeHTTP(w, req)
				if w.Code != 200 || !strings.Contains(w.Body.String(), "INV-") {
					b.Fatalf("GET %s: %d", bc.query, w.Code)
				}
			}
		})
	}
}
