package faults_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/store"
)

// adminRoute tells, from the route alone, whether interfaces.md makes it
// admin only: settings (which include the team: users and tokens).
func adminRoute(pattern string) bool {
	_, p, _ := strings.Cut(pattern, " ")
	return strings.HasPrefix(p, "/settings/")
}

// staffRoles walks every UI route: a staff session is refused (403) on
// each admin route, GET or POST with a valid CSRF token, and nothing
// changes; on the other routes it is not refused for its role.
func (x *site) staffRoles(t *testing.T) {
	c, csrf := x.signin("staff-a@example.com")
	before, _ := x.s.GetCompany(context.Background(), x.a.ID)
	admin := 0
	for _, pat := range x.patterns {
		if strings.Contains(pat, "/api/") || public(strings.SplitN(pat, " ", 2)[1]) {
			continue
		}
		method, p := x.path(pat)
		if p == "/signout" {
			continue
		}
		var r reply
		if method == "GET" {
			r = x.do(c, "GET", p, "", nil, nil)
		} else {
			r = x.form(c, p, url.Values{"csrf": {csrf}, "name": {"STAFF WAS HERE"}, "email": {"evil@attacker.test"},
				"timezone": {"UTC"}, "language": {"en"}, "currency": {"CAD"}, "enabled": {"0"}})
		}
		if adminRoute(pat) {
			admin++
			if r.code != http.StatusForbidden {
				t.Errorf("staff %s %s: %d, want 403", method, p, r.code)
			}
		} else if r.code == http.StatusForbidden {
			t.Errorf("staff %s %s: 403, but staff works on this", method, p)
		}
	}
	if admin < 8 {
		t.Errorf("only %d admin routes walked", admin)
	}
	after, _ := x.s.GetCompany(context.Background(), x.a.ID)
	if after.Name != before.Name || after.Email != before.Email {
		t.Errorf("staff changed the company: %q %q", after.Name, after.Email)
	}
	if r := x.do(c, "GET", "/invoices", "", nil, nil); strings.Contains(r.body, `href="/settings/`) {
		t.Errorf("staff is shown a link to the settings")
	}
	// The same admin route answers an admin: the 403 was the role.
	ca, _ := x.signin("owner-a@example.com")
	if r := x.do(ca, "GET", "/settings/team", "", nil, nil); r.code != http.StatusOK || !strings.Contains(r.body, "staff-a@example.com") {
		t.Errorf("admin GET /settings/team: %d", r.code)
	}
}

// revocation: a membership removed, a user disabled, a password changed or
// a token revoked ends access at the next request.
func (x *site) revocation(t *testing.T) {
	ctx := context.Background()
	hash, _ := auth.HashPassword(secPassword)
	u := &store.User{Email: "leaver@example.com", PasswordHash: hash, Language: "en"}
	if err := x.s.CreateUser(ctx, u, x.a.ID, store.RoleStaff); err != nil {
		t.Fatal(err)
	}
	c, _ := x.signin("leaver@example.com")
	ca, csrfA := x.signin("owner-a@example.com")
	// The admin removes the user from the company in Settings → Team.
	if r := x.form(ca, "/settings/team/members/"+itoa(int(u.ID))+"/remove", url.Values{"csrf": {csrfA}}); r.code != http.StatusSeeOther {
		t.Fatalf("remove member: %d %s", r.code, trim(r.body))
	}
	if r := x.do(c, "GET", "/invoices", "", nil, nil); r.code != http.StatusSeeOther || r.loc != "/signin" {
		t.Errorf("session after its membership was removed: %d %q, want a redirect to /signin", r.code, r.loc)
	}
	// Disabled: the old session dies and signing in fails.
	if err := x.s.AddMembership(ctx, u.ID, x.a.ID, store.RoleStaff); err != nil {
		t.Fatal(err)
	}
	c, _ = x.signin("leaver@example.com")
	if err := x.s.DisableUser(ctx, "leaver@example.com"); err != nil {
		t.Fatal(err)
	}
	if r := x.do(c, "GET", "/invoices", "", nil, nil); r.code != http.StatusSeeOther || r.loc != "/signin" {
		t.Errorf("session of a disabled user: %d %q", r.code, r.loc)
	}
	r := x.form(x.browser(), "/signin", url.Values{"email": {"leaver@example.com"}, "password": {secPassword}})
	if r.code == http.StatusSeeOther {
		t.Errorf("a disabled user signed in")
	}
	// The last admin cannot be removed.
	var owner int64
	x.s.DB().Get(&owner, x.s.DB().Rebind(`SELECT id FROM users WHERE email = ?`), "owner-a@example.com")
	if r := x.form(ca, "/settings/team/members/"+itoa(int(owner))+"/remove", url.Values{"csrf": {csrfA}}); r.code != http.StatusConflict {
		t.Errorf("removing the last admin: %d, want 409", r.code)
	}
	// A token revoked in Settings → Team is refused at once.
	tok := x.token(x.a.ID)
	if r := x.apiCall(tok, "GET", "/api/v1/customers", ""); r.code != http.StatusOK {
		t.Fatalf("fresh token: %d", r.code)
	}
	ts, err := x.s.Tokens(ctx, x.a.ID)
	if err != nil || len(ts) == 0 {
		t.Fatal(err)
	}
	for _, tk := range ts {
		if r := x.form(ca, "/settings/team/tokens/"+itoa(int(tk.ID))+"/revoke", url.Values{"csrf": {csrfA}}); r.code != http.StatusSeeOther {
			t.Errorf("revoke token: %d", r.code)
		}
	}
	if r := x.apiCall(tok, "GET", "/api/v1/customers", ""); r.code != http.StatusUnauthorized {
		t.Errorf("revoked token: %d, want 401", r.code)
	}
	x.tokA = x.token(x.a.ID)
	// Company B's token ids are not A's to revoke.
	tb, _ := x.s.Tokens(ctx, x.b.ID)
	if r := x.form(ca, "/settings/team/tokens/"+itoa(int(tb[0].ID))+"/revoke", url.Values{"csrf": {csrfA}}); r.code != http.StatusNotFound {
		t.Errorf("A revoking B's token: %d, want 404", r.code)
	}
}

