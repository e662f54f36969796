package ui

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/importer"
)

type importFunc func(context.Context, *books.Books, int64, io.Reader, importer.Options) (importer.Report, error)

var importers = map[string]importFunc{
	"customers": importer.ImportCustomers,
	"invoices":  importer.ImportInvoices,
	"payments":  importer.ImportPayments,
}

// importUpload is POST /import: it runs the importer on the uploaded file
// for the session's company and shows the report, or the form again with
// what is wrong, the choices kept.
func (u *UI) importUpload(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	lang := s.user.Language
	d := importData{Kind: r.FormValue("kind"), DateFormat: r.FormValue("date_format"),
		CreateCustomers: r.FormValue("create_customers") != ""}
	errs := map[string]string{}
	run, ok := importers[d.Kind]
	if !ok {
		errs["kind"] = tr(lang, "err_import_kind")
		d.Kind = ""
	}
	if !slices.Contains(importDateFormats, d.DateFormat) {
		errs["date_format"] = tr(lang, "err_import_date_format")
		d.DateFormat = defaultDateFormat(lang)
	}
	data, name, problem := readUpload(r)
	if problem != "" {
		errs["file"] = tr(lang, problem, "MB", maxImportBytes>>20)
	}
	if len(errs) > 0 {
		u.renderImport(w, r, d, errs, http.StatusUnprocessableEntity)
		return
	}
	opt := importer.Options{DateFormat: d.DateFormat, CreateCustomers: d.CreateCustomers && d.Kind == "invoices", Actor: s.user.Email}
	rep, err := run(r.Context(), u.Books, s.company.ID, bytes.NewReader(data), opt)
	switch {
	case err == nil:
	case r.Context().Err() != nil:
		// The browser went away; what was stored stays (an import
		// again adds only the rest).
		u.Log.Info("ui: import interrupted", "company", s.company.ID, "kind", d.Kind, "created", rep.Created, "err", err)
		return
	case fileProblem(err):
		errs["file"] = fileReason(lang, err)
		u.renderImport(w, r, d, errs, http.StatusUnprocessableEntity)
		return
	default:
		u.Log.Error("ui: import", "company", s.company.ID, "kind", d.Kind, "created", rep.Created, "err", err)
		u.fail(w, r, err)
		return
	}
	u.Log.Info("ui: import", "company", s.company.ID, "kind", d.Kind, "created", rep.Created,
		"unchanged", rep.Unchanged, "bad_rows", len(rep.Errors))
	d.Report = newImportReport(d.Kind, name, rep)
	u.renderImport(w, r, d, nil, 0)
}

// importTooLarge answers an upload whose body is over maxImportBody: the
// form again, saying so. Nothing of the body could be read (not even the
// CSRF token), so nothing is done.
func (u *UI) importTooLarge(w http.ResponseWriter, r *http.Request) {
	lang := current(r).user.Language
	d := importData{DateFormat: defaultDateFormat(lang)}
	u.renderImport(w, r, d, map[string]string{"file": tr(lang, "err_import_too_large", "MB", maxImportBytes>>20)},
		http.StatusRequestEntityTooLarge)
}

// readUpload returns the uploaded file's content and name, or the id of
// the message saying why there is none.
func readUpload(r *http.Request) (data []byte, name, problem string) {
	f, h, err := r.FormFile("file")
	switch {
	case errors.Is(err, http.ErrMissingFile), errors.Is(err, http.ErrNotMultipart):
		return nil, "", "err_import_no_file"
	case err != nil:
		return nil, "", "err_import_unreadable"
	}
	defer f.Close()
	if h.Size > maxImportBytes {
		return nil, "", "err_import_too_large"
	}
	b, err := io.ReadAll(io.LimitReader(f, maxImportBytes+1))
	switch {
	case err != nil:
		return nil, "", "err_import_unreadable"
	case len(b) > maxImportBytes:
		return nil, "", "err_import_too_large"
	}
	return b, h.Filename, ""
}

// fileProblem tells a file the importer could not read at all (its errors
// wrap nothing, or a CSV syntax error) from a database failure (which it
// wraps).
func fileProblem(err error) bool {
	var pe *csv.ParseError
	return errors.Unwrap(err) == nil || errors.As(err, &pe)
}

// importFileMessages are the importer's reasons for refusing a whole file
// that have a message of their own; any other is shown as it is written.
var importFileMessages = []struct {
	re *regexp.Regexp
	id string
}{
	{regexp.MustCompile(`^the file is empty`), "err_import_empty"},
	{regexp.MustCompile(`^no customer name column`), "err_import_customer_columns"},
	{regexp.MustCompile(`^the header needs an invoice number column`), "err_import_invoice_columns"},
}

func fileReason(lang string, err error) string {
	msg := strings.TrimPrefix(err.Error(), "importer: ")
	for _, m := range importFileMessages {
		if m.re.MatchString(msg) {
			return tr(lang, m.id)
		}
	}
	return tr(lang, "err_import_file", "Reason", msg)
}
