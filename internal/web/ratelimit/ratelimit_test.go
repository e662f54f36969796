package ratelimit

import (
	"testing"
	"time"
)

func TestBurstThenOneTryPerPeriod(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	l := New(3, time.Minute)
	k := KeyOf("ip", "203.0.113.9")
	for i := range 3 {
		if !l.Allow(now, k) {
			t.Fatalf("try %d refused within the burst", i+1)
		}
	}
	if l.Allow(now, k) {
		t.Fatal("a fourth try in a row was allowed")
	}
	if d := l.Wait(now, k); d != time.Minute {
		t.Errorf("wait %v, want 1m", d)
	}
	if other := KeyOf("ip", "203.0.113.10"); !l.Allow(now, other) {
		t.Error("another key was refused")
	}
	now = now.Add(time.Minute)
	if !l.Allow(now, k) || l.Allow(now, k) {
		t.Error("after a minute, exactly one more try should be allowed")
	}
}

func TestAllowSpendsNothingWhenOneKeyIsOut(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	l := New(1, time.Hour)
	a, b := KeyOf("a"), KeyOf("b")
	l.Fail(now, a)
	if l.Allow(now, a, b) {
		t.Fatal("allowed although key a has no try left")
	}
	if !l.Allow(now, b) {
		t.Error("key b was spent by a refused try")
	}
}

func TestResetAndSweep(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	l := PerWindow(10, time.Hour)
	k := KeyOf("ip+email", "203.0.113.9", "a@example.com")
	l.Fail(now, k)
	l.Reset(k)
	if l.Len() != 0 {
		t.Fatalf("%d keys after reset", l.Len())
	}
	for i := range 50 {
		l.Fail(now, KeyOf("ip", string(rune('a'+i))))
	}
	l.Wait(now.Add(time.Hour), KeyOf("x"))
	if l.Len() != 0 {
		t.Errorf("%d refilled keys kept an hour later", l.Len())
	}
}
