// Package ratelimit counts tries per key (an IP, an email, a link) in a
// fixed window: sign-in failures in the UI, the customer's forms in the
// portal. In memory: a restart forgets, which is acceptable for slowing
// down guessing and floods on one server.
package ratelimit

import (
	"sync"
	"time"
)

// Limiter allows max tries per key and window.
type Limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	hits   map[string]*window
}

type window struct {
	start time.Time
	n     int
}

// New allows max tries per key in each window of length per.
func New(max int, per time.Duration) *Limiter {
	return &Limiter{max: max, window: per, hits: map[string]*window{}}
}

// Blocked reports whether any key has used up its tries, and until when.
func (l *Limiter) Blocked(now time.Time, keys ...string) (bool, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if w, ok := l.hits[k]; ok && now.Sub(w.start) < l.window && w.n >= l.max {
			return true, w.start.Add(l.window)
		}
	}
	return false, time.Time{}
}

// Fail counts one failed try against every key.
func (l *Limiter) Fail(now time.Time, keys ...string) {
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

// Reset forgets a key (a successful sign-in clears its email's count).
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.hits, key)
}

func (l *Limiter) sweep(now time.Time) {
	for k, w := range l.hits {
		if now.Sub(w.start) >= l.window {
			delete(l.hits, k)
		}
	}
}

// Allow counts one try against every key and reports whether none had
// used up its tries before it.
func (l *Limiter) Allow(now time.Time, keys ...string) bool {
	if blocked, _ := l.Blocked(now, keys...); blocked {
		return false
	}
	l.Fail(now, keys...)
	return true
}
