package ui

import (
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store/storetest"
)

// TestStaticServesOnlyStatic: /static/ serves the static folder and
// nothing beside it, whatever the encoding of "..".
func TestStaticServesOnlyStatic(t *testing.T) {
	b := newBundle(t, storetest.SQLite(t))
	if r := b.c.get("/static/style.css"); r.code != 200 || !strings.Contains(r.body, "{") {
		t.Fatalf("GET /static/style.css: %d", r.code)
	}
	for _, p := range []string{"/static/%2e%2e/templates/setup.html", "/static/%2E%2E/templates/setup.html",
		"/static/..%2ftemplates/setup.html", "/static/templates/setup.html", "/static/%2e%2e/static/style.css",
		"/static/static/style.css"} {
		r := b.c.get(p)
		if r.code == 200 || strings.Contains(r.body, "{{") {
			t.Errorf("GET %s: %d, serves %q", p, r.code, trim(r.body))
		}
	}
}

func trim(s string) string {
	if len(s) > 80 {
		return s[:80]
	}
	return s
}
