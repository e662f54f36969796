package mail

import (
	"errors"
	"strings"
	"testing"
)

func TestBounceAddressRoundTripAndForgery(t *testing.T) {
	b := &BounceAddress{Domain: "bounces.acme.test", Secret: []byte("s3cret")}
	a := b.For(42)
	if !strings.HasPrefix(a, "b-42-") || !strings.HasSuffix(a, "@bounces.acme.test") {
		t.Fatalf("address %q", a)
	}
	if id, err := b.Parse("<" + strings.ToUpper(a) + ">"); err != nil || id != 42 {
		t.Fatalf("Parse(%q) = %d, %v", a, id, err)
	}
	other := &BounceAddress{Domain: "bounces.acme.test", Secret: []byte("other")}
	mac := strings.TrimSuffix(strings.TrimPrefix(a, "b-42-"), "@bounces.acme.test")
	for _, bad := range []string{
		other.For(42),                        // another secret
		"b-43-" + mac + "@bounces.acme.test", // MAC of another id
		strings.Replace(a, "bounces.acme.test", "evil.test", 1),
		"b-042-" + mac + "@bounces.acme.test",
		"postmaster@bounces.acme.test", "b-42@bounces.acme.test", "", "b--1-x@bounces.acme.test",
	} {
		if _, err := b.Parse(bad); !errors.Is(err, ErrBadBounceAddress) {
			t.Errorf("Parse(%q) = %v, want ErrBadBounceAddress", bad, err)
		}
	}
}

// FuzzBounceAddressParse: the inbound listener parses every RCPT TO it is
// sent; whatever the address, Parse never panics, and an address it
// accepts is exactly the one For builds for that id (no other spelling of
// a reminder id gets past the MAC).
func FuzzBounceAddressParse(f *testing.F) {
	b := &BounceAddress{Domain: "bounces.acme.test", Secret: []byte("s3cret")}
	for _, s := range []string{b.For(42), "<" + strings.ToUpper(b.For(7)) + ">", "b-42-00@bounces.acme.test",
		"postmaster@bounces.acme.test", "b--1-x@bounces.acme.test", "b-9223372036854775808-x@bounces.acme.test", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, addr string) {
		id, err := b.Parse(addr)
		if err != nil {
			return
		}
		norm := strings.ToLower(strings.Trim(strings.TrimSpace(addr), "<>"))
		if id <= 0 || norm != b.For(id) {
			t.Fatalf("Parse(%q) accepted id %d; For(%d) = %q", addr, id, id, b.For(id))
		}
	})
}
