package webhook_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/webhook"
)

// FuzzVerify: receivers (and this package's tests) check signatures with
// Verify. Whatever the header and body, it never panics; a signature made
// by Sign verifies for exactly that body, secret and time window; and a
// header accepted carries the real HMAC of its own timestamp and the body
// (which only the secret's holder can compute).
func FuzzVerify(f *testing.F) {
	at := time.Unix(1796220007, 0)
	f.Add([]byte(`{"id":"evt_1","type":"invoice.paid"}`), "t=1796220007,v1=00", int64(0))
	f.Add([]byte{}, "", int64(301))
	f.Add([]byte("x"), "t=+1796220007,v1=,v1=zz, t=1", int64(-299))
	f.Add([]byte("x"), "t=99999999999999999999,v1=ab", int64(1<<40))
	f.Fuzz(func(t *testing.T, body []byte, header string, skew int64) {
		const secret, tol = "whsec_test", 5 * time.Minute
		skew %= 1 << 30 // seconds: about 34 years either way, no overflow
		h := webhook.Sign(secret, at, body)
		inWindow := skew >= -300 && skew <= 300
		if err := webhook.Verify(secret, h, body, at.Add(time.Duration(skew)*time.Second), tol); (err == nil) != inWindow {
			t.Fatalf("Sign then Verify %ds later: %v", skew, err)
		}
		if webhook.Verify(secret, h, append(bytes.Clone(body), 'x'), at, tol) == nil {
			t.Fatal("a changed body verifies")
		}
		if webhook.Verify("whsec_other", h, body, at, tol) == nil {
			t.Fatal("another secret verifies")
		}
		if webhook.Verify(secret, header, body, at, tol) != nil {
			return
		}
		var ts string
		for _, part := range strings.Split(header, ",") {
			if k, v, _ := strings.Cut(strings.TrimSpace(part), "="); k == "t" {
				ts = v
			}
		}
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(ts + "."))
		m.Write(body)
		if !strings.Contains(header, "v1="+hex.EncodeToString(m.Sum(nil))) {
			t.Fatalf("header %q accepted without the body's HMAC", header)
		}
	})
}
