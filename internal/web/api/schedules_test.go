package api_test

import (
	"net/http"
	"strings"
	"testing"
)

type scheduleJSONOut struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Priority   int    `json:"priority"`
	Customers  int    `json:"customers"`
	Conditions struct {
		MinBalance   string   `json:"min_balance"`
		Currencies   []string `json:"currencies"`
		CustomerTags []string `json:"customer_tags"`
	} `json:"conditions"`
	Steps []struct {
		Days int    `json:"days"`
		When string `json:"when"`
	} `json:"steps"`
}

type invoiceScheduleJSON struct {
	ID       int64 `json:"id"`
	Schedule *struct {
		ID      *int64 `json:"id"`
		Name    string `json:"name"`
		Why     string `json:"why"`
		WhyText string `json:"why_text"`
	} `json:"schedule"`
}

func wholesaleBody(name string) map[string]any {
	return map[string]any{"name": name, "priority": 1,
		"conditions": map[string]any{"min_balance": "100.00", "currencies": []string{"CAD"}, "customer_tags": []string{"wholesale"}},
		"steps": []map[string]any{{"enabled": true, "days": 10, "when": "after"}, {"enabled": true, "days": 20, "when": "after"},
			{"enabled": false, "days": 30, "when": "after"}}}
}

// TestSchedulesAPI: named schedules' routes, customers' tags and
// schedule_id, the invoice's schedule and why, bad input named, another
// company's schedule not found, deletion's fall-back.
func TestSchedulesAPI(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		var sc scheduleJSONOut
		en.must(http.StatusCreated, "POST", "/api/v1/schedules", wholesaleBody("Wholesale"), &sc)
		if sc.ID <= 0 || sc.Name != "Wholesale" || len(sc.Steps) != 3 || sc.Steps[0].Days != 10 || sc.Customers != 0 {
			t.Fatalf("created %+v", sc)
		}
		// Without steps: the default schedule's.
		var plain scheduleJSONOut
		en.must(http.StatusCreated, "POST", "/api/v1/schedules", map[string]any{"name": "Euro", "priority": 2,
			"conditions": map[string]any{"currencies": []string{"eur"}}}, &plain)
		if len(plain.Steps) != 3 || plain.Steps[0].Days != 3 || plain.Steps[0].When != "before" || plain.Conditions.Currencies[0] != "EUR" {
			t.Errorf("schedule without steps: %+v", plain)
		}

		var cust struct {
			ID         int64    `json:"id"`
			Tags       []string `json:"tags"`
			ScheduleID *int64   `json:"schedule_id"`
		}
		en.must(http.StatusCreated, "POST", "/api/v1/customers", map[string]any{"display_name": "Harbour Cafe",
			"email": "cafe@example.com", "language": "en", "tags": []string{"Wholesale", "coffee"}}, &cust)
		if strings.Join(cust.Tags, ",") != "coffee,wholesale" || cust.ScheduleID != nil {
			t.Fatalf("customer %+v", cust)
		}
		var tagged struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		en.createCustomer("Untagged", "u@example.com")
		en.must(http.StatusOK, "GET", "/api/v1/customers?tag=WHOLESALE", nil, &tagged)
		if len(tagged.Items) != 1 || tagged.Items[0].ID != cust.ID {
			t.Errorf("customers tagged wholesale: %+v", tagged)
		}

		inv := en.createInvoice(simpleInvoice("INV-1042", cust.ID, "2026-11-01", "2026-11-30"))
		var got invoiceScheduleJSON
		en.must(http.StatusOK, "GET", path("/api/v1/invoices/{id}", inv.ID), nil, &got)
		// The company is French: the reason is in French.
		if got.Schedule == nil || got.Schedule.ID == nil || *got.Schedule.ID != sc.ID || got.Schedule.Name != "Wholesale" ||
			got.Schedule.Why != "conditions" || !strings.Contains(got.Schedule.WhyText, "étiquette wholesale") ||
			!strings.Contains(got.Schedule.WhyText, "100,00") {
			t.Fatalf("invoice schedule %+v", got.Schedule)
		}
		var invs struct {
			Items []invoiceScheduleJSON `json:"items"`
		}
		en.must(http.StatusOK, "GET", "/api/v1/invoices", nil, &invs)
		if len(invs.Items) != 1 || invs.Items[0].Schedule == nil || invs.Items[0].Schedule.Why != "conditions" {
			t.Errorf("list: %+v", invs)
		}

		// The customer's own schedule wins; null clears it.
		en.must(http.StatusOK, "PATCH", path("/api/v1/customers/{id}", cust.ID), map[string]any{"schedule_id": plain.ID}, &cust)
		if cust.ScheduleID == nil || *cust.ScheduleID != plain.ID || len(cust.Tags) != 2 {
			t.Fatalf("customer's own schedule: %+v", cust)
		}
		en.must(http.StatusOK, "GET", path("/api/v1/invoices/{id}", inv.ID), nil, &got)
		if got.Schedule.Why != "customer" || got.Schedule.Name != "Euro" {
			t.Errorf("own schedule: %+v", got.Schedule)
		}
		en.must(http.StatusOK, "GET", path("/api/v1/schedules/{id}", plain.ID), nil, &plain)
		if plain.Customers != 1 {
			t.Errorf("customers of the schedule: %d", plain.Customers)
		}

		// Bad input: 422 naming the field; nothing stored.
		for field, body := range map[string]map[string]any{
			"name":                     {"name": ""},
			"conditions.currencies":    {"name": "X", "conditions": map[string]any{"currencies": []string{"ABC"}}},
			"conditions.max_balance":   {"name": "X", "conditions": map[string]any{"min_balance": "10", "max_balance": "5"}},
			"conditions.min_balance":   {"name": "X", "conditions": map[string]any{"min_balance": "1.234"}},
			"conditions.customer_tags": {"name": "X", "conditions": map[string]any{"customer_tags": []string{""}}},
			"steps":                    {"name": "X", "steps": elevenSteps()},
			"steps[0].days":            {"name": "X", "steps": []map[string]any{{"days": -1, "when": "after"}, {"days": 1, "when": "after"}, {"days": 2, "when": "after"}}},
		} {
			checkError(t, en.call("POST", "/api/v1/schedules", body), http.StatusUnprocessableEntity, "invalid", field)
		}
		checkError(t, en.call("POST", "/api/v1/schedules", wholesaleBody("Wholesale")), http.StatusUnprocessableEntity, "invalid", "name")
		checkError(t, en.call("PUT", path("/api/v1/schedules/{id}", plain.ID), wholesaleBody("Wholesale")),
			http.StatusUnprocessableEntity, "invalid", "name")
		checkError(t, en.call("POST", "/api/v1/schedules", map[string]any{"name": "X", "color": "red"}), http.StatusBadRequest, "malformed", "color")
		checkError(t, en.call("PATCH", path("/api/v1/customers/{id}", cust.ID), map[string]any{"schedule_id": 999999}),
			http.StatusUnprocessableEntity, "invalid", "schedule_id")
		checkError(t, en.call("PATCH", path("/api/v1/customers/{id}", cust.ID), map[string]any{"tags": []string{"a,b"}}),
			http.StatusUnprocessableEntity, "invalid", "tags")
		var all struct {
			Items []scheduleJSONOut `json:"items"`
		}
		en.must(http.StatusOK, "GET", "/api/v1/schedules", nil, &all)
		if len(all.Items) != 2 || all.Items[0].Name != "Wholesale" || all.Items[1].Name != "Euro" {
			t.Errorf("list after bad input: %+v", all.Items)
		}

		// Another company sees none of it and cannot use it.
		_, otherTok := en.otherCompany("Other")
		if r := en.do(otherTok, "GET", path("/api/v1/schedules/{id}", sc.ID), nil); r.status != http.StatusNotFound {
			t.Errorf("other company GET: %s", r)
		}
		if r := en.do(otherTok, "DELETE", path("/api/v1/schedules/{id}", sc.ID), nil); r.status != http.StatusNotFound {
			t.Errorf("other company DELETE: %s", r)
		}
		var oc struct {
			ID int64 `json:"id"`
		}
		r := en.do(otherTok, "POST", "/api/v1/customers", map[string]any{"display_name": "Z", "language": "fr", "schedule_id": sc.ID})
		checkError(t, r, http.StatusUnprocessableEntity, "invalid", "schedule_id")
		_ = oc

		// Deleting the customer's schedule: it falls back to conditions.
		var del struct {
			FellBack  int `json:"customers_fell_back"`
			Customers []struct {
				ID          int64  `json:"id"`
				DisplayName string `json:"display_name"`
			} `json:"customers"`
		}
		en.must(http.StatusOK, "DELETE", path("/api/v1/schedules/{id}", plain.ID), nil, &del)
		if del.FellBack != 1 || del.Customers[0].DisplayName != "Harbour Cafe" {
			t.Errorf("deleted: %+v", del)
		}
		en.must(http.StatusOK, "GET", path("/api/v1/invoices/{id}", inv.ID), nil, &got)
		if got.Schedule.Why != "conditions" || got.Schedule.Name != "Wholesale" {
			t.Errorf("after deletion: %+v", got.Schedule)
		}
		en.must(http.StatusOK, "DELETE", path("/api/v1/schedules/{id}", sc.ID), nil, &del)
		en.must(http.StatusOK, "GET", path("/api/v1/invoices/{id}", inv.ID), nil, &got)
		if got.Schedule.ID != nil || got.Schedule.Why != "default" || got.Schedule.WhyText != "calendrier par défaut" {
			t.Errorf("default: %+v", got.Schedule)
		}
		if r := en.call("GET", path("/api/v1/schedules/{id}", sc.ID), nil); r.status != http.StatusNotFound {
			t.Errorf("deleted schedule: %s", r)
		}
	})
}

// elevenSteps is one step more than a schedule may have.
func elevenSteps() []map[string]any {
	out := make([]map[string]any, 11)
	for i := range out {
		out[i] = map[string]any{"enabled": true, "days": i, "when": "after"}
	}
	return out
}
