package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/relance-app/relance/internal/auth"
)

func init() {
	register("token create", "create an API token; prints it once", tokenCreate)
	register("token list", "list a company's API tokens (never their secrets)", tokenList)
	register("token revoke", "revoke a company's API tokens by name", tokenRevoke)
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

func tokenList(ctx context.Context, a *app, args []string) error {
	fs := a.flags("token list", "token list --company ID\n\nPrints one line per token: id, name, creation time (UTC, RFC 3339), tab-separated.")
	company := fs.Int64("company", 0, "company id (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *company == 0 {
		return errors.New("token list: --company is required")
	}
	_, s, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.GetCompany(ctx, *company); err != nil {
		return fmt.Errorf("token list: %w", err)
	}
	ts, err := s.Tokens(ctx, *company)
	if err != nil {
		return fmt.Errorf("token list: %w", err)
	}
	for _, t := range ts {
		fmt.Fprintf(a.stdout, "%d\t%s\t%s\n", t.ID, t.Name, t.CreatedAt.UTC().Format(time.RFC3339))
	}
	return nil
}

func tokenRevoke(ctx context.Context, a *app, args []string) error {
	fs := a.flags("token revoke", "token revoke --company ID --name NAME\n\nRevokes every token of the company with that name; the next request with one is refused.")
	company := fs.Int64("company", 0, "company id (required)")
	name := fs.String("name", "", "the token's name (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *company == 0 || *name == "" {
		return errors.New("token revoke: --company and --name are required")
	}
	_, s, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.RevokeTokensNamed(ctx, *company, *name)
	if err != nil {
		return fmt.Errorf("token revoke: %w", err)
	}
	fmt.Fprintf(a.stderr, "revoked %d token(s) named %q\n", n, *name)
	return nil
}
