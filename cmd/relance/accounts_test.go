package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestAccountCommands: user list|disable|password and token list|revoke
// take access away from the command line; bad emails and weak passwords
// are refused by the same rules as the web pages.
func TestAccountCommands(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			url := storetest.SQLiteURL(t)
			if db == "postgres" {
				url = storetest.PostgresURL(t)
			}
			out, _, err := runCmd(t, url, "", "company", "create", "--name", "Atelier Côté")
			if err != nil {
				t.Fatal(err)
			}
			co := strings.TrimSpace(out)
			for _, bad := range []string{"a@b", "Bob <bob@example.com>", "x@example.com, y@example.com", "no-at-sign", "a\x00@example.com"} {
				if _, _, err := runCmd(t, url, "a-long-password\n", "user", "create", "--company", co, "--email", bad, "--password-stdin"); err == nil {
					t.Errorf("user create --email %q accepted", bad)
				}
			}
			for _, weak := range []string{"          ", "1234567890", "qwertyuiop"} {
				if _, _, err := runCmd(t, url, weak+"\n", "user", "create", "--company", co, "--email", "w@example.com", "--password-stdin"); err == nil {
					t.Errorf("user create with password %q accepted", weak)
				}
			}
			if _, _, err := runCmd(t, url, "a-long-password\n", "user", "create", "--company", co, "--email", "staff@example.com",
				"--password-stdin", "--role", "staff"); err != nil {
				t.Fatal(err)
			}
			out, _, err = runCmd(t, url, "", "user", "list", "--company", co)
			if err != nil || !strings.Contains(out, "\tstaff@example.com\tstaff\tactive\n") {
				t.Errorf("user list = %q, %v", out, err)
			}
			if _, _, err := runCmd(t, url, "", "user", "disable", "--email", "staff@example.com"); err != nil {
				t.Fatal(err)
			}
			out, _, _ = runCmd(t, url, "", "user", "list", "--company", co)
			if !strings.Contains(out, "\tstaff@example.com\tstaff\tdisabled\n") {
				t.Errorf("after disable, user list = %q", out)
			}
			if _, _, err := runCmd(t, url, "", "user", "disable", "--email", "nobody@example.com"); err == nil {
				t.Error("disabling an unknown user succeeded")
			}
			if _, _, err := runCmd(t, url, "          \n", "user", "password", "--email", "staff@example.com", "--password-stdin"); err == nil {
				t.Error("user password accepted ten spaces")
			}
			if _, _, err := runCmd(t, url, "another-long-password\n", "user", "password", "--email", "staff@example.com", "--password-stdin"); err != nil {
				t.Fatal(err)
			}
			s, err := store.Open(t.Context(), url)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			u, err := s.UserByEmail(t.Context(), "staff@example.com")
			if err != nil || u.DisabledAt != nil || auth.CheckPassword(u.PasswordHash, "another-long-password") != nil {
				t.Errorf("after user password: %+v %v", u, err)
			}

			tok, _, err := runCmd(t, url, "", "token", "create", "--company", co, "--name", "ci")
			if err != nil {
				t.Fatal(err)
			}
			out, _, err = runCmd(t, url, "", "token", "list", "--company", co)
			if err != nil || !strings.Contains(out, "\tci\t") || strings.Contains(out, strings.TrimSpace(tok)) {
				t.Errorf("token list = %q, %v (must name it, never show it)", out, err)
			}
			id, _ := strconv.ParseInt(co, 10, 64)
			if got, err := s.CompanyForToken(t.Context(), auth.Hash(strings.TrimSpace(tok))); err != nil || got != id {
				t.Fatalf("token before revoke: %d %v", got, err)
			}
			if _, _, err := runCmd(t, url, "", "token", "revoke", "--company", co, "--name", "ci"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.CompanyForToken(t.Context(), auth.Hash(strings.TrimSpace(tok))); err == nil {
				t.Error("revoked token still resolves")
			}
			if _, _, err := runCmd(t, url, "", "token", "revoke", "--company", co, "--name", "ci"); err == nil {
				t.Error("revoking a missing token succeeded")
			}
		})
	}
}

// TestSMTPPasswordNeverPrinted: a RELANCE_SMTP_URL that does not parse
// stops the command with an error that does not show the password.
func TestSMTPPasswordNeverPrinted(t *testing.T) {
	url := storetest.SQLiteURL(t)
	for _, smtp := range []string{"smtp://billing:Hunter2%zz@mail.example.com:587", "smtp://billing:Hunter2pw@mail.example.com:submission"} {
		t.Setenv("RELANCE_SMTP_URL", smtp)
		out, errOut, err := runCmd(t, url, "", "send-due", "--dry-run")
		if err == nil {
			t.Errorf("%s: accepted", smtp)
			continue
		}
		if all := out + errOut + err.Error(); strings.Contains(all, "Hunter2") {
			t.Errorf("the SMTP password is printed: %q", all)
		}
	}
}