// from is a browser whose connections leave from the loopback address ip
// (127.0.0.0/8 is all this machine's), so that the server sees distinct
// clients.
func (x *site) from(ip string) *http.Client {
	c := x.browser()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	c.Transport = &http.Transport{DialContext: d.DialContext}
	return c
}

// lockOut: an attacker at 127.0.0.2 who fails 30 times on a victim's
// email is slowed down, while the victim at 127.0.0.3 signs in at once.
// Behind a trusted proxy (127.0.0.5) clients are told apart by
// X-Forwarded-For; from an untrusted peer the header is ignored.
func (x *site) lockOut(t *testing.T) {
	const victim = "owner-a@example.com"
	wrong := func(c *http.Client, hdr map[string]string) int {
		limited := 0
		for i := 0; i < 30; i++ {
			r := x.do(c, "POST", "/signin", "application/x-www-form-urlencoded",
				strings.NewReader(url.Values{"email": {victim}, "password": {fmt.Sprintf("guess-%d", i)}}.Encode()), hdr)
			if r.code == http.StatusTooManyRequests {
				limited++
			}
		}
		return limited
	}
	right := func(c *http.Client, hdr map[string]string) int {
		return x.do(c, "POST", "/signin", "application/x-www-form-urlencoded",
			strings.NewReader(url.Values{"email": {victim}, "password": {secPassword}}.Encode()), hdr).code
	}
	attacker, victimC := x.from("127.0.0.2"), x.from("127.0.0.3")
	if n := wrong(attacker, nil); n == 0 {
		t.Fatal("30 wrong passwords from 127.0.0.2 were never slowed down")
	}
	if c := right(attacker, nil); c != http.StatusTooManyRequests {
		t.Errorf("the attacker's own right guess while slowed down: %d, want 429", c)
	}
	if c := right(victimC, nil); c != http.StatusSeeOther {
		t.Errorf("the victim at 127.0.0.3 after an attack from 127.0.0.2: %d, want 303 (locked out)", c)
	}
	proxy := x.from("127.0.0.5")
	if n := wrong(proxy, map[string]string{"X-Forwarded-For": "203.0.113.9"}); n == 0 {
		t.Fatal("an attacker behind the trusted proxy was never slowed down")
	}
	if c := right(proxy, map[string]string{"X-Forwarded-For": "198.51.100.7"}); c != http.StatusSeeOther {
		t.Errorf("another client behind the same proxy: %d, want 303", c)
	}
	// An untrusted peer cannot pick its key with the header.
	forger := x.from("127.0.0.6")
	wrong(forger, map[string]string{"X-Forwarded-For": "192.0.2.1"})
	if c := right(forger, map[string]string{"X-Forwarded-For": "192.0.2.200"}); c != http.StatusTooManyRequests {
		t.Errorf("an untrusted peer changing X-Forwarded-For escaped the limit: %d, want 429", c)
	}
}
