package invoice

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes, mapped to HTTP statuses in one table by the web layer so that
// the domain never imports net/http.
const (
	ENotFound = "not_found"
	EInvalid  = "invalid"
	EConflict = "conflict"
	// ELimit is a request refused because a rate or size limit is reached
	// (the API answers 429).
	ELimit = "limit"
)

// Error is a domain error with a code, a message and per-field reasons.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return e.Message + " (" + strings.Join(parts, "; ") + ")"
}

// NotFound is the error for a missing object (or one of another company).
func NotFound(what string) error {
	return &Error{Code: ENotFound, Message: what + " not found"}
}

// Conflict is the error for a uniqueness violation.
func Conflict(field, msg string) error {
	return &Error{Code: EConflict, Message: msg, Fields: map[string]string{field: msg}}
}

// ErrorCode returns the code of a domain error in err's chain, or "".
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// IsNotFound reports whether err is (or wraps) a not-found error.
func IsNotFound(err error) bool { return ErrorCode(err) == ENotFound }

// FieldErrors collects validation failures, field by field.
type FieldErrors map[string]string

// Add records the first reason for a field.
func (f FieldErrors) Add(field, format string, args ...any) {
	if _, ok := f[field]; !ok {
		f[field] = fmt.Sprintf(format, args...)
	}
}

// Err is nil when no field failed, else an EInvalid *Error.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EInvalid, Message: "invalid input", Fields: f}
}
