// Package store keeps everything in SQLite or PostgreSQL through one sqlx
// implementation: the SQL is written once, with ? placeholders rebound per
// driver, and the two schemas live in migrations/sqlite and
// migrations/postgres.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/jmoiron/sqlx"
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/relance-app/relance/internal/invoice"
)

//go:embed migrations
var migrations embed.FS

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Store is the database. It is safe for concurrent use.
type Store struct {
	db      *sqlx.DB
	dialect string
	// Now is the clock used for timestamps and reminder planning; tests
	// replace it.
	Now func() time.Time
	// stmts caches prepared statements of hot paths by query (see txStmt).
	stmts sync.Map
	// settings caches decoded reminder settings (settingsShared).
	settings settingsCache
	// writer queues this process's write transactions on SQLite (see
	// lockWriter); nil on PostgreSQL.
	writer chan struct{}
}

// DefaultURL is the embedded database in the working directory.
const DefaultURL = "sqlite:relance.db"

// Open connects to url ("sqlite:PATH" or "postgres://…") without migrating.
func Open(ctx context.Context, rawURL string) (*Store, error) {
	if rawURL == "" {
		rawURL = DefaultURL
	}
	var (
		db      *sqlx.DB
		dialect string
		err     error
	)
	switch {
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		dialect = Postgres
		db, err = sqlx.Open("pgx", rawURL)
		if err == nil {
			db.SetMaxOpenConns(20)
			db.SetMaxIdleConns(20)
			db.SetConnMaxIdleTime(5 * time.Minute)
		}
	case strings.HasPrefix(rawURL, "sqlite:"):
		dialect = SQLite
		if err := createPrivate(sqlitePath(strings.TrimPrefix(rawURL, "sqlite:"))); err != nil {
			return nil, err
		}
		db, err = sqlx.Open("sqlite", sqliteDSN(strings.TrimPrefix(rawURL, "sqlite:")))
		if err == nil {
			// WAL gives concurrent readers; writers queue on lockWriter in
			// this process, on busy_timeout between processes.
			db.SetMaxOpenConns(8)
			db.SetMaxIdleConns(8)
		}
	default:
		scheme, _, _ := strings.Cut(rawURL, ":") // never the rest: it may hold a password
		return nil, fmt.Errorf("store: database URL of scheme %q: want sqlite:PATH or postgres://", scheme)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", dialect, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", dialect, err)
	}
	st := &Store{db: db, dialect: dialect, Now: time.Now}
	if dialect == SQLite {
		st.writer = make(chan struct{}, 1)
	}
	return st, nil
}

// sqlitePath is the file of a sqlite: URL's path part.
func sqlitePath(path string) string {
	path = strings.TrimPrefix(path, "//")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	return path
}

// createPrivate creates a new SQLite database file readable by its owner
// only (0600): it holds password hashes and every customer's data. SQLite
// gives its -wal and -shm files the database file's mode. An existing
// file is left as it is.
func createPrivate(path string) error {
	if path == "" || strings.HasPrefix(path, ":") || strings.HasPrefix(path, "file:") {
		return nil // in memory, or a URI SQLite opens itself
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: create %s: %w", path, err)
	}
	return f.Close()
}

func sqliteDSN(path string) string {
	path = sqlitePath(path)
	q := url.Values{}
	q.Add("_time_format", "sqlite")
	q.Add("_txlock", "immediate")
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(ON)",
		"temp_store(MEMORY)", "cache_size(-65536)"} {
		q.Add("_pragma", p)
	}
	return "file:" + path + "?" + q.Encode()
}

// OpenAndMigrate opens the database and applies every pending migration.
func OpenAndMigrate(ctx context.Context, rawURL string) (*Store, error) {
	s, err := Open(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Migrate applies the embedded migrations of the store's dialect.
func (s *Store) Migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations/"+s.dialect)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	d := goose.DialectSQLite3
	if s.dialect == Postgres {
		d = goose.DialectPostgres
	}
	p, err := goose.NewProvider(d, s.db.DB, sub)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	return nil
}

// Dialect is SQLite or Postgres.
func (s *Store) Dialect() string { return s.dialect }

// DB exposes the handle for tests and benchmarks.
func (s *Store) DB() *sqlx.DB { return s.db }

func (s *Store) Close() error {
	s.stmts.Range(func(k, v any) bool {
		v.(*sqlx.Stmt).Close()
		return true
	})
	return s.db.Close()
}

// Ping checks the database answers (for /healthz).
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// now is the store's clock in UTC, at the microsecond PostgreSQL keeps.
func (s *Store) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

func (s *Store) q(query string) string { return s.db.Rebind(query) }

// txStmt is query prepared once per connection and bound to tx. SQLite
// (modernc) parses every statement again otherwise: a third of the due
// scan's CPU went to parsing the same INSERT and UPDATE per invoice.
func (s *Store) txStmt(ctx context.Context, tx *sqlx.Tx, query string) (*sqlx.Stmt, error) {
	query = s.q(query)
	if st, ok := s.stmts.Load(query); ok {
		return tx.StmtxContext(ctx, st.(*sqlx.Stmt)), nil
	}
	st, err := s.db.PreparexContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if prev, loaded := s.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		st = prev.(*sqlx.Stmt)
	}
	return tx.StmtxContext(ctx, st), nil
}

// writerWait bounds how long a write waits for this process's other
// writers before it goes to SQLite anyway (whose busy timeout then rules):
// a write that waited that long is as slow as SQLite would have made it.
const writerWait = 10 * time.Second

// lockWriter queues a write transaction behind this process's other
// writers on SQLite, and returns its release. SQLite has one writer; every
// transaction begins IMMEDIATE, and one that finds the lock taken waits in
// SQLite's busy handler, which sleeps 1, 2, 5, 10… up to 100 ms between
// tries: with four workers each holding the lock a fraction of a
// millisecond, those sleeps were most of the send path's latency tail and
// left the cores idle. A Go channel wakes the next writer as soon as the
// lock is free. Other processes still meet at SQLite's lock.
func (s *Store) lockWriter(ctx context.Context) func() {
	if s.writer == nil {
		return func() {}
	}
	t := time.NewTimer(writerWait)
	defer t.Stop()
	select {
	case s.writer <- struct{}{}:
		return func() { <-s.writer }
	case <-t.C:
	case <-ctx.Done():
	}
	return func() {}
}

// inTx runs fn in a transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	defer s.lockWriter(ctx)()
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// isUnique reports whether err is a uniqueness violation on either database.
func isUnique(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// uniqueOn reports a uniqueness violation of an index or constraint over
// column (both databases name it in the message: SQLite the columns,
// PostgreSQL the index, named after the column).
func uniqueOn(err error, column string) bool {
	return isUnique(err) && strings.Contains(err.Error(), column)
}

// externalIDTaken is the conflict of an external_id already used by
// another object of the company.
func externalIDTaken(what, id string) error {
	return invoice.Conflict("external_id", fmt.Sprintf("external_id %q is already used by another %s", id, what))
}

// notFound turns sql.ErrNoRows into the domain's not-found error.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return notFoundErr(what)
	}
	return fmt.Errorf("store: get %s: %w", what, err)
}
