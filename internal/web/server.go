// Package web assembles the HTTP server: health, metrics, the JSON API
// (web/api) and the pages (web/ui), behind logging and panic recovery.
package web

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/relance-app/relance/internal/store"
)

var (
	httpRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "relance_http_requests_total", Help: "HTTP requests by route pattern and status class.",
	}, []string{"pattern", "code"})
	httpDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "relance_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
		Buckets: prometheus.DefBuckets,
	}, []string{"pattern"})
)

func init() { prometheus.MustRegister(httpRequests, httpDuration) }

// Health mounts GET /healthz (no auth: it tells only whether the database answers).
func Health(mux *http.ServeMux, s *store.Store) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := s.Ping(r.Context()); err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.Handle("GET /metrics", promhttp.Handler())
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Observe logs each request, counts it by route pattern, sets security
// headers, and turns a panic into a 500.
func Observe(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h := sw.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		defer func() {
			if p := recover(); p != nil {
				log.Error("panic serving request", "path", LogPath(r.URL.Path), "panic", p)
				if sw.code == 0 {
					http.Error(sw, "internal error", http.StatusInternalServerError)
				}
			}
			pattern := r.Pattern
			if pattern == "" {
				pattern = "unmatched"
			}
			code := sw.code
			if code == 0 {
				code = http.StatusOK
			}
			httpRequests.WithLabelValues(pattern, http.StatusText(code)).Inc()
			httpDuration.WithLabelValues(pattern).Observe(time.Since(start).Seconds())
			log.Debug("request", "method", r.Method, "path", LogPath(r.URL.Path), "status", code, "duration", time.Since(start))
		}()
		next.ServeHTTP(sw, r)
	})
}

// LogPath is a request path fit for the logs: the token of a customer's
// link (/i/{token}/…) is a secret and is replaced by "…". Metrics label by
// route pattern ("GET /i/{token}"), never by path.
func LogPath(p string) string {
	if !strings.HasPrefix(p, "/i/") {
		return p
	}
	rest := p[len("/i/"):]
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return "/i/…" + rest[i:]
	}
	return "/i/…"
}
