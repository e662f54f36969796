package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// Member is a user of one company with their role there.
type Member struct {
	User
	Role string `db:"role"`
}

// Members lists a company's users with their roles, by email.
func (s *Store) Members(ctx context.Context, companyID int64) ([]Member, error) {
	var ms []Member
	err := s.db.SelectContext(ctx, &ms, s.q(`SELECT u.id, u.email, u.name, u.password_hash, u.language, u.created_at,
		u.disabled_at, m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.company_id = ? ORDER BY u.email`), companyID)
	if err != nil {
		return nil, fmt.Errorf("store: list members: %w", err)
	}
	return ms, nil
}

// RemoveMember takes a user's access to one company away: the membership
// and every session of theirs in that company.
func (s *Store) RemoveMember(ctx context.Context, companyID, userID int64) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM memberships WHERE company_id = ? AND user_id = ?`), companyID, userID)
		if err != nil {
			return fmt.Errorf("store: delete membership: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFoundErr("user")
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE company_id = ? AND user_id = ?`), companyID, userID); err != nil {
			return fmt.Errorf("store: delete sessions: %w", err)
		}
		return nil
	})
}

// DisableUser stops a user from signing in, everywhere, and ends their
// sessions.
func (s *Store) DisableUser(ctx context.Context, email string) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		var id int64
		err := tx.GetContext(ctx, &id, s.q(`SELECT id FROM users WHERE email = ?`), strings.ToLower(strings.TrimSpace(email)))
		if err != nil {
			return notFound(err, "user")
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE users SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?`), s.now(), id); err != nil {
			return fmt.Errorf("store: disable user: %w", err)
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE user_id = ?`), id); err != nil {
			return fmt.Errorf("store: delete sessions: %w", err)
		}
		return nil
	})
}

// SetPassword replaces a user's password hash (and enables the user
// again); their sessions end, so a stolen cookie dies with the old password.
func (s *Store) SetPassword(ctx context.Context, email, hash string) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		var id int64
		err := tx.GetContext(ctx, &id, s.q(`SELECT id FROM users WHERE email = ?`), strings.ToLower(strings.TrimSpace(email)))
		if err != nil {
			return notFound(err, "user")
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE users SET password_hash = ?, disabled_at = NULL WHERE id = ?`), hash, id); err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE user_id = ?`), id); err != nil {
			return fmt.Errorf("store: delete sessions: %w", err)
		}
		return nil
	})
}

// PurgeExpiredSessions deletes the sessions past their expiry.
func (s *Store) PurgeExpiredSessions(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE expires_at <= ?`), s.now())
	if err != nil {
		return 0, fmt.Errorf("store: purge sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// Token is an API token as listed: never its secret.
type Token struct {
	ID        int64     `db:"id"`
	Name      string    `db:"name"`
	CreatedAt time.Time `db:"created_at"`
}

// Tokens lists a company's API tokens, oldest first.
func (s *Store) Tokens(ctx context.Context, companyID int64) ([]Token, error) {
	var ts []Token
	err := s.db.SelectContext(ctx, &ts, s.q(`SELECT id, name, created_at FROM api_tokens WHERE company_id = ? ORDER BY id`), companyID)
	if err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", err)
	}
	return ts, nil
}

// RevokeToken deletes one of a company's tokens by id.
func (s *Store) RevokeToken(ctx context.Context, companyID, id int64) error {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM api_tokens WHERE company_id = ? AND id = ?`), companyID, id)
	if err != nil {
		return fmt.Errorf("store: revoke token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFoundErr("token")
	}
	return nil
}

// RevokeTokensNamed deletes every token of a company with that name and
// says how many there were (none is a not-found error).
func (s *Store) RevokeTokensNamed(ctx context.Context, companyID int64, name string) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM api_tokens WHERE company_id = ? AND name = ?`), companyID, name)
	if err != nil {
		return 0, fmt.Errorf("store: revoke token: %w", err)
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		return 0, notFoundErr("token")
	}
	return n, nil
}
