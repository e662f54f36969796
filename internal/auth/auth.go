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
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 10

// ErrBadPassword is returned when a password does not match its hash.
var ErrBadPassword = errors.New("auth: wrong email or password")

// Why a password is refused (CheckPasswordRule).
var (
	ErrPasswordShort  = fmt.Errorf("password must be at least %d characters", MinPasswordLen)
	ErrPasswordLong   = errors.New("password must be at most 72 bytes")
	ErrPasswordBlank  = errors.New("password must not be only spaces")
	ErrPasswordCommon = errors.New("password is one of the most common ones; choose another")
)

// CheckPasswordRule is the one password rule, for set-up, the CLI and the
// UI: at least MinPasswordLen characters, at most bcrypt's 72 bytes (which
// it would silently truncate), not only blanks, not a common password and
// not one character repeated.
func CheckPasswordRule(pw string) error {
	switch {
	case utf8.RuneCountInString(pw) < MinPasswordLen:
		return ErrPasswordShort
	case len(pw) > 72:
		return ErrPasswordLong
	case strings.TrimSpace(pw) == "":
		return ErrPasswordBlank
	}
	l := strings.ToLower(pw)
	if commonPasswords[l] || strings.Count(l, string([]rune(l)[0])) == len(l) {
		return ErrPasswordCommon
	}
	return nil
}

// commonPasswords are the most common passwords of 10 characters or more
// in public breach lists (lower case).
var commonPasswords = map[string]bool{}

func init() {
	for _, p := range strings.Fields(`1234567890 0123456789 0987654321 1234554321 1122334455 1234512345
		1q2w3e4r5t 1qaz2wsx3edc qwertyuiop azertyuiop qwertyuiop1 qwerty1234 qwerty12345 1234qwer 1q2w3e4r5t6y
		password12 password123 password1234 passw0rd123 motdepasse motdepasse1 motdepasse123 iloveyou12 iloveyou123
		abcdefghij abcd123456 abc1234567 a123456789 1234567890a 123456789a 12345678910 123123123123 asdfghjkl1
		zxcvbnm123 1q2w3e4r5t6y7u welcome123 letmein123 administrator admin12345 admin123456 changeme123
		superman123 football123 baseball123 princess123 sunshine123 trustno1234 starwars123 dragon1234
		qazwsxedcrfv 123qweasdzxc 1234567890q qwerty123456 bonjour123 soleil1234 jetaime123 azerty1234 azerty123456
		relance123 relance1234 invoice123 facture123`) {
		commonPasswords[p] = true
	}
}

// HashPassword returns a bcrypt hash of a password that passes
// CheckPasswordRule.
func HashPassword(pw string) (string, error) {
	if err := CheckPasswordRule(pw); err != nil {
		return "", err
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
