package ui

import (
	"crypto/sha256"
	"sync"
	"time"
)

// limiter slows down failed sign-ins per key with token buckets (the
// portal's forms use the fixed windows of internal/web/ratelimit): a key
// may fail burst times in a row, then regains one try every `every`
// (a slowdown, never a lock-out of a fixed length). Keys are SHA-256
// hashes of what they name (an IP, an IP and an email), so an entry costs
// the same whatever was typed; buckets that have refilled are swept once
// per refill period, and the map never holds more than maxKeys entries.
// In memory: a restart forgets, which is acceptable for slowing down
// password guessing on one server.
type limiter struct {
	mu        sync.Mutex
	burst     float64
	every     time.Duration
	hits      map[[sha256.Size]byte]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64   // tries left at `at`
	at     time.Time // when tokens was computed
}

// maxKeys bounds the limiter's memory (about 100 bytes a key) under a
// flood of distinct keys; past it, the oldest information is dropped.
const maxKeys = 100_000

func newLimiter(burst int, every time.Duration) *limiter {
	return &limiter{burst: float64(burst), every: every, hits: map[[sha256.Size]byte]*bucket{}}
}

func limiterKey(parts ...string) [sha256.Size]byte {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// left is a bucket's tries at now.
func (l *limiter) left(b *bucket, now time.Time) float64 {
	return min(l.burst, b.tokens+float64(now.Sub(b.at))/float64(l.every))
}

// wait is how long until every key has a try left (0: now).
func (l *limiter) wait(now time.Time, keys ...[sha256.Size]byte) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
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

// fail spends one try of every key.
func (l *limiter) fail(now time.Time, keys ...[sha256.Size]byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	for _, k := range keys {
		b, ok := l.hits[k]
		if !ok {
			if len(l.hits) >= maxKeys {
				clear(l.hits) // a flood of distinct keys: forget rather than grow
			}
			b = &bucket{tokens: l.burst, at: now}
			l.hits[k] = b
		}
		b.tokens, b.at = max(0, l.left(b, now)-1), now
	}
}

// reset forgets a key (a successful sign-in clears its count).
func (l *limiter) reset(k [sha256.Size]byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.hits, k)
}

// sweep drops the buckets that are full again, at most once per time a
// bucket takes to refill from empty.
func (l *limiter) sweep(now time.Time) {
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
