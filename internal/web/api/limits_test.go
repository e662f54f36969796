package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

// TestManualReminderLimits: Relance is no relay. An invoice or customer
// with more than invoice.MaxRecipients addresses is refused, and a token
// gets at most reminder.MaxManualPerHour manual reminders an hour; beyond,
// 429 with a clear reason, and another token (another person) is not
// affected.
func TestManualReminderLimits(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		hour := time.Date(2026, 11, 30, 14, 5, 0, 0, time.UTC)
		en.engine.Wall = func() time.Time { return hour }
		cust := en.createCustomer("Côté Rénovation", "elodie@example.com")
		var bcc []string
		for i := 0; i < 60; i++ {
			bcc = append(bcc, fmt.Sprintf("victim%d@example.net", i))
		}
		body := simpleInvoice("F-RELAY", cust, "2026-01-01", "2026-01-31")
		body["email"] = strings.Join(bcc[:invoice.MaxRecipients+1], ", ")
		r := en.call("POST", "/api/v1/invoices", body)
		checkError(t, r, http.StatusUnprocessableEntity, "invalid", "email")
		r = en.call("POST", "/api/v1/customers", map[string]any{"display_name": "Relay", "email": "a@example.com",
			"bcc": strings.Join(bcc, ", "), "language": "en"})
		checkError(t, r, http.StatusUnprocessableEntity, "invalid", "bcc")

		inv := en.createInvoice(simpleInvoice("F-1", cust, "2026-01-01", "2026-01-31"))
		reminders := path("/api/v1/invoices/{id}/reminders", inv.ID)
		for i := 0; i < reminder.MaxManualPerHour; i++ {
			en.must(http.StatusAccepted, "POST", reminders, map[string]string{"subject": "s", "message": "m"}, nil)
		}
		r = en.call("POST", reminders, map[string]string{"subject": "s", "message": "m"})
		e := checkError(t, r, http.StatusTooManyRequests, invoice.ELimit, "invoice")
		if !strings.Contains(e.Error.Fields["invoice"], fmt.Sprintf("at most %d per hour", reminder.MaxManualPerHour)) {
			t.Errorf("reason %q does not say the limit", e.Error.Fields["invoice"])
		}
		if r := en.do(en.newToken(en.company.ID), "POST", reminders, map[string]string{"subject": "s", "message": "m"}); r.status != http.StatusAccepted {
			t.Errorf("another token: %s, want 202", r)
		}
		hour = hour.Add(time.Hour)
		en.must(http.StatusAccepted, "POST", reminders, map[string]string{"subject": "s", "message": "m"}, nil)
	})
}
