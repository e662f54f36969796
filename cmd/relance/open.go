package main

import (
	"context"

	"github.com/relance-app/relance/internal/config"
	"github.com/relance-app/relance/internal/store"
)

// openStore reads the configuration and opens the migrated database.
func openStore(ctx context.Context) (config.Config, *store.Store, error) {
	cfg, err := config.FromEnv()
	if err != nil {
		return cfg, nil, err
	}
	s, err := store.OpenAndMigrate(ctx, cfg.DatabaseURL)
	return cfg, s, err
}
