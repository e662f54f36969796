package backoff

import (
	"testing"
	"time"
)

func TestDelayGrowsAndCaps(t *testing.T) {
	for _, c := range []struct {
		attempt  int
		low, top time.Duration
	}{{0, 24 * time.Second, 36 * time.Second}, {1, 24 * time.Second, 36 * time.Second}, {2, 48 * time.Second, 72 * time.Second},
		{4, 192 * time.Second, 288 * time.Second}, {8, 48 * time.Minute, 72 * time.Minute}, {50, 48 * time.Minute, 72 * time.Minute}} {
		for i := 0; i < 50; i++ {
			if d := Delay(c.attempt); d < c.low || d > c.top {
				t.Fatalf("Delay(%d) = %v, want within [%v, %v]", c.attempt, d, c.low, c.top)
			}
		}
	}
}
