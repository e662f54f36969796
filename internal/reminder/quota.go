package reminder

import (
	"context"
	"sync"
	"time"
)

// MaxManualPerHour bounds the manual reminders one person (a user of the
// web UI, or an API token) may ask for in a clock hour: enough for a
// morning of follow-ups, too few to make Relance a relay. The recipients
// of one message are bounded by invoice.MaxRecipients.
const MaxManualPerHour = 30

type actorKey struct{}

// WithActor names who asks for a reminder ("user:12", "token:…"), for
// ManualQuota.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// Actor is who asks, from WithActor; "" when no one was named.
func Actor(ctx context.Context) string {
	a, _ := ctx.Value(actorKey{}).(string)
	return a
}

// ManualQuota counts manual reminders per actor in the current clock hour
// (in memory: per server process).
type ManualQuota struct {
	mu   sync.Mutex
	hour time.Time
	n    map[string]int
}

// Take spends one of actor's MaxManualPerHour for the hour of now, and
// reports false when none is left.
func (q *ManualQuota) Take(actor string, now time.Time) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	h := now.UTC().Truncate(time.Hour)
	if !h.Equal(q.hour) || q.n == nil {
		q.hour, q.n = h, map[string]int{} // a new hour forgets the last one
	}
	if q.n[actor] >= MaxManualPerHour {
		return false
	}
	q.n[actor]++
	return true
}

// Give returns a try taken for a reminder that was not recorded after all.
func (q *ManualQuota) Give(actor string, now time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if now.UTC().Truncate(time.Hour).Equal(q.hour) && q.n[actor] > 0 {
		q.n[actor]--
	}
}
