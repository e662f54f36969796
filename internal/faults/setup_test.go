package faults_test

import (
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store/storetest"
)

var setupCodeRe = regexp.MustCompile(`/setup\?code=([A-Za-z0-9_-]+)`)

// TestSetupNeedsPrintedCode runs the real `relance serve` on an empty
// database: the first-run page refuses a set-up without the one-time code
// the server printed, under a Host other than RELANCE_BASE_URL's, and with
// a blank password; with the code it creates the admin, and then the page
// is gone.
func TestSetupNeedsPrintedCode(t *testing.T) {
	dbURL := storetest.SQLiteURL(t)
	env := append(serveEnv(dbURL, "", "1m"), "RELANCE_ADDR=127.0.0.1:0")
	p := startServe(t, "setup", env)
	logb, _ := os.ReadFile(p.log)
	m := setupCodeRe.FindStringSubmatch(string(logb))
	if m == nil {
		t.Fatalf("serve printed no set-up code while no user exists:\n%s", logb)
	}
	code := m[1]
	addr := regexp.MustCompile(`url=http://([0-9.:]+)`).FindStringSubmatch(string(logb))
	if addr == nil {
		t.Fatalf("no listening address in the log")
	}
	base := "http://" + addr[1]
	form := url.Values{"company_name": {"Atelier"}, "timezone": {"UTC"}, "language": {"en"}, "currency": {"CAD"},
		"email": {"admin@example.com"}, "password": {secPassword}}
	post := func(f url.Values, host string) int {
		t.Helper()
		req, _ := http.NewRequest("POST", base+"/setup", strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if host != "" {
			req.Host = host
		}
		r, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		return r.StatusCode
	}
	if c := post(form, ""); c != http.StatusForbidden {
		t.Errorf("set-up without the code: %d, want 403", c)
	}
	form.Set("code", "not-the-code")
	if c := post(form, ""); c != http.StatusForbidden {
		t.Errorf("set-up with a wrong code: %d, want 403", c)
	}
	form.Set("code", code)
	if c := post(form, "attacker.test"); c != http.StatusMisdirectedRequest {
		t.Errorf("set-up under another Host: %d, want 421", c)
	}
	form.Set("password", "          ")
	if c := post(form, ""); c != http.StatusUnprocessableEntity {
		t.Errorf("set-up with a password of ten spaces: %d, want 422", c)
	}
	form.Set("password", secPassword)
	if c := post(form, ""); c != http.StatusSeeOther {
		t.Fatalf("set-up with the code: %d, want 303", c)
	}
	if c := post(form, ""); c != http.StatusNotFound {
		t.Errorf("second set-up: %d, want 404", c)
	}
}
