package importer

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// normalize reduces a header cell to lower-case letters and digits without
// accents, so that "Nom d'affichage", "NOM D’AFFICHAGE" and "nom_daffichage"
// are one name. NFKD also turns "Nº" into "no".
func normalize(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// columns maps the fields an import reads to their index in a row.
type columns struct {
	index map[string]int
	// name is the header cell as the file writes it, for messages.
	name map[string]string
}

// mapHeader matches header cells to fields through aliases (keys already
// normalized). The first cell that names a field wins; cells that name no
// field, or a field already taken, are returned as ignored. The columns
// index the compact rows readTable keeps: keep lists, in order, the header
// positions of the cells kept.
func mapHeader(header []string, aliases map[string]string) (columns, []string, []int) {
	c := columns{index: map[string]int{}, name: map[string]string{}}
	var (
		ignored []string
		keep    []int
	)
	for i, h := range header {
		f, ok := aliases[normalize(h)]
		if _, taken := c.index[f]; !ok || taken {
			if strings.TrimSpace(h) != "" {
				ignored = append(ignored, h)
			}
			continue
		}
		if f == ignore {
			continue
		}
		c.index[f] = len(keep)
		keep = append(keep, i)
		c.name[f] = strings.TrimSpace(h)
	}
	return c, ignored, keep
}

func (c columns) has(field string) bool { _, ok := c.index[field]; return ok }

// get is the cell of field in a row, "" when the column is absent or the
// row is short.
func (c columns) get(r row, field string) string {
	i, ok := c.index[field]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return r.fields[i]
}

// label is how messages name a field: the file's own header cell, so that
// the user finds the column; our name when the file has no such column.
func (c columns) label(field string) string {
	if n, ok := c.name[field]; ok && n != "" {
		return n
	}
	return field
}

// ignore marks columns that are accepted but not read (phone numbers).
const ignore = "-"

// aliasTable builds a normalized alias map from field → names.
func aliasTable(m map[string][]string) map[string]string {
	out := map[string]string{}
	for field, names := range m {
		for _, n := range append(names, field) {
			out[normalize(n)] = field
		}
	}
	return out
}

// Fields read by the customer import (our API names).
const (
	fDisplayName = "display_name"
	fCompanyName = "company_name"
	fEmail       = "email"
	fCc          = "cc"
	fBcc         = "bcc"
	fFirstName   = "first_name"
	fLastName    = "last_name"
	fTitle       = "title"
	fLanguage    = "language"
	fPaused      = "reminders_paused"
	// fExternalID is the object's id in the system the file comes from.
	fExternalID = "external_id"
)

// externalIDNames are the headers of an external_id column, in the
// customer and the invoice imports.
var externalIDNames = []string{"External ID", "ExternalID", "External id", "ID externe", "Identifiant externe"}

var customerAliases = aliasTable(map[string][]string{
	fDisplayName: {"Customer", "Name", "Display name", "Customer name", "Client", "Nom d'affichage", "Nom du client"},
	fCompanyName: {"Company", "Company name", "Entreprise", "Société", "Nom de l'entreprise"},
	fEmail:       {"E-mail", "Email address", "Courriel", "Adresse courriel", "Adresse e-mail", "Adresse électronique"},
	fCc:          {"Cc email", "Copie conforme"},
	fBcc:         {"Bcc email", "Copie conforme invisible", "Cci"},
	fFirstName:   {"First name", "Given name", "Prénom"},
	fLastName:    {"Last name", "Family name", "Surname", "Nom", "Nom de famille"},
	fTitle:       {"Title", "Titre", "Civilité"},
	fLanguage:    {"Language", "Langue", "Preferred language", "Langue préférée"},
	fPaused:      {"Reminders paused", "Rappels suspendus", "Pause reminders"},
	fExternalID:  externalIDNames,
	ignore:       {"Phone", "Phone numbers", "Mobile", "Fax", "Téléphone", "Cellulaire", "Numéro de téléphone"},
})

// Fields read by the invoice import: ours, plus the QuickBooks Online
// invoice import columns (English and French editions).
const (
	fNumber      = "number"
	fCustomer    = "customer"
	fIssueDate   = "issue_date"
	fDueDate     = "due_date"
	fCurrency    = "currency"
	fTerms       = "terms"
	fMemo        = "memo"
	fItem        = "item"
	fDescription = "description"
	fQuantity    = "quantity"
	fUnitPrice   = "unit_price"
	fAmount      = "amount"
	fTaxable     = "taxable"
	fTaxRate     = "tax_rate"
	// fOpenBalance is what the accounting system says is still owed: an
	// import reconciles Relance's balance with it.
	fOpenBalance = "open_balance"
)

var invoiceAliases = aliasTable(map[string][]string{
	fNumber: {"InvoiceNo", "Invoice No.", "Invoice number", "Invoice #", "Invoice", "No de facture", "N° de facture",
		"Numéro de facture", "Numéro", "Facture", "N° facture"},
	fCustomer:    {"Customer", "Customer name", "Client", "Nom du client", "Display name", "Nom d'affichage"},
	fEmail:       {"E-mail", "Courriel", "Customer email", "Courriel du client", "Billing email"},
	fIssueDate:   {"InvoiceDate", "Invoice date", "Date", "Date de facturation", "Date de facture", "Date d'émission"},
	fDueDate:     {"DueDate", "Due date", "Date d'échéance", "Échéance"},
	fCurrency:    {"Currency", "Currency code", "Devise", "Monnaie"},
	fTerms:       {"Terms", "Modalités", "Conditions", "Conditions de paiement"},
	fMemo:        {"Memo", "Mémo", "Message", "Message on invoice", "Notes"},
	fItem:        {"Item(Product/Service)", "Item", "Product/Service", "Article (Produit/Service)", "Produit/Service", "Article"},
	fDescription: {"ItemDescription", "Item description", "Description de l'article", "Description"},
	fQuantity:    {"ItemQuantity", "Item quantity", "Quantity", "Qty", "Quantité de l'article", "Quantité", "Qté"},
	fUnitPrice:   {"ItemRate", "Item rate", "Rate", "Unit price", "Price", "Taux de l'article", "Prix unitaire", "Prix", "Tarif"},
	fAmount:      {"ItemAmount", "Item amount", "Amount", "Line amount", "Montant de l'article", "Montant"},
	fTaxable:     {"Taxable", "Imposable", "Taxable (Y/N)"},
	fTaxRate:     {"TaxRate", "Tax rate", "Tax rate (%)", "Taux de taxe", "Taux d'imposition", "Taxe (%)"},
	fOpenBalance: {"Open Balance", "OpenBalance", "Balance", "Balance due", "Solde", "Solde dû", "Solde à payer"},
	fExternalID:  externalIDNames,
})

// Fields read by the payments import: ours, the French names and the
// QuickBooks "Receive Payment" columns (Payment Date, Ref No, Payment
// Method, Invoice No, Amount, Memo; Customer and Deposit To Account are
// read by QuickBooks only).
const (
	fPayDate   = "date"
	fMethod    = "method"
	fReference = "reference"
)

var paymentAliases = aliasTable(map[string][]string{
	fNumber: {"InvoiceNo", "Invoice No", "Invoice No.", "Invoice", "Invoice Number", "Invoice #", "Applied To Invoice No",
		"Facture", "No de facture", "N° de facture", "Numéro de facture"},
	fPayDate:   {"Payment Date", "PaymentDate", "Txn Date", "Transaction Date", "Date du paiement", "Date de paiement"},
	fAmount:    {"Payment Amount", "Amount Received", "Amount Applied", "Montant", "Montant reçu", "Montant du paiement"},
	fMethod:    {"Payment Method", "PaymentMethod", "Mode", "Mode de paiement", "Méthode de paiement"},
	fReference: {"Ref", "Ref No", "Ref No.", "Reference No", "Reference Number", "RefNumber", "Référence", "No de référence"},
	fMemo:      {"Note", "Notes", "Mémo"},
	ignore:     {"Customer", "Client", "Deposit To Account", "Deposit To", "Déposer dans", "Currency", "Devise"},
})
