// Package ratelimit slows down tries per key (an IP, an IP and an email, a
// link) with token buckets: failed sign-ins in the UI, the customer's forms
// in the portal. A key may try burst times in a row, then regains one try
// every `every` — a slowdown, never a lock-out of a fixed length.
//
// Keys are SHA-256 hashes of what they name, so an entry costs the same
// whatever was typed; buckets that have refilled are swept once per refill
// period, and the map never holds more than MaxKeys entries. In memory: a
// restart forgets, which is acceptable for slowing down guessing and floods
// on one server.
package ratelimit

import (
	"crypto/sha256"
	"sync"
	"time"
)

// Key names what is limited, hashed.
type Key [sha256.Size]byte

// KeyOf hashes the parts of a key ("ip", "203.0.113.9").
func KeyOf(parts ...string) Key {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	var k Key
	h.Sum(k[:0])
	return k
}

// MaxKeys bounds a limiter's memory (about 100 bytes a key) under a flood
// of distinct keys; past it, the oldest information is dropped.
const MaxKeys = 100_000

// Limiter holds one token bucket per key.
type Limiter struct {
	mu        sync.Mutex
	burst     float64
	every     time.Duration
	hits      map[Key]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64   // tries left at `at`
	at     time.Time // when tokens was computed
}

// New allows burst tries in a row per key, then one more every `every`.
func New(burst int, every time.Duration) *Limiter {
	return &Limiter{burst: float64(burst), every: every, hits: map[Key]*bucket{}}
}

// PerWindow allows n tries per window on average, all of them at once.
func PerWindow(n int, window time.Duration) *Limiter {
	return New(n, window/time.Duration(n))
}

// left is a bucket's tries at now.
func (l *Limiter) left(b *bucket, now time.Time) float64 {
	return min(l.burst, b.tokens+float64(now.Sub(b.at))/float64(l.every))
}

// Wait is how long until every key has a try left (0: now).
func (l *Limiter) Wait(now time.Time, keys ...Key) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.wait(now, keys)
}

func (l *Limiter) wait(now time.Time, keys []Key) time.Duration {
	l.sweep(now)
	var d time.Duration
	for _, k := range keys {
		if b, ok := l.hits[k]; ok {
			if t := l.left(b, now); t < 1 {
				d = max(d, time.Duration((1-t)*float64(l.every)))
			}
		}
	}
	return d
}

// Fail spends one try of every key.
func (l *Limiter) Fail(now time.Time, keys ...Key) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.spend(now, keys)
}

func (l *Limiter) spend(now time.Time, keys []Key) {
	l.sweep(now)
	for _, k := range keys {
		b, ok := l.hits[k]
		if !ok {
			if len(l.hits) >= MaxKeys {
				clear(l.hits) // a flood of distinct keys: forget rather than grow
			}
			b = &bucket{tokens: l.burst, at: now}
			l.hits[k] = b
		}
		b.tokens, b.at = max(0, l.left(b, now)-1), now
	}
}

// Allow spends a try of every key if each has one, and reports whether it did.
func (l *Limiter) Allow(now time.Time, keys ...Key) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.wait(now, keys) > 0 {
		return false
	}
	l.spend(now, keys)
	return true
}

// Reset forgets a key (a successful sign-in clears its count).
func (l *Limiter) Reset(k Key) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.hits, k)
}

// Len is the number of keys held (for tests and metrics).
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.hits)
}

// sweep drops the buckets that are full again, at most once per time a
// bucket takes to refill from empty.
func (l *Limiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < time.Duration(l.burst)*l.every {
		return
	}
	l.lastSweep = now
	for k, b := range l.hits {
		if l.left(b, now) >= l.burst {
			delete(l.hits, k)
		}
	}
}
