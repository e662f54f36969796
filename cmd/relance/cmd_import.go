package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/store"
)

func init() {
	register("import customers", "import customers from a CSV file (bad rows reported, good rows kept)", importCmd("customers", importer.ImportCustomers))
	register("import invoices", "import invoices from a CSV file, one row per line (bad rows reported, good rows kept)", importCmd("invoices", importer.ImportInvoices))
	register("import payments", "record payments from a CSV file: invoice number, date, amount, method, reference (bad rows reported, good rows kept)", importCmd("payments", importer.ImportPayments))
}

type importFunc func(context.Context, *books.Books, int64, io.Reader, importer.Options) (importer.Report, error)

const importHelp = `
Columns are found by their header, in any order, without regard to case,
accents or punctuation: our API names (number, customer, issue_date, …), the
QuickBooks Online layout (InvoiceNo, Customer, InvoiceDate, DueDate, Terms,
Item(Product/Service), ItemDescription, ItemQuantity, ItemRate, ItemAmount,
Taxable, TaxRate) or French headers (Client, Courriel, Prénom, Nom, …).
Payments: invoice number (InvoiceNo, Invoice No, Facture), date (Date,
Payment Date, Date du paiement), amount (Amount, Montant), and optionally
method (Payment Method, Mode de paiement), reference (Ref No, Référence) and
memo (Memo, Note): a QuickBooks "Receive Payment" export reads as is.
An invoice file with an open-balance column (Open Balance, Balance, Solde,
Solde dû) reconciles: a lower balance records a payment for the difference.
UTF-8 (with or without BOM), ',' or ';' separated; decimal comma or point.

Importing twice changes nothing: customers are matched on display name or
email, invoices on number, payments on invoice, date, amount and reference.
An invoice is imported whole or not at all; a payment larger than what is
still due is refused.
Rows that cannot be imported are listed as "line N: reason" and the others
are kept: the exit status is 0 even then. It is non-zero only when the file
cannot be read at all (missing, not CSV, required columns missing) or the
database fails.

Flags:`

func importCmd(kind string, run importFunc) func(context.Context, *app, []string) error {
	return func(ctx context.Context, a *app, args []string) error {
		name := "import " + kind
		fs := a.flags(name, name+" [--company ID] [--date-format DD/MM/YYYY|MM/DD/YYYY] [--create-customers] FILE.csv")
		fs.Usage = func() {
			fmt.Fprintf(a.stderr, "Usage: relance %s [flags] FILE.csv\n%s\n", name, importHelp)
			fs.PrintDefaults()
		}
		company := fs.Int64("company", 0, "company id (default: the only company, if there is exactly one)")
		var opt importer.Options
		fs.StringVar(&opt.DateFormat, "date-format", "", "how dates other than YYYY-MM-DD are written: DD/MM/YYYY or MM/DD/YYYY")
		if kind == "invoices" {
			fs.BoolVar(&opt.CreateCustomers, "create-customers", false, "create customers that do not exist yet (else their rows are refused)")
		}
		file, err := parseWithFile(fs, args)
		if err != nil {
			return err
		}
		f, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		defer f.Close()
		_, s, err := openStore(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		if *company == 0 {
			if *company, err = onlyCompany(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		bar := progress(a.stderr, kind)
		if bar != nil {
			opt.Progress = func(done, total int) {
				bar.ChangeMax(total)
				bar.Set(done)
			}
		}
		t0 := time.Now()
		opt.Actor = "CLI"
		rep, err := run(ctx, books.New(s, nil), *company, f, opt)
		if bar != nil {
			bar.Finish()
		}
		printReport(a.stdout, kind, rep, time.Since(t0))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}
}

// parseWithFile parses flags placed before or after the one FILE argument:
// "import invoices --create-customers f.csv" and "import invoices f.csv
// --create-customers" both work.
func parseWithFile(fs *flag.FlagSet, args []string) (string, error) {
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return "", errors.New("a CSV file is required")
	}
	file := fs.Arg(0)
	if err := parse(fs, fs.Args()[1:]); err != nil {
		return "", err
	}
	return file, nil
}

// onlyCompany is the default --company: unambiguous only when there is one.
func onlyCompany(ctx context.Context, s *store.Store) (int64, error) {
	cs, err := s.ListCompanies(ctx)
	if err != nil {
		return 0, err
	}
	switch len(cs) {
	case 0:
		return 0, errors.New("no company yet: create one with 'relance company create'")
	case 1:
		return cs[0].ID, nil
	}
	return 0, fmt.Errorf("%d companies: choose one with --company (see 'relance company list')", len(cs))
}

// progress is a bar on stderr when it is a terminal; nil otherwise, so that
// logs and pipes get no control characters.
func progress(w io.Writer, kind string) *progressbar.ProgressBar {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(kind),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString(kind),
		progressbar.OptionShowIts(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

func printReport(w io.Writer, kind string, rep importer.Report, took time.Duration) {
	fmt.Fprintf(w, "%s: %d created, %d unchanged, %d rows not imported (%.1f s)\n",
		kind, rep.Created, rep.Unchanged, len(rep.Errors), took.Seconds())
	if rep.Reconciled > 0 {
		fmt.Fprintf(w, "%d open balances reconciled: a payment for the difference recorded (imported balance)\n", rep.Reconciled)
	}
	for _, c := range rep.IgnoredColumns {
		fmt.Fprintf(w, "column %q ignored: not a known column\n", c)
	}
	if rep.IgnoredMore > 0 {
		fmt.Fprintf(w, "and %d more columns ignored\n", rep.IgnoredMore)
	}
	for _, e := range rep.Errors {
		fmt.Fprintln(w, e)
	}
}
