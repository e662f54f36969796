// Package backoff is the one retry schedule of deliveries that failed for
// a temporary reason: reminders and webhook deliveries.
package backoff

import (
	"math/rand/v2"
	"time"
)

// Delay grows 30 s, 1 min, 2 min … up to an hour for attempt 1, 2, 3 …,
// with ±20 % jitter so that a recovering server is not hit by every retry
// at once.
func Delay(attempt int) time.Duration {
	d := 30 * time.Second << min(max(attempt-1, 0), 7)
	d = min(d, time.Hour)
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}
