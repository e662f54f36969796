package ui

import (
	"net/http"
	"slices"

	"github.com/relance-app/relance/internal/importer"
)

const (
	// maxImportBytes bounds an uploaded CSV file: the importer's limit,
	// the same as the command line's.
	maxImportBytes = importer.MaxFileBytes
	// maxImportBody bounds the whole POST: the file, the form's few fields
	// and the multipart framing.
	maxImportBody = maxImportBytes + 64<<10
	// maxShownErrors bounds the bad rows listed on the page; the count
	// says how many more there are.
	maxShownErrors = 1000
)

var (
	importKinds       = []string{"customers", "invoices", "payments"}
	importDateFormats = []string{importer.DateISO, importer.DateMDY, importer.DateDMY}
)

// importData is the import page: the form's choices and, after an upload,
// the report.
type importData struct {
	Kind            string // "customers", "invoices" or "" (not chosen)
	DateFormat      string
	CreateCustomers bool
	MaxBytes        int64
	MaxMB           int64
	Report          *importReport
}

// importReport is what an upload did, as shown.
type importReport struct {
	Kind     string
	FileName string
	importer.Report
	Shown  []importer.RowError // the first maxShownErrors bad rows
	Hidden int                 // bad rows not listed
}

func newImportReport(kind, fileName string, rep importer.Report) *importReport {
	out := &importReport{Kind: kind, FileName: fileName, Report: rep, Shown: rep.Errors}
	if len(rep.Errors) > maxShownErrors {
		out.Shown, out.Hidden = rep.Errors[:maxShownErrors], len(rep.Errors)-maxShownErrors
	}
	return out
}

// defaultDateFormat is how the user's spreadsheets most likely write
// dates: QuickBooks Online's French edition day first, the English one
// month first.
func defaultDateFormat(lang string) string {
	if lang == "fr" {
		return importer.DateDMY
	}
	return importer.DateMDY
}

// importForm is GET /import; ?kind=customers or ?kind=invoices chooses the
// kind (the lists' "Import CSV" buttons).
func (u *UI) importForm(w http.ResponseWriter, r *http.Request) {
	d := importData{Kind: r.URL.Query().Get("kind"), DateFormat: defaultDateFormat(current(r).user.Language)}
	if !slices.Contains(importKinds, d.Kind) {
		d.Kind = ""
	}
	u.renderImport(w, r, d, nil, 0)
}

func (u *UI) renderImport(w http.ResponseWriter, r *http.Request, d importData, errs map[string]string, status int) {
	d.MaxBytes, d.MaxMB = maxImportBytes, maxImportBytes>>20
	v := &view{Title: "import_title", Nav: d.Kind, Errors: errs, D: d}
	if len(errs) > 0 {
		v.FormError = tr(current(r).user.Language, "form_has_errors")
	}
	if status != 0 {
		w.WriteHeader(status)
	}
	u.render(w, r, "import", v)
}
