package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/invoice"
)

// User is a person who signs in to the web UI.
type User struct {
	ID           int64     `db:"id"`
	Email        string    `db:"email"`
	Name         string    `db:"name"`
	PasswordHash string    `db:"password_hash"`
	Language     string    `db:"language"`
	CreatedAt    time.Time `db:"created_at"`
	// DisabledAt is set when the user was disabled: no sign-in, no session.
	DisabledAt *time.Time `db:"disabled_at"`
}

// Membership is a user's role in one company.
type Membership struct {
	CompanyID   int64  `db:"company_id"`
	CompanyName string `db:"company_name"`
	Role        string `db:"role"`
}

// Roles.
const (
	RoleAdmin = "admin"
	RoleStaff = "staff"
)

// CreateUser stores a user (the password already hashed) and makes them a
// member of companyID with role.
func (s *Store) CreateUser(ctx context.Context, u *User, companyID int64, role string) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	if u.Language == "" {
		u.Language = "en"
	}
	u.CreatedAt = s.now()
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		err := tx.QueryRowxContext(ctx, s.q(`INSERT INTO users (email, name, password_hash, language, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`), u.Email, u.Name, u.PasswordHash, u.Language, u.CreatedAt).Scan(&u.ID)
		if isUnique(err) {
			return invoice.Conflict("email", "a user with this email already exists")
		}
		if err != nil {
			return fmt.Errorf("store: insert user: %w", err)
		}
		return s.addMember(ctx, tx, u.ID, companyID, role)
	})
}

// AddMembership gives an existing user a role in another company.
func (s *Store) AddMembership(ctx context.Context, userID, companyID int64, role string) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error { return s.addMember(ctx, tx, userID, companyID, role) })
}

func (s *Store) addMember(ctx context.Context, tx *sqlx.Tx, userID, companyID int64, role string) error {
	if role != RoleAdmin && role != RoleStaff {
		return &invoice.Error{Code: invoice.EInvalid, Message: "invalid role", Fields: map[string]string{"role": "must be admin or staff"}}
	}
	var n int
	if err := tx.GetContext(ctx, &n, s.q(`SELECT COUNT(*) FROM companies WHERE id = ?`), companyID); err != nil {
		return fmt.Errorf("store: check company: %w", err)
	}
	if n == 0 {
		return notFoundErr("company")
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO memberships (user_id, company_id, role) VALUES (?, ?, ?)
		ON CONFLICT (user_id, company_id) DO UPDATE SET role = excluded.role`), userID, companyID, role)
	if err != nil {
		return fmt.Errorf("store: insert membership: %w", err)
	}
	return nil
}

// UserByEmail finds a user for sign-in.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	var u User
	err := s.db.GetContext(ctx, &u, s.q(`SELECT id, email, name, password_hash, language, created_at, disabled_at FROM users WHERE email = ?`),
		strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return nil, notFound(err, "user")
	}
	return &u, nil
}

// GetUser returns one user.
func (s *Store) GetUser(ctx context.Context, id int64) (*User, error) {
	var u User
	err := s.db.GetContext(ctx, &u, s.q(`SELECT id, email, name, password_hash, language, created_at, disabled_at FROM users WHERE id = ?`), id)
	if err != nil {
		return nil, notFound(err, "user")
	}
	return &u, nil
}

// SetUserLanguage stores the UI language a user chose.
func (s *Store) SetUserLanguage(ctx context.Context, id int64, lang string) error {
	if !invoice.ValidLanguage(lang) {
		return &invoice.Error{Code: invoice.EInvalid, Message: "invalid language", Fields: map[string]string{"language": "must be en or fr"}}
	}
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE users SET language = ? WHERE id = ?`), lang, id)
	if err != nil {
		return fmt.Errorf("store: set user language: %w", err)
	}
	return nil
}

// Memberships lists the companies a user belongs to.
func (s *Store) Memberships(ctx context.Context, userID int64) ([]Membership, error) {
	var ms []Membership
	err := s.db.SelectContext(ctx, &ms, s.q(`SELECT m.company_id, c.name AS company_name, m.role FROM memberships m
		JOIN companies c ON c.id = m.company_id WHERE m.user_id = ? ORDER BY c.name, c.id`), userID)
	if err != nil {
		return nil, fmt.Errorf("store: list memberships: %w", err)
	}
	return ms, nil
}

// CountUsers tells whether the first-run page is needed.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT COUNT(*) FROM users`); err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}
