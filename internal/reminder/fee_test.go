package reminder

import (
	"testing"

	"github.com/relance-app/relance/internal/invoice"
)

func TestFeeLine(t *testing.T) {
	t.Parallel()
	fee := func(id int64, amount int64) invoice.Line {
		return invoice.Line{Description: "f", Quantity: 10000, UnitPrice: amount, Amount: amount, ReminderID: &id}
	}
	inv := func(cur string, balance int64, lines ...invoice.Line) *invoice.Invoice {
		i := &invoice.Invoice{ID: 7, Currency: cur, Lines: append([]invoice.Line{{Quantity: 10000, UnitPrice: balance}}, lines...)}
		i.Compute()
		i.Payments = []invoice.Payment{{Amount: i.Total - balance}} // the balance due is balance
		i.Compute()
		return i
	}
	for _, c := range []struct {
		name      string
		fee       *LateFee
		inv       *invoice.Invoice
		lang      string
		amount    int64 // 0: no line
		tax       int64
		desc      string
		wantTotal int64 // balance after
	}{
		{"no fee", nil, inv("CAD", 10000), "en", 0, 0, "", 0},
		{"fixed", &LateFee{Kind: FeeFixed, Amount: "10.00"}, inv("CAD", 10000), "en", 1000, 0, "Late fee — reminder 2", 11000},
		{"fixed in French", &LateFee{Kind: FeeFixed, Amount: "10"}, inv("EUR", 10000), "fr", 1000, 0, "Frais de retard — rappel 2", 11000},
		{"fixed in yen rounds half away", &LateFee{Kind: FeeFixed, Amount: "10.50"}, inv("JPY", 1000), "en", 11, 0, "", 1011},
		{"percent rounds half away from zero", &LateFee{Kind: FeePercent, Percent: "1.5"}, inv("CAD", 12345), "en", 185, 0, "", 12530}, // 185.175 → 185
		{"percent half up", &LateFee{Kind: FeePercent, Percent: "1.5"}, inv("CAD", 100100), "en", 1502, 0, "", 101602},                 // 1501.5 → 1502
		{"percent of three-decimal currency", &LateFee{Kind: FeePercent, Percent: "2"}, inv("BHD", 12345), "en", 247, 0, "", 12592},    // 246.9 → 247
		{"taxed", &LateFee{Kind: FeeFixed, Amount: "10.00", TaxRate: "14.975"}, inv("CAD", 10000), "fr", 1000, 150, "", 11150},         // 149.75 → 150
		{"capped", &LateFee{Kind: FeeFixed, Amount: "25.00", Cap: "40.00"}, inv("CAD", 10000, fee(1, 2500)), "en", 1500, 0, "", 11500},
		{"cap reached", &LateFee{Kind: FeeFixed, Amount: "25.00", Cap: "40.00"}, inv("CAD", 10000, fee(1, 2500), fee(2, 1500)), "en", 0, 0, "", 0},
		{"France preset once per invoice", &LateFee{Kind: FeeFixed, Amount: "40.00", Cap: "40.00"}, inv("EUR", 10000, fee(1, 4000)), "fr", 0, 0, "", 0},
		{"this reminder's fee already there", &LateFee{Kind: FeeFixed, Amount: "5"}, inv("CAD", 10000, fee(9, 500)), "en", 0, 0, "", 0},
		{"percent of nothing", &LateFee{Kind: FeePercent, Percent: "5"}, inv("CAD", 0), "en", 0, 0, "", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			l, add := FeeLine(c.fee, c.inv, 9, 2, c.lang)
			if add != (c.amount != 0) {
				t.Fatalf("add = %v, want a line of %d", add, c.amount)
			}
			if !add {
				return
			}
			after := WithFee(c.inv, l)
			got := after.Lines[len(after.Lines)-1]
			if got.Amount != c.amount || got.Tax != c.tax || got.ReminderID == nil || *got.ReminderID != 9 {
				t.Errorf("line %+v, want amount %d tax %d for reminder 9", got, c.amount, c.tax)
			}
			if c.desc != "" && got.Description != c.desc {
				t.Errorf("description %q, want %q", got.Description, c.desc)
			}
			if after.Balance != c.wantTotal || after.Balance != c.inv.Balance+c.amount+c.tax {
				t.Errorf("balance after %d, want %d", after.Balance, c.wantTotal)
			}
			if len(c.inv.Lines) == len(after.Lines) {
				t.Error("WithFee changed its input")
			}
		})
	}
}

func TestLateFeePlaceholder(t *testing.T) {
	t.Parallel()
	inv := &invoice.Invoice{Number: "INV-1042", Currency: "CAD", Balance: 11150, Total: 11150}
	r, err := Render(RenderInput{Template: Template{Subject: "s", Message: "Fee {{late_fee}}, now {{balance_due}}"}, Invoice: inv,
		Lang: "en", LateFee: 1150})
	if err != nil {
		t.Fatal(err)
	}
	if r.Text != "Fee $11.50, now $111.50" {
		t.Errorf("text %q", r.Text)
	}
}

func TestSummaryShowsTheFee(t *testing.T) {
	t.Parallel()
	inv := &invoice.Invoice{Number: "F-1", Currency: "CAD", Balance: 101150}
	got := Summary(inv, "fr", invoice.Date{}, 1150)
	if len(got) != 4 || got[2].Label != "Frais de retard" || got[2].Value != "11,50\u00a0$" || !got[3].Big {
		t.Errorf("summary %+v", got)
	}
	if got := Summary(inv, "en", invoice.Date{}, 0); len(got) != 3 {
		t.Errorf("summary without a fee %+v", got)
	}
}
