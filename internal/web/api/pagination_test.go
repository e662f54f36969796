package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// walk pages through a list with limit, following next_cursor, and returns
// the ids in order with the number of pages.
func (en *env) walk(t *testing.T, list string, limit int) (ids []int64, pages int) {
	t.Helper()
	cursor := ""
	for {
		sep := "?"
		if strings.Contains(list, "?") {
			sep = "&"
		}
		u := fmt.Sprintf("%s%slimit=%d", list, sep, limit)
		if cursor != "" {
			u += "&cursor=" + url.QueryEscape(cursor)
		}
		r := en.must(http.StatusOK, "GET", u, nil, nil)
		var raw map[string]json.RawMessage
		decodeInto(t, r, &raw)
		var p page[struct {
			ID int64 `json:"id"`
		}]
		decodeInto(t, r, &p)
		pages++
		if p.Items == nil {
			t.Errorf("%s: items is not a list: %s", u, r)
		}
		if len(p.Items) > limit {
			t.Errorf("%s: %d items on a page of %d", u, len(p.Items), limit)
		}
		for _, it := range p.Items {
			ids = append(ids, it.ID)
		}
		if _, ok := raw["next_cursor"]; ok != (p.NextCursor != "") {
			t.Errorf("%s: next_cursor present but empty: %s", u, r)
		}
		if p.NextCursor == "" {
			return ids, pages
		}
		if pages > 100 {
			t.Fatalf("%s: endless paging", list)
		}
		cursor = p.NextCursor
	}
}

// TestPagination pages through 7 customers, 7 invoices and 7 outbox
// messages 3 at a time: every one once, in order, and no next_cursor on
// the last page.
func TestPagination(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		var customers, invoices []int64
		for i := range 7 {
			customers = append(customers, en.createCustomer(fmt.Sprintf("Client %d", i), fmt.Sprintf("c%d@example.com", i)))
		}
		for i := range 7 {
			inv := en.createInvoice(simpleInvoice(fmt.Sprintf("P-%d", i), customers[i], "2026-01-01", "2026-01-31"))
			invoices = append(invoices, inv.ID)
			en.must(http.StatusAccepted, "POST", path("/api/v1/invoices/{id}/reminders", inv.ID), nil, nil)
		}
		en.drain()
		// Another company's rows interleave with ours and must not show.
		_, tokB := en.otherCompany("Bêta inc.")
		if r := en.do(tokB, "POST", "/api/v1/customers", map[string]any{"display_name": "B"}); r.status != http.StatusCreated {
			t.Fatalf("B's customer: %s", r)
		}

		newestFirst := slices.Clone(invoices)
		slices.Reverse(newestFirst)
		for _, tc := range []struct {
			list  string
			want  []int64
			limit int
			pages int
		}{
			{"/api/v1/customers", customers, 3, 3},
			{"/api/v1/invoices", newestFirst, 3, 3},
			{"/api/v1/customers", customers, 7, 1}, // a full last page is known to be the last
			{"/api/v1/customers", customers, 8, 1},
			{"/api/v1/customers", customers, 500, 1},
			{"/api/v1/invoices", newestFirst, 1, 7},
			{"/api/v1/invoices?status=overdue", newestFirst, 3, 3},
			{"/api/v1/invoices?status=paid", nil, 3, 1},
		} {
			ids, pages := en.walk(t, tc.list, tc.limit)
			if !slices.Equal(ids, tc.want) {
				t.Errorf("%s by %d: ids %v, want %v", tc.list, tc.limit, ids, tc.want)
			}
			if pages != tc.pages {
				t.Errorf("%s by %d: %d pages, want %d", tc.list, tc.limit, pages, tc.pages)
			}
		}
		ids, _ := en.walk(t, "/api/v1/outbox", 3)
		if len(ids) != 7 || !slices.IsSortedFunc(ids, func(a, b int64) int { return int(b - a) }) {
			t.Errorf("outbox by 3: ids %v, want 7 newest first", ids)
		}
	})
}
