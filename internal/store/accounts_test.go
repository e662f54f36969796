package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestSessionsPurgedAndRevoked: expired sessions are deleted; disabling a
// user, changing their password or removing their membership deletes their
// sessions (in that company only, for a membership).
func TestSessionsPurgedAndRevoked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := storetest.Company(t, s, "A")
		b := storetest.Company(t, s, "B")
		u := &store.User{Email: "u@example.com", PasswordHash: "x"}
		if err := s.CreateUser(ctx, u, a.ID, store.RoleStaff); err != nil {
			t.Fatal(err)
		}
		if err := s.AddMembership(ctx, u.ID, b.ID, store.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		session := func(hash string, co int64, exp time.Time) {
			if err := s.CreateSession(ctx, &store.Session{TokenHash: hash, UserID: u.ID, CompanyID: co, CSRFToken: "c", ExpiresAt: exp}); err != nil {
				t.Fatal(err)
			}
		}
		session("old", a.ID, now.Add(-time.Hour))
		session("in-a", a.ID, now.Add(time.Hour))
		session("in-b", b.ID, now.Add(time.Hour))
		if n, err := s.PurgeExpiredSessions(ctx); err != nil || n != 1 {
			t.Errorf("purge: %d %v, want 1", n, err)
		}
		if err := s.RemoveMember(ctx, a.ID, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetSession(ctx, "in-a"); !invoice.IsNotFound(err) {
			t.Errorf("session in the company left: %v", err)
		}
		if _, err := s.GetSession(ctx, "in-b"); err != nil {
			t.Errorf("session in another company ended: %v", err)
		}
		if ms, _ := s.Members(ctx, a.ID); len(ms) != 0 {
			t.Errorf("members of A after removal: %v", ms)
		}
		if err := s.DisableUser(ctx, "U@example.com"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetSession(ctx, "in-b"); !invoice.IsNotFound(err) {
			t.Errorf("session of a disabled user: %v", err)
		}
		if got, _ := s.GetUser(ctx, u.ID); got.DisabledAt == nil {
			t.Error("user not disabled")
		}
		session("again", b.ID, now.Add(time.Hour))
		if err := s.SetPassword(ctx, "u@example.com", "y"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetUser(ctx, u.ID); got.DisabledAt != nil || got.PasswordHash != "y" {
			t.Errorf("after SetPassword: %+v", got)
		}
		if _, err := s.GetSession(ctx, "again"); !invoice.IsNotFound(err) {
			t.Errorf("session after a password change: %v", err)
		}
		if err := s.RemoveMember(ctx, a.ID, u.ID); !invoice.IsNotFound(err) {
			t.Errorf("removing a non-member: %v", err)
		}
	})
}
