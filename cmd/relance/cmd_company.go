package main

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/invoice"
)

func init() {
	register("company create", "create a company; prints its id", companyCreate)
	register("company list", "list companies: id, a tab, name", companyList)
}

func companyCreate(ctx context.Context, a *app, args []string) error {
	fs := a.flags("company create", "company create --name NAME [--email E] [--timezone TZ] [--language en|fr] [--currency CUR]")
	c := invoice.Company{}
	fs.StringVar(&c.Name, "name", "", "company name (required)")
	fs.StringVar(&c.Email, "email", "", "reply-to email address")
	fs.StringVar(&c.Address, "address", "", "postal address")
	fs.StringVar(&c.Timezone, "timezone", invoice.DefaultTimezone, "IANA time zone")
	fs.StringVar(&c.Language, "language", invoice.DefaultLanguage, "default language: en or fr")
	fs.StringVar(&c.Currency, "currency", invoice.DefaultCurrency, "default currency (ISO 4217)")
	if err := parse(fs, args); err != nil {
		return err
	}
	_, s, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.CreateCompany(ctx, &c); err != nil {
		return fmt.Errorf("company create: %w", err)
	}
	fmt.Fprintln(a.stdout, c.ID)
	return nil
}

func companyList(ctx context.Context, a *app, args []string) error {
	if err := parse(a.flags("company list", "company list"), args); err != nil {
		return err
	}
	_, s, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	cs, err := s.ListCompanies(ctx)
	if err != nil {
		return err
	}
	for _, c := range cs {
		fmt.Fprintf(a.stdout, "%d\t%s\n", c.ID, c.Name)
	}
	return nil
}
