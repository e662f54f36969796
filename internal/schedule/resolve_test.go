package schedule

import (
	"testing"

	"github.com/relance-app/relance/internal/reminder"
)

func TestResolve(t *testing.T) {
	id := func(v int64) *int64 { return &v }
	named := []reminder.Schedule{
		{ID: 7, Name: "Big wholesale", Priority: 1, Conditions: reminder.Conditions{MinBalance: "1000.00",
			CustomerTags: []string{"wholesale", "distributor"}}},
		{ID: 3, Name: "Euro", Priority: 2, Conditions: reminder.Conditions{Currencies: []string{"EUR"}}},
		{ID: 9, Name: "Small", Priority: 2, Conditions: reminder.Conditions{MaxBalance: "50", Currencies: []string{"USD"}}}, // same priority as Euro, higher id
		{ID: 4, Name: "Tie low id", Priority: 5, Conditions: reminder.Conditions{CustomerTags: []string{"vip"}}},
		{ID: 2, Name: "Tie", Priority: 5, Conditions: reminder.Conditions{CustomerTags: []string{"vip"}}},
		{ID: 5, Name: "Yen", Priority: 6, Conditions: reminder.Conditions{Currencies: []string{"JPY", "CAD"}, MinBalance: "10.5"}},
		{ID: 6, Name: "Bad", Priority: 0, Conditions: reminder.Conditions{MinBalance: "oops"}}, // never holds
	}
	cases := []struct {
		name     string
		own      *int64
		tags     []string
		balance  int64
		currency string
		want     int64 // 0: default
		code     string
		en, fr   string
	}{
		{"own schedule, even with a condition that never holds", id(6), nil, 1, "CAD", 6, WhyCustomer, "", ""},
		{"own schedule wins over conditions", id(3), []string{"wholesale"}, 500000, "CAD", 3, WhyCustomer,
			"customer's own schedule", "calendrier propre au client"},
		{"own schedule deleted: conditions", id(99), []string{"wholesale"}, 500000, "CAD", 7, WhyConditions,
			"matches: balance ≥ $1,000.00, tag wholesale", "correspond : solde ≥ 1\u00a0000,00\u00a0$, étiquette wholesale"},
		{"min balance exactly", nil, []string{"distributor"}, 100000, "CAD", 7, WhyConditions,
			"matches: balance ≥ $1,000.00, tag distributor", ""},
		{"one cent under min: next by priority", nil, []string{"wholesale"}, 99999, "EUR", 3, WhyConditions,
			"matches: currency EUR", "correspond : devise EUR"},
		{"any tag, not all", nil, []string{"retail", "distributor"}, 200000, "CAD", 7, WhyConditions, "", ""},
		{"no tag", nil, nil, 200000, "USD", 0, WhyDefault, "default schedule", "calendrier par défaut"},
		{"priority tie: lowest id", nil, []string{"vip"}, 10000, "CAD", 2, WhyConditions, "matches: tag vip", ""},
		{"same priority, lower id first", nil, nil, 1000, "EUR", 3, WhyConditions, "", ""},
		{"max balance inclusive", nil, nil, 5000, "USD", 9, WhyConditions, "matches: balance ≤ $50.00, currency USD", ""},
		{"over max: default", nil, nil, 5001, "USD", 0, WhyDefault, "", ""},
		{"scale of a zero-decimal currency", nil, nil, 11, "JPY", 5, WhyConditions, "", ""},
		{"10.5 JPY bound: 10 does not reach it", nil, nil, 10, "JPY", 0, WhyDefault, "", ""},
		{"10.50 CAD bound", nil, nil, 1050, "CAD", 5, WhyConditions, "matches: balance ≥ $10.50, currency CAD", ""},
	}
	r := NewResolver(named)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, why := r.Resolve(c.own, c.tags, c.balance, c.currency)
			var gotID int64
			if got != nil {
				gotID = got.ID
			}
			if gotID != c.want || why.Code != c.code {
				t.Fatalf("got schedule %d (%s), want %d (%s)", gotID, why.Code, c.want, c.code)
			}
			if c.en != "" && why.Text("en") != c.en {
				t.Errorf("en %q, want %q", why.Text("en"), c.en)
			}
			if c.fr != "" && why.Text("fr") != c.fr {
				t.Errorf("fr %q, want %q", why.Text("fr"), c.fr)
			}
		})
	}
	// The package function agrees, and an empty list is the default.
	if s, w := Resolve(nil, []string{"vip"}, 1, "CAD", named); s == nil || s.ID != 2 || w.Code != WhyConditions {
		t.Errorf("Resolve: %v %v", s, w)
	}
	if s, w := Resolve(id(3), nil, 1, "CAD", nil); s != nil || w.Code != WhyDefault {
		t.Errorf("no named schedules: %v %v", s, w)
	}
	if s, w := Resolve(nil, nil, 1, "CAD", []reminder.Schedule{{ID: 1}}); s == nil || w.Text("en") != "matches: no conditions (every invoice)" {
		t.Errorf("no conditions: %v %q", s, w.Text("en"))
	}
}
