package web

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The customer's token never reaches the request log.
func TestLogPathRedactsTheToken(t *testing.T) {
	for in, want := range map[string]string{
		"/i/abcDEF123_-xyz":         "/i/…",
		"/i/abcDEF123_-xyz/pdf":     "/i/…/pdf",
		"/i/abcDEF123_-xyz/promise": "/i/…/promise",
		"/invoices/12":              "/invoices/12",
		"/index":                    "/index",
	} {
		if got := LogPath(in); got != want {
			t.Errorf("LogPath(%q) = %q, want %q", in, got, want)
		}
	}
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := Observe(log, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/i/SECRET-token-1234567890abcdef/pdf", nil))
	if strings.Contains(buf.String(), "SECRET") || !strings.Contains(buf.String(), "/i/…/pdf") {
		t.Fatalf("log: %s", buf.String())
	}
}
