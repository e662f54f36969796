package store

import (
	"context"
	"fmt"
	"time"
)

// CreateToken stores an API token's hash; the token itself is never stored.
func (s *Store) CreateToken(ctx context.Context, companyID int64, name, hash string) (int64, error) {
	if _, err := s.GetCompany(ctx, companyID); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.QueryRowxContext(ctx, s.q(`INSERT INTO api_tokens (company_id, name, token_hash, created_at)
		VALUES (?, ?, ?, ?) RETURNING id`), companyID, name, hash, s.now()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: insert token: %w", err)
	}
	return id, nil
}

// CompanyForToken returns the company an API token hash belongs to.
func (s *Store) CompanyForToken(ctx context.Context, hash string) (int64, error) {
	var id int64
	if err := s.db.GetContext(ctx, &id, s.q(`SELECT company_id FROM api_tokens WHERE token_hash = ?`), hash); err != nil {
		return 0, notFound(err, "token")
	}
	return id, nil
}

// Session is a signed-in browser.
type Session struct {
	TokenHash string    `db:"token_hash"`
	UserID    int64     `db:"user_id"`
	CompanyID int64     `db:"company_id"`
	CSRFToken string    `db:"csrf_token"`
	ExpiresAt time.Time `db:"expires_at"`
	CreatedAt time.Time `db:"created_at"`
}

// CreateSession stores a session by the hash of its cookie value.
func (s *Store) CreateSession(ctx context.Context, se *Session) error {
	se.CreatedAt = s.now()
	se.ExpiresAt = se.ExpiresAt.UTC().Truncate(time.Microsecond)
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO sessions (token_hash, user_id, company_id, csrf_token, expires_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`), se.TokenHash, se.UserID, se.CompanyID, se.CSRFToken, se.ExpiresAt, se.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: insert session: %w", err)
	}
	return nil
}

// GetSession returns an unexpired session.
func (s *Store) GetSession(ctx context.Context, hash string) (*Session, error) {
	var se Session
	err := s.db.GetContext(ctx, &se, s.q(`SELECT token_hash, user_id, company_id, csrf_token, expires_at, created_at
		FROM sessions WHERE token_hash = ? AND expires_at > ?`), hash, s.now())
	if err != nil {
		return nil, notFound(err, "session")
	}
	return &se, nil
}

// SwitchSessionCompany moves a session to another company of its user.
func (s *Store) SwitchSessionCompany(ctx context.Context, hash string, companyID int64) error {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE sessions SET company_id = ? WHERE token_hash = ?
		AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = sessions.user_id AND m.company_id = ?)`), companyID, hash, companyID)
	if err != nil {
		return fmt.Errorf("store: switch company: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFoundErr("company")
	}
	return nil
}

// DeleteSession signs a browser out.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	if _, err := s.db.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE token_hash = ?`), hash); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}
