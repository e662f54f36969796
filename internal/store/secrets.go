package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// InstanceSecret returns the named secret of this installation, creating a
// random one the first time. Concurrent first calls (several processes)
// all get the one that was stored.
func (s *Store) InstanceSecret(ctx context.Context, name string) ([]byte, error) {
	var b [32]byte
	_, _ = rand.Read(b[:])
	ins := `INSERT INTO instance_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`
	if _, err := s.db.ExecContext(ctx, s.q(ins), name, hex.EncodeToString(b[:])); err != nil {
		return nil, fmt.Errorf("store: create secret %s: %w", name, err)
	}
	var v string
	if err := s.db.GetContext(ctx, &v, s.q(`SELECT value FROM instance_secrets WHERE name = ?`), name); err != nil {
		return nil, fmt.Errorf("store: read secret %s: %w", name, err)
	}
	return []byte(v), nil
}
