package api_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

func TestReportsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		en := newEnv(t, s)
		en.clock.set(time.Date(2026, 11, 30, 15, 0, 0, 0, time.UTC))
		ctx := context.Background()
		cu := storetest.Customer(t, s, en.company.ID, "=Côté & fils")
		inv := storetest.Invoice(en.company.ID, cu.ID, "F-1", storetest.MustDate(t, "2026-09-01"), storetest.MustDate(t, "2026-10-01"), 123456)
		if err := storetest.Books(s).CreateInvoice(ctx, inv); err != nil {
			t.Fatal(err)
		}
		// 60 days past due on 2026-11-30: bucket 31–60.
		var aging struct {
			AsOf       string `json:"as_of"`
			Currencies []struct {
				Currency  string `json:"currency"`
				Customers []struct {
					Name   string `json:"name"`
					D31_60 string `json:"d31_60"`
					Total  string `json:"total"`
				} `json:"customers"`
				Totals struct {
					D31_60 string `json:"d31_60"`
				} `json:"totals"`
			} `json:"currencies"`
		}
		en.must(http.StatusOK, "GET", "/api/v1/reports/aging?as_of=2026-11-30", nil, &aging)
		if len(aging.Currencies) != 1 || aging.Currencies[0].Customers[0].D31_60 != "1234.56" || aging.Currencies[0].Totals.D31_60 != "1234.56" {
			t.Errorf("aging: %+v", aging)
		}
		// 61 days on 2026-12-01: it moved on.
		en.must(http.StatusOK, "GET", "/api/v1/reports/aging?as_of=2026-12-01", nil, &aging)
		if aging.Currencies[0].Customers[0].D31_60 != "0.00" {
			t.Errorf("aging as of 2026-12-01: %+v", aging)
		}

		r := en.must(http.StatusOK, "GET", "/api/v1/reports/aging?as_of=2026-11-30&format=csv&lang=fr", nil, nil)
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") ||
			!strings.Contains(r.header.Get("Content-Disposition"), `filename="aging-2026-11-30.csv"`) {
			t.Errorf("csv headers: %v", r.header)
		}
		body := strings.TrimPrefix(string(r.body), "\ufeff")
		if len(body) == len(r.body) {
			t.Error("csv without byte-order mark")
		}
		cr := csv.NewReader(strings.NewReader(body))
		cr.Comma = ';'
		rows, err := cr.ReadAll()
		if err != nil || len(rows) != 3 || rows[1][1] != "'=Côté & fils" || rows[1][4] != "1234,56" {
			t.Errorf("csv rows %q (%v)", rows, err)
		}

		var dso struct {
			Currency string `json:"currency"`
			Months   []struct {
				Month string   `json:"month"`
				DSO   *float64 `json:"dso"`
			} `json:"months"`
		}
		en.must(http.StatusOK, "GET", "/api/v1/reports/dso?months=3", nil, &dso)
		// September: 1234.56 owed, 1234.56 invoiced (on 2026-09-01) in the 90
		// days ending 2026-09-30 → 90; November: that day is 90 days before
		// 2026-11-30, outside the window: nothing invoiced → null.
		if dso.Currency != "CAD" || len(dso.Months) != 3 || dso.Months[0].Month != "2026-09" || dso.Months[0].DSO == nil ||
			*dso.Months[0].DSO != 90 || dso.Months[2].Month != "2026-11" || dso.Months[2].DSO != nil {
			t.Errorf("dso: %+v", dso)
		}

		var eff struct {
			Steps []map[string]any `json:"steps"`
		}
		en.must(http.StatusOK, "GET", "/api/v1/reports/reminders?from=2026-11-01&to=2026-11-30", nil, &eff)
		if eff.Steps == nil || len(eff.Steps) != 0 {
			t.Errorf("no reminder sent: %+v", eff)
		}

		for _, bad := range []struct{ path, field string }{
			{"/api/v1/reports/aging?as_of=30/11/2026", "as_of"},
			{"/api/v1/reports/aging?currency=dollars", "currency"},
			{"/api/v1/reports/dso?months=0", "months"},
			{"/api/v1/reports/reminders?from=2026-12-01&to=2026-11-01", "from"},
			{"/api/v1/reports/reminders?format=xml", "format"},
		} {
			checkError(t, en.call("GET", bad.path, nil), http.StatusBadRequest, "malformed", bad.field)
		}
		// Another company sees nothing of this one.
		_, tok := en.otherCompany("Autre")
		other := en.do(tok, "GET", "/api/v1/reports/aging?as_of=2026-11-30", nil)
		if other.status != http.StatusOK || strings.Contains(string(other.body), "Côté") {
			t.Errorf("other company: %s", other)
		}
		if r := en.do("", "GET", "/api/v1/reports/aging", nil); r.status != http.StatusUnauthorized {
			t.Errorf("no token: %s", r)
		}
	})
}

func TestUpcomingAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		en := newEnv(t, s)
		ctx := context.Background()
		st, err := s.ReminderSettings(ctx, en.company.ID)
		if err != nil {
			t.Fatal(err)
		}
		st.Enabled = true
		st.Steps[0].Enabled, st.Steps[0].Days, st.Steps[0].When = true, 3, reminder.Before
		if err := storetest.Books(s).PutReminderSettings(ctx, en.company.ID, st); err != nil {
			t.Fatal(err)
		}
		today := invoice.LocalDate(time.Now(), en.company.Location())
		cu := storetest.Customer(t, s, en.company.ID, "Dupont")
		inv := storetest.Invoice(en.company.ID, cu.ID, "UP-1", today.AddDays(-25), today.AddDays(5), 10000)
		if err := storetest.Books(s).CreateInvoice(ctx, inv); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Items []struct {
				Date       string `json:"date"`
				InvoiceID  int64  `json:"invoice_id"`
				Number     string `json:"number"`
				CustomerID int64  `json:"customer_id"`
				Step       int    `json:"step"`
				Action     string `json:"action"`
			} `json:"items"`
		}
		en.must(http.StatusOK, "GET", "/api/v1/reminders/upcoming?days=14", nil, &got)
		if len(got.Items) == 0 || got.Items[0].Date != today.AddDays(2).String() || got.Items[0].InvoiceID != inv.ID ||
			got.Items[0].Number != "UP-1" || got.Items[0].CustomerID != cu.ID || got.Items[0].Step != 1 || got.Items[0].Action != "send" {
			t.Errorf("upcoming: %+v", got)
		}
		en.must(http.StatusOK, "GET", "/api/v1/reminders/upcoming?days=2", nil, &got)
		if len(got.Items) != 0 {
			t.Errorf("two days (today and tomorrow) hold nothing: %+v", got)
		}
		r := en.must(http.StatusOK, "GET", "/api/v1/reminders/upcoming?format=csv&lang=fr", nil, nil)
		if !strings.Contains(string(r.body), "UP-1;Dupont;Relance 1;Envoyer;") {
			t.Errorf("csv: %q", r.body)
		}
		checkError(t, en.call("GET", "/api/v1/reminders/upcoming?days=61", nil), http.StatusBadRequest, "malformed", "days")
	})
}
