package store

import (
	"fmt"

	"github.com/jmoiron/sqlx"
)

func inQuery(q string, args ...any) (string, []any, error) {
	q, a, err := sqlx.In(q, args...)
	if err != nil {
		return "", nil, fmt.Errorf("store: build IN query: %w", err)
	}
	return q, a, nil
}
