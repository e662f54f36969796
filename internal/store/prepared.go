package store

import (
	"context"
	"database/sql"
	"sync"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/reminder"
)

// prep runs queries through statements prepared once per connection (see
// txStmt), on the database (tx nil) or inside tx. It serves the send
// path's fixed queries: modernc's SQLite parses every statement anew
// otherwise, about a third of the CPU of loading a reminder's context.
// Only queries of a fixed text belong here: each distinct text stays
// prepared for the life of the store.
type prep struct {
	s  *Store
	tx *sqlx.Tx
}

var _ sqlx.QueryerContext = prep{}
var _ sqlx.ExecerContext = prep{}

func (p prep) stmt(ctx context.Context, query string) (*sqlx.Stmt, error) {
	if st, ok := p.s.stmts.Load(query); ok {
		if p.tx != nil {
			return p.tx.StmtxContext(ctx, st.(*sqlx.Stmt)), nil
		}
		return st.(*sqlx.Stmt), nil
	}
	st, err := p.s.db.PreparexContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if prev, loaded := p.s.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		st = prev.(*sqlx.Stmt)
	}
	if p.tx != nil {
		return p.tx.StmtxContext(ctx, st), nil
	}
	return st, nil
}

// The queries arrive rebound (s.q), as every caller writes them.

func (p prep) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (p prep) QueryxContext(ctx context.Context, query string, args ...any) (*sqlx.Rows, error) {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryxContext(ctx, args...)
}

func (p prep) QueryRowxContext(ctx context.Context, query string, args ...any) *sqlx.Row {
	st, err := p.stmt(ctx, query)
	if err != nil {
		// The same query unprepared reports the same error through its Row.
		if p.tx != nil {
			return p.tx.QueryRowxContext(ctx, query, args...)
		}
		return p.s.db.QueryRowxContext(ctx, query, args...)
	}
	return st.QueryRowxContext(ctx, args...)
}

func (p prep) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// settingsCache keeps each company's decoded reminder settings with the
// stored text they came from: a read still fetches the text (one indexed
// row), but decodes it only when it changed. Reading the text each time
// is the invalidation: a change by any process is seen at the next read.
type settingsCache struct {
	mu sync.Mutex
	m  map[int64]cachedSettings
}

type cachedSettings struct {
	raw, tz string
	st      *reminder.Settings
}

func (c *settingsCache) get(companyID int64, raw, tz string) (*reminder.Settings, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[companyID]
	if !ok || e.raw != raw || e.tz != tz {
		return nil, false
	}
	cp := *e.st
	return &cp, true
}

func (c *settingsCache) put(companyID int64, raw, tz string, st *reminder.Settings) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[int64]cachedSettings{}
	}
	cp := *st
	c.m[companyID] = cachedSettings{raw: raw, tz: tz, st: &cp}
}

// IN lists: a list of at most maxPadded ids is padded to a power of two
// (repeating its last id; an IN list is a set) and runs prepared, so that
// each query keeps at most seven texts; a longer list (a scan's 500) runs
// unprepared.
const maxPadded = 64

// pad repeats the last element of xs up to the next power of two.
func pad[T any](xs []T) []T {
	n := 1
	for n < len(xs) {
		n *= 2
	}
	if n == len(xs) || len(xs) == 0 {
		return xs
	}
	out := make([]T, n)
	copy(out, xs)
	for i := len(xs); i < n; i++ {
		out[i] = xs[len(xs)-1]
	}
	return out
}

// inList is q and ids for a query with one IN list of ids: padded and
// prepared when the list is short enough, as they are otherwise.
func (s *Store) inList(q sqlx.QueryerContext, ids []int64) (sqlx.QueryerContext, []int64) {
	if len(ids) > maxPadded {
		if p, ok := q.(prep); ok {
			if p.tx != nil {
				return p.tx, ids
			}
			return s.db, ids
		}
		return q, ids
	}
	switch v := q.(type) {
	case *sqlx.DB:
		if v == s.db {
			q = prep{s: s}
		}
	case *sqlx.Tx:
		q = prep{s, v}
	}
	return q, pad(ids)
}
