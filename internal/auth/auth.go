// Package auth hashes passwords (bcrypt), makes API tokens and session
// secrets, and stores only their SHA-256 hashes.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 10

// ErrBadPassword is returned when a password does not match its hash.
var ErrBadPassword = errors.New("auth: wrong email or password")

// HashPassword returns a bcrypt hash, refusing passwords too short or longer
// than bcrypt's 72 bytes (which it would silently truncate).
func HashPassword(pw string) (string, error) {
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		return "", fmt.Errorf("password must be at least %d characters", MinPasswordLen)
	}
	if len(pw) > 72 {
		return "", errors.New("password must be at most 72 bytes")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	return string(h), nil
}

// CheckPassword compares pw with a bcrypt hash in constant time.
func CheckPassword(hash, pw string) error {
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) != nil {
		return ErrBadPassword
	}
	return nil
}

// dummyHash lets sign-in spend the same time on an unknown email.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("relance-dummy-password"), bcrypt.DefaultCost)

// BurnTime compares against a dummy hash so that unknown users cost as much
// as known ones (no user enumeration by timing).
func BurnTime(pw string) { bcrypt.CompareHashAndPassword(dummyHash, []byte(pw)) }

// TokenPrefix marks Relance API tokens so that secret scanners find them.
const TokenPrefix = "rl_"

// NewToken returns a new random API token and the hash to store.
func NewToken() (token, hash string) {
	token = TokenPrefix + Random(32)
	return token, Hash(token)
}

// Random returns n random bytes, URL-safe base64 encoded.
func Random(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("auth: no randomness: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Hash is the SHA-256 of a high-entropy secret (token, session id). Such
// secrets need no slow hash: they cannot be guessed.
func Hash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
