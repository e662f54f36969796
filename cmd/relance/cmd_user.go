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
	register("user list", "list a company's users with their roles", userList)
	register("user disable", "stop a user from signing in and end their sessions", userDisable)
	register("user password", "set a user's password (ends their sessions)", userPassword)
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
	case invoice.ValidEmail(*email) != nil:
		return fmt.Errorf("user create: --email %q is not an email address like name@example.com", *email)
	case !*stdin:
		return errors.New("user create: --password-stdin is required (passwords never go on the command line)")
	}
	hash, err := readPassword(a, "user create")
	if err != nil {
		return err
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

// readPassword reads the first line of standard input and hashes it under
// the one password rule (auth.CheckPasswordRule).
func readPassword(a *app, cmd string) (string, error) {
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("%s: no password on standard input", cmd)
	}
	hash, err := auth.HashPassword(strings.TrimRight(line, "\r\n"))
	if err != nil {
		return "", fmt.Errorf("%s: %w", cmd, err)
	}
	return hash, nil
}

func userList(ctx context.Context, a *app, args []string) error {
	fs := a.flags("user list", "user list --company ID\n\nPrints one line per user: id, email, role, and \"disabled\" for a disabled user, tab-separated.")
	company := fs.Int64("company", 0, "company id (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *company == 0 {
		return errors.New("user list: --company is required")
	}
	_, s, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.GetCompany(ctx, *company); err != nil {
		return fmt.Errorf("user list: %w", err)
	}
	ms, err := s.Members(ctx, *company)
	if err != nil {
		return fmt.Errorf("user list: %w", err)
	}
	for _, m := range ms {
		state := "active"
		if m.DisabledAt != nil {
			state = "disabled"
		}
		fmt.Fprintf(a.stdout, "%d\t%s\t%s\t%s\n", m.ID, m.Email, m.Role, state)
	}
	return nil
}

func userDisable(ctx context.Context, a *app, args []string) error {
	fs := a.flags("user disable", "user disable --email E\n\nThe user can no longer sign in; their sessions end now. `user password` enables them again.")
	email := fs.String("email", "", "the user's email (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" {
		return errors.New("user disable: --email is required")
	}
	_, s, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.DisableUser(ctx, *email); err != nil {
		return fmt.Errorf("user disable: %w", err)
	}
	return nil
}

func userPassword(ctx context.Context, a *app, args []string) error {
	fs := a.flags("user password", "user password --email E --password-stdin\n\nSets a new password, enables a disabled user, and ends their sessions.")
	email := fs.String("email", "", "the user's email (required)")
	stdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *email == "":
		return errors.New("user password: --email is required")
	case !*stdin:
		return errors.New("user password: --password-stdin is required (passwords never go on the command line)")
	}
	hash, err := readPassword(a, "user password")
	if err != nil {
		return err
	}
	_, s, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SetPassword(ctx, *email, hash); err != nil {
		return fmt.Errorf("user password: %w", err)
	}
	return nil
}
