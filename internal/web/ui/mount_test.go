package ui

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/store/storetest"
	"github.com/relance-app/relance/internal/web"
)

// TestMountsBesideTheAPI: the pages register on the server's mux next to
// health, metrics and /api/v1 without a pattern conflict (ServeMux panics
// on one), and the API keeps answering 401 rather than a sign-in redirect.
func TestMountsBesideTheAPI(t *testing.T) {
	s := storetest.SQLite(t)
	e := engine.New(s, nil, engine.Config{}, quietLog())
	h, _ := web.Handler(s, e, New(Deps{Store: s, Reminders: e, Log: quietLog()}), quietLog())
	srv := httptest.NewServer(h)
	defer srv.Close()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, want := range map[string]int{"/healthz": 200, "/api/v1/invoices": 401, "/invoices": 303, "/signin": 200, "/setup": 200} {
		r, err := hc.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, r.StatusCode, want)
		}
		if strings.HasPrefix(path, "/signin") && r.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("no CSP on %s", path)
		}
	}
}
