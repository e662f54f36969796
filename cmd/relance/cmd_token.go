package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/relance-app/relance/internal/auth"
)

func init() {
	register("token create", "create an API token; prints it once", tokenCreate)
}

func tokenCreate(ctx context.Context, a *app, args []string) error {
	fs := a.flags("token create", "token create --company ID --name NAME")
	company := fs.Int64("company", 0, "company id (required)")
	name := fs.String("name", "", "what the token is for (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *company == 0 || *name == "" {
		return errors.New("token create: --company and --name are required")
	}
	_, s, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	token, hash := auth.NewToken()
	if _, err := s.CreateToken(ctx, *company, *name, hash); err != nil {
		return fmt.Errorf("token create: %w", err)
	}
	fmt.Fprintln(a.stdout, token)
	return nil
}
