package api_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestReminderOutlook: the API says which reminder comes next for an
// invoice, or why none will, from the planner; another company's invoice
// is not found.
func TestReminderOutlook(t *testing.T) {
	en := newEnv(t, storetest.SQLite(t))
	cu := en.createCustomer("Élodie Côté", "elodie@example.com")
	today := invoice.LocalDate(time.Now(), en.company.Location())
	inv := en.createInvoice(simpleInvoice("F-17", cu, today.AddDays(-47).String(), today.AddDays(-17).String()))
	path := "/api/v1/invoices/" + strconv.FormatInt(inv.ID, 10) + "/reminders/outlook"

	type planned struct {
		Step int `json:"step"`
	}
	var out struct {
		Blocked string   `json:"blocked"`
		Next    *planned `json:"next"`
		Skip    []struct {
			Step   int    `json:"step"`
			Reason string `json:"reason"`
		} `json:"skip"`
	}
	en.must(http.StatusOK, "GET", path, nil, &out)
	if out.Blocked != "disabled" || out.Next != nil {
		t.Errorf("reminders off: %+v", out)
	}
	var st map[string]any
	en.must(http.StatusOK, "GET", "/api/v1/settings/reminders", nil, &st)
	st["enabled"] = true
	en.must(http.StatusOK, "PUT", "/api/v1/settings/reminders", st, nil)
	out.Blocked, out.Next, out.Skip = "", nil, nil
	en.must(http.StatusOK, "GET", path, nil, &out)
	if out.Blocked != "" || out.Next == nil || out.Next.Step != 3 || len(out.Skip) != 2 || out.Skip[1].Step != 2 || out.Skip[1].Reason != "stale" {
		t.Errorf("17 days late: %+v", out)
	}
	_, tok := en.otherCompany("Autre")
	if r := en.do(tok, "GET", path, nil); r.status != http.StatusNotFound {
		t.Errorf("another company's invoice: %s", r)
	}
}
