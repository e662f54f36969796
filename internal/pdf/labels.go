package pdf

// labels holds the few words the PDF prints, per language. English is the
// fallback for any language the package does not know.
type labels struct {
	Invoice, BillTo, Number, IssueDate, DueDate               string
	Description, Quantity, UnitPrice, TaxRate, Amount         string
	Subtotal, Tax, Total, Payment, Paid, BalanceDue, Overdue  string
	PaidMark, TaxNumbers                                      string
	Statement, AsOf, DaysOverdue, Aging, TotalDue, NothingDue string
	Buckets                                                   [5]string
}

var labelsByLang = map[string]labels{
	"en": {
		Invoice: "INVOICE", BillTo: "Bill to", Number: "Invoice no.",
		IssueDate: "Issue date", DueDate: "Due date",
		Description: "Description", Quantity: "Qty", UnitPrice: "Unit price",
		TaxRate: "Taxes", Amount: "Amount",
		Subtotal: "Subtotal", Tax: "Tax", Total: "Total", Payment: "Payment",
		Paid: "Paid", BalanceDue: "Balance due", Overdue: "OVERDUE", PaidMark: "PAID",
		TaxNumbers: "Tax registration numbers:",
		Statement:  "STATEMENT", AsOf: "Statement date", DaysOverdue: "Days overdue",
		Aging: "Aging", TotalDue: "Total due", NothingDue: "Nothing is due. Thank you!",
		Buckets: [5]string{"Current", "1–30 days", "31–60 days", "61–90 days", "Over 90 days"},
	},
	"fr": {
		Invoice: "FACTURE", BillTo: "Facturé à", Number: "Facture nº",
		IssueDate: "Date de facturation", DueDate: "Date d'échéance",
		Description: "Description", Quantity: "Qté", UnitPrice: "Prix unitaire",
		TaxRate: "Taxes", Amount: "Montant",
		Subtotal: "Sous-total", Tax: "Taxes", Total: "Total", Payment: "Paiement",
		Paid: "Payé", BalanceDue: "Solde dû", Overdue: "EN RETARD", PaidMark: "PAYÉE",
		TaxNumbers: "Numéros d'inscription aux taxes :",
		Statement:  "RELEVÉ DE COMPTE", AsOf: "Date du relevé", DaysOverdue: "Jours de retard",
		Aging: "Ancienneté", TotalDue: "Total dû", NothingDue: "Aucun montant dû. Merci !",
		Buckets: [5]string{"Courant", "1 à 30 jours", "31 à 60 jours", "61 à 90 jours", "Plus de 90 jours"},
	},
}

func labelsFor(lang string) labels {
	if l, ok := labelsByLang[lang]; ok {
		return l
	}
	return labelsByLang["en"]
}
