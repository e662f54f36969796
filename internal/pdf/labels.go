package pdf

// labels holds the few words the PDF prints, per language. English is the
// fallback for any language the package does not know.
type labels struct {
	Invoice, BillTo, Number, IssueDate, DueDate              string
	Description, Quantity, UnitPrice, TaxRate, Amount        string
	Subtotal, Tax, Total, Payment, Paid, BalanceDue, Overdue string
	PaidMark                                                 string
}

var labelsByLang = map[string]labels{
	"en": {
		Invoice: "INVOICE", BillTo: "Bill to", Number: "Invoice no.",
		IssueDate: "Issue date", DueDate: "Due date",
		Description: "Description", Quantity: "Qty", UnitPrice: "Unit price",
		TaxRate: "Tax", Amount: "Amount",
		Subtotal: "Subtotal", Tax: "Tax", Total: "Total", Payment: "Payment",
		Paid: "Paid", BalanceDue: "Balance due", Overdue: "OVERDUE", PaidMark: "PAID",
	},
	"fr": {
		Invoice: "FACTURE", BillTo: "Facturé à", Number: "Facture nº",
		IssueDate: "Date de facturation", DueDate: "Date d'échéance",
		Description: "Description", Quantity: "Qté", UnitPrice: "Prix unitaire",
		TaxRate: "Taxe", Amount: "Montant",
		Subtotal: "Sous-total", Tax: "Taxes", Total: "Total", Payment: "Paiement",
		Paid: "Payé", BalanceDue: "Solde dû", Overdue: "EN RETARD", PaidMark: "PAYÉE",
	},
}

func labelsFor(lang string) labels {
	if l, ok := labelsByLang[lang]; ok {
		return l
	}
	return labelsByLang["en"]
}
