package main

import (
	"context"
	"fmt"
)

func init() {
	register("migrate", "apply database migrations and exit", func(ctx context.Context, a *app, args []string) error {
		if err := parse(a.flags("migrate", "migrate"), args); err != nil {
			return err
		}
		_, s, err := openStore(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		fmt.Fprintf(a.stderr, "database up to date (%s)\n", s.Dialect())
		return nil
	})
}
