package ui

import (
	"sync"
	"time"
)

// limiter counts failed sign-ins per key (an IP, an email) in a fixed
// window. In memory: a restart forgets, which is acceptable for slowing
// down password guessing on one server.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	hits   map[string]*window
}

type window struct {
	start time.Time
	n     int
}

func newLimiter(max int, per time.Duration) *limiter {
	return &limiter{max: max, window: per, hits: map[string]*window{}}
}

// blocked reports whether any key has used up its tries, and until when.
func (l *limiter) blocked(now time.Time, keys ...string) (bool, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if w, ok := l.hits[k]; ok && now.Sub(w.start) < l.window && w.n >= l.max {
			return true, w.start.Add(l.window)
		}
	}
	return false, time.Time{}
}

// fail counts one failed try against every key.
func (l *limiter) fail(now time.Time, keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.hits) > 100000 {
		l.sweep(now) // bound memory under a flood of distinct keys
	}
	for _, k := range keys {
		w, ok := l.hits[k]
		if !ok || now.Sub(w.start) >= l.window {
			w = &window{start: now}
			l.hits[k] = w
		}
		w.n++
	}
}

// reset forgets a key (a successful sign-in clears its email's count).
func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.hits, key)
}

func (l *limiter) sweep(now time.Time) {
	for k, w := range l.hits {
		if now.Sub(w.start) >= l.window {
			delete(l.hits, k)
		}
	}
}
