package main

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"github.com/relance-app/relance/internal/config"
	rmail "github.com/relance-app/relance/internal/mail"
)

func init() {
	register("dkim keygen", "write a DKIM signing key (RSA-2048) and print the DNS TXT record to publish", dkimKeygen)
}

func dkimKeygen(ctx context.Context, a *app, args []string) error {
	fs := a.flags("dkim keygen", "dkim keygen --selector S [--out FILE]")
	selector := fs.String("selector", "", "DKIM selector, e.g. relance2026 (required)")
	out := fs.String("out", "", "private key file to create (default dkim-SELECTOR.pem; never overwritten)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *selector == "" {
		return errors.New("dkim keygen: --selector is required")
	}
	cfg, err := config.FromEnv()
	if err != nil {
		return err
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return fmt.Errorf("dkim keygen: RELANCE_FROM: %w", err)
	}
	domain := strings.ToLower(from.Address[strings.LastIndexByte(from.Address, '@')+1:])
	if *out == "" {
		*out = "dkim-" + *selector + ".pem"
	}
	if !rmail.ValidDKIMSelector(*selector) {
		return fmt.Errorf("dkim keygen: --selector %q: letters, digits, '-', '_' and '.' only", *selector)
	}
	record, err := rmail.GenerateDKIMKey(*out)
	if err != nil {
		return fmt.Errorf("dkim keygen: %w", err)
	}
	fmt.Fprintf(a.stdout, "%s._domainkey.%s. IN TXT ( %s )\n", *selector, domain, zoneStrings(record))
	fmt.Fprintf(a.stderr, "Wrote the private key to %s (mode 0600; keep it secret).\n"+
		"Publish the TXT record above, then set RELANCE_DKIM_KEY=%s RELANCE_DKIM_SELECTOR=%s.\n", *out, *out, *selector)
	return nil
}

// zoneStrings splits a TXT value into quoted strings of at most 255
// characters, as DNS requires.
func zoneStrings(v string) string {
	var parts []string
	for len(v) > 0 {
		n := min(len(v), 255)
		parts = append(parts, `"`+v[:n]+`"`)
		v = v[n:]
	}
	return strings.Join(parts, " ")
}
