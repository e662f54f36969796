package invoice

import (
	"strings"
	"testing"
	"time"
)

func TestPayURL(t *testing.T) {
	t.Parallel()
	inv := &Invoice{Number: "F 2026/017&x", Balance: 130355, Currency: "CAD"}
	for _, c := range []struct{ tpl, want, err string }{
		{"", "", ""},
		{"https://pay.example.com/p?i={{invoice_number}}&a={{ balance_due_raw }}&c={{currency}}",
			"https://pay.example.com/p?i=F+2026%2F017%26x&a=1303.55&c=CAD", ""},
		{"https://paypal.me/acme/{{balance_due_raw}}{{currency}}", "https://paypal.me/acme/1303.55CAD", ""},
		{"http://pay.example.com/{{invoice_number}}", "", "https://"},
		{"javascript:alert(1)", "", "https://"},
		{"https://user:pw@pay.example.com/", "", "https://"},
		{"https:///nohost", "", "https://"},
		{"https://pay.example.com/{{total}}", "", "unknown placeholder {{total}}"},
		{"https://pay.example.com/{{invoice_number", "", "unclosed"},
		{"https://pay.example.com/a b", "", "https://"},
		{"https://pay.example.com/" + strings.Repeat("a", 2001), "", "2000"},
	} {
		msg := checkPayURLTemplate(c.tpl)
		if (msg == "") != (c.err == "") || !strings.Contains(msg, c.err) {
			t.Errorf("check %q = %q, want %q", c.tpl, msg, c.err)
			continue
		}
		if c.err == "" {
			if got := PayURL(&Company{PayURLTemplate: c.tpl}, inv); got != c.want {
				t.Errorf("PayURL(%q) = %q, want %q", c.tpl, got, c.want)
			}
		}
	}
}

func TestPromiseAndDisputeInput(t *testing.T) {
	t.Parallel()
	today := Date{2026, 6, 10}
	for _, c := range []struct {
		d  Date
		ok bool
	}{{Date{}, false}, {today, false}, {today.AddDays(-1), false}, {today.AddDays(1), true}, {today.AddDays(60), true}, {today.AddDays(61), false}} {
		if err := CheckPromiseDate(c.d, today); (err == nil) != c.ok {
			t.Errorf("promise %v: %v", c.d, err)
		}
	}
	for _, c := range []struct {
		m  string
		ok bool
	}{{"", false}, {" \n ", false}, {"?", true}, {strings.Repeat("é", 2000), true}, {strings.Repeat("é", 2001), false}, {"\xff", false}} {
		if _, err := CleanDisputeMessage(c.m); (err == nil) != c.ok {
			t.Errorf("message of %d bytes: %v", len(c.m), err)
		}
	}
}

func TestActivityOf(t *testing.T) {
	t.Parallel()
	today := Date{2026, 6, 10}
	now := time.Now()
	for _, c := range []struct {
		name string
		inv  Invoice
		want string
	}{
		{"nothing", Invoice{Balance: 1}, ""},
		{"sent", Invoice{Balance: 1, SentAt: &now}, "sent"},
		{"viewed beats sent", Invoice{Balance: 1, SentAt: &now, ViewedAt: &now}, "viewed"},
		{"promised", Invoice{Balance: 1, ViewedAt: &now, PromisedDate: today}, "promised"},
		{"promise broken", Invoice{Balance: 1, PromisedDate: today.AddDays(-1)}, "promise_broken"},
		{"promise kept (paid)", Invoice{Balance: 0, PromisedDate: today.AddDays(-1), ViewedAt: &now}, "viewed"},
		{"disputed beats all", Invoice{Balance: 1, PromisedDate: today, Disputed: true}, "disputed"},
	} {
		if got := ActivityOf(&c.inv, today).Code; got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
