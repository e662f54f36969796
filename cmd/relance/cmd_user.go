package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
)

func init() {
	register("user create", "create a user who can sign in to the web UI", userCreate)
}

func userCreate(ctx context.Context, a *app, args []string) error {
	fs := a.flags("user create", "user create --company ID --email E --password-stdin [--role admin|staff] [--language en|fr]")
	company := fs.Int64("company", 0, "company id (required)")
	email := fs.String("email", "", "email address used to sign in (required)")
	stdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input (required)")
	role := fs.String("role", store.RoleAdmin, "admin or staff")
	lang := fs.String("language", invoice.DefaultLanguage, "UI language: en or fr")
	name := fs.String("name", "", "display name")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *company == 0:
		return errors.New("user create: --company is required")
	case *email == "" || !strings.Contains(*email, "@"):
		return errors.New("user create: --email must be an email address")
	case !*stdin:
		return errors.New("user create: --password-stdin is required (passwords never go on the command line)")
	}
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	if err != nil && line == "" {
		return errors.New("user create: no password on standard input")
	}
	hash, err := auth.HashPassword(strings.TrimRight(line, "\r\n"))
	if err != nil {
		return fmt.Errorf("user create: %w", err)
	}
	_, s, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	u := &store.User{Email: *email, Name: *name, PasswordHash: hash, Language: *lang}
	if err := s.CreateUser(ctx, u, *company, *role); err != nil {
		return fmt.Errorf("user create: %w", err)
	}
	fmt.Fprintln(a.stdout, u.ID)
	return nil
}
