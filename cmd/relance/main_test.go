package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store/storetest"
)

// runCmd runs a command in-process on the database at url.
func runCmd(t *testing.T, url, stdin string, args ...string) (string, string, error) {
	t.Helper()
	t.Setenv("RELANCE_DATABASE_URL", url)
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	err := run(context.Background(), a, args)
	return out.String(), errb.String(), err
}

func TestSetupCommands(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			url := storetest.SQLiteURL(t)
			if db == "postgres" {
				url = storetest.PostgresURL(t)
			}
			out, _, err := runCmd(t, url, "", "company", "create", "--name", "Atelier Côté", "--timezone", "America/Toronto")
			if err != nil {
				t.Fatal(err)
			}
			id, err := strconv.Atoi(strings.TrimSpace(out))
			if err != nil || id <= 0 {
				t.Fatalf("company create printed %q, want an id alone", out)
			}
			if _, _, err := runCmd(t, url, "", "company", "create", "--name", "X", "--timezone", "Mars/Base"); err == nil ||
				!strings.Contains(err.Error(), "timezone") {
				t.Errorf("bad time zone: %v", err)
			}
			out, _, _ = runCmd(t, url, "", "company", "list")
			if out != strconv.Itoa(id)+"\tAtelier Côté\n" {
				t.Errorf("company list = %q", out)
			}
			if _, _, err := runCmd(t, url, "a-long-password\n", "user", "create", "--company", strconv.Itoa(id), "--email", "o@example.com", "--password-stdin"); err != nil {
				t.Errorf("user create: %v", err)
			}
			if _, _, err := runCmd(t, url, "short\n", "user", "create", "--company", "1", "--email", "p@example.com", "--password-stdin"); err == nil {
				t.Error("short password accepted")
			}
			tok, _, err := runCmd(t, url, "", "token", "create", "--company", strconv.Itoa(id), "--name", "ci")
			if err != nil || !strings.HasPrefix(tok, "rl_") || strings.Count(tok, "\n") != 1 {
				t.Errorf("token create printed %q, %v", tok, err)
			}
			if _, _, err := runCmd(t, url, "", "token", "create", "--company", "999", "--name", "ci"); err == nil {
				t.Error("token for a missing company")
			}
		})
	}
}

func TestHelpAndUnknown(t *testing.T) {
	url := storetest.SQLiteURL(t)
	for _, name := range []string{"serve", "demo", "migrate", "send-due", "company create", "company list", "user create", "token create", "import customers", "import invoices", "dkim keygen", "user list", "user disable", "user password", "token list", "token revoke", "import payments"} {
		_, errOut, err := runCmd(t, url, "", append(strings.Fields(name), "--help")...)
		if err == nil || !strings.Contains(err.Error(), "help requested") || !strings.Contains(errOut, "Usage: relance "+name) {
			t.Errorf("%s --help: err %v, output %q", name, err, errOut)
		}
	}
	if _, _, err := runCmd(t, url, "", "company"); err == nil || !strings.Contains(err.Error(), "relance company create") {
		t.Errorf("group without subcommand: %v", err)
	}
	if _, _, err := runCmd(t, url, "", "frobnicate"); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Errorf("unknown command: %v", err)
	}
}
