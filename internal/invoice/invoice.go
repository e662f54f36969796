// Package invoice is the domain: companies, customers, invoices, payments,
// their validation, totals and status. It does no I/O.
package invoice

import (
	"sync"
	"time"
)

// Company is a business that sends invoices. Every other row belongs to one.
type Company struct {
	ID         int64     `json:"id" db:"id"`
	Name       string    `json:"name" db:"name"`
	Email      string    `json:"email" db:"email"`
	Address    string    `json:"address" db:"address"`
	Timezone   string    `json:"timezone" db:"timezone"`
	Language   string    `json:"language" db:"language"`
	Currency   string    `json:"currency" db:"currency"`
	BrandColor string    `json:"brand_color" db:"brand_color"`
	Logo       []byte    `json:"-" db:"logo"`
	LogoType   string    `json:"-" db:"logo_type"`
	CreatedAt  time.Time `json:"created_at" db:"created_at"`

	// The customer's side (docs/customer-portal.md): free-text payment
	// instructions per language, the "Pay now" URL template and up to two
	// tax registration numbers printed on the invoice page.
	PaymentInstructionsEN string `json:"-" db:"payment_instructions_en"`
	PaymentInstructionsFR string `json:"-" db:"payment_instructions_fr"`
	PayURLTemplate        string `json:"-" db:"pay_url_template"`
	TaxNumber1            string `json:"-" db:"tax_number_1"`
	TaxNumber2            string `json:"-" db:"tax_number_2"`
	// The taxes the company charges (tax.go): names and usual rates,
	// matched with TaxNumber1 and TaxNumber2.
	TaxName1 string `json:"-" db:"tax_name_1"`
	TaxRate1 int64  `json:"-" db:"tax_rate_1"`
	TaxName2 string `json:"-" db:"tax_name_2"`
	TaxRate2 int64  `json:"-" db:"tax_rate_2"`
}

// PaymentInstructions is the company's text for lang ("en", "fr"), else
// the other language's.
func (c *Company) PaymentInstructions(lang string) string {
	if lang == "fr" && c.PaymentInstructionsFR != "" || c.PaymentInstructionsEN == "" {
		return c.PaymentInstructionsFR
	}
	return c.PaymentInstructionsEN
}

// Location is the company's time zone, UTC when unset or unknown.
func (c *Company) Location() *time.Location {
	if c.Timezone == "" {
		return time.UTC
	}
	if loc, ok := zones.Load(c.Timezone); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return time.UTC
	}
	zones.Store(c.Timezone, loc)
	return loc
}

// zones keeps the time zones loaded: LoadLocation reads the zone's file
// each time (a tenth of composing a reminder).
var zones sync.Map

// Customer is someone a company invoices. Email, Cc and Bcc hold one or more
// addresses separated by commas, as the user typed them (validated).
type Customer struct {
	ID              int64  `json:"id" db:"id"`
	CompanyID       int64  `json:"-" db:"company_id"`
	DisplayName     string `json:"display_name" db:"display_name"`
	CompanyName     string `json:"company_name" db:"company_name"`
	Title           string `json:"title" db:"title"`
	FirstName       string `json:"first_name" db:"first_name"`
	LastName        string `json:"last_name" db:"last_name"`
	Email           string `json:"email" db:"email"`
	Cc              string `json:"cc" db:"cc"`
	Bcc             string `json:"bcc" db:"bcc"`
	Address         string `json:"address" db:"address"` // postal, several lines
	Language        string `json:"language" db:"language"`
	RemindersPaused bool   `json:"reminders_paused" db:"reminders_paused"`
	// ExternalID is the customer's id in the system a sync job copies
	// from; unique per company when not empty.
	ExternalID string `json:"external_id" db:"external_id"`
	// EmailStatus is "ok" or "bouncing" (a delivery report said mail to
	// Email failed; editing Email sets it back to "ok").
	EmailStatus  string `json:"email_status" db:"email_status"`
	BounceReason string `json:"bounce_reason,omitempty" db:"bounce_reason"`
	// Tags (lower case, see NormalizeTags) select named schedules by their
	// customer_tags condition.
	Tags []string `json:"tags" db:"-"`
	// ScheduleID is the customer's own named schedule; nil: the first named
	// schedule whose conditions hold, else the company's default.
	ScheduleID *int64    `json:"schedule_id" db:"schedule_id"`
	CreatedAt  time.Time `json:"created_at" db:"created_at"`
	UpdatedAt  time.Time `json:"updated_at" db:"updated_at"`
}

// Line is one invoice line. Quantity is scaled by QtyScale, TaxRate and
// TaxRate2 (percentages) by RateScale, UnitPrice, Amount, Tax and Tax2 are
// minor units. A line has up to two named taxes (tax.go): TaxName,
// TaxRate, Tax and TaxName2, TaxRate2, Tax2; an unnamed TaxRate alone is
// the single rate of older invoices.
type Line struct {
	ID          int64  `db:"id"`
	InvoiceID   int64  `db:"invoice_id"`
	Position    int    `db:"position"`
	Description string `db:"description"`
	Quantity    int64  `db:"quantity"`
	UnitPrice   int64  `db:"unit_price"`
	TaxRate     int64  `db:"tax_rate"`
	Amount      int64  `db:"amount"`
	Tax         int64  `db:"tax"`
	TaxName     string `db:"tax_name"`
	TaxName2    string `db:"tax_name_2"`
	TaxRate2    int64  `db:"tax_rate_2"`
	Tax2        int64  `db:"tax_2"`
	// ReminderID marks a late fee: the reminder whose sending charged it.
	ReminderID *int64 `db:"reminder_id"`
}

// QtyScale and RateScale fix the precision of quantities (4 decimals) and
// tax percentages (4 decimals: "14.975" → 149750).
const (
	QtyScale     = 4
	RateScale    = 4
	qtyFactor    = 10000
	rateFactor   = 10000
	percentScale = 100 * rateFactor
)

// Payment is money received against an invoice, in minor units.
type Payment struct {
	ID        int64  `db:"id"`
	InvoiceID int64  `db:"invoice_id"`
	Amount    int64  `db:"amount"`
	Date      Date   `db:"date"`
	Method    string `db:"method"`    // "Cheque", "Virement", "Visa"… as the user writes it
	Reference string `db:"reference"` // cheque or transfer number
	Memo      string `db:"memo"`
	// Kind is where the payment comes from: "" typed in, PaymentImport
	// from a payments file, PaymentImportedBalance from an invoice
	// import's open-balance column.
	Kind      string    `db:"kind"`
	CreatedBy string    `db:"created_by"` // who recorded it: a user's email or a token's name
	CreatedAt time.Time `db:"created_at"`
}

// Payment kinds.
const (
	PaymentImport          = "import"
	PaymentImportedBalance = "imported_balance"
)

// PaymentEvent is one entry of an invoice's payment history: a payment
// added, edited or deleted, with its amount and date after the change
// (before it, for a deletion) and who did it.
type PaymentEvent struct {
	ID        int64     `db:"id"`
	InvoiceID int64     `db:"invoice_id"`
	PaymentID int64     `db:"payment_id"`
	Action    string    `db:"action"` // "added", "edited", "deleted"
	Amount    int64     `db:"amount"`
	Date      Date      `db:"date"`
	Actor     string    `db:"actor"`
	At        time.Time `db:"at"`
}

// Invoice is a bill sent to a customer. Subtotal, TaxTotal, Total, Paid and
// Balance are derived (Compute) and stored so that queries can use them.
type Invoice struct {
	ID         int64  `db:"id"`
	CompanyID  int64  `db:"company_id"`
	CustomerID int64  `db:"customer_id"`
	Number     string `db:"number"`
	// ExternalID is the invoice's id in the system a sync job copies
	// from; unique per company when not empty.
	ExternalID      string     `db:"external_id"`
	Email           string     `db:"email"`
	Cc              string     `db:"cc"`
	Bcc             string     `db:"bcc"`
	IssueDate       Date       `db:"issue_date"`
	DueDate         Date       `db:"due_date"`
	Currency        string     `db:"currency"`
	Memo            string     `db:"memo"`
	Draft           bool       `db:"draft"`
	Voided          bool       `db:"voided"`
	RemindersPaused bool       `db:"reminders_paused"`
	Subtotal        int64      `db:"subtotal"`
	TaxTotal        int64      `db:"tax_total"`
	Total           int64      `db:"total"`
	Paid            int64      `db:"paid"`
	Balance         int64      `db:"balance"`
	LastReminderAt  *time.Time `db:"last_reminder_at"`
	// NextReminderAt is the instant the scan should next look at this
	// invoice (nil: nothing planned). Kept by the reminder planner.
	NextReminderAt   *time.Time `db:"next_reminder_at"`
	NextReminderStep *int       `db:"next_reminder_step"`
	CreatedAt        time.Time  `db:"created_at"`
	UpdatedAt        time.Time  `db:"updated_at"`

	// The customer's side: when the invoice email last went out, views of
	// its page by the customer, a promise to pay and an open dispute
	// (both stop automatic reminders; see the planner).
	SentAt         *time.Time `db:"sent_at"`
	ViewedAt       *time.Time `db:"viewed_at"`
	LastViewedAt   *time.Time `db:"last_viewed_at"`
	ViewCount      int        `db:"view_count"`
	PromisedDate   Date       `db:"promised_date"` // zero: none
	Disputed       bool       `db:"disputed"`
	DisputeMessage string     `db:"dispute_message"`

	Lines    []Line    `db:"-"`
	Payments []Payment `db:"-"`
}

// Compute derives line amounts, taxes and the invoice totals from lines and
// payments. Each tax is computed per line and rounded half away from zero
// to the minor unit; this is the one place that rounds taxes (tax.go).
func (inv *Invoice) Compute() {
	inv.Subtotal, inv.TaxTotal, inv.Paid = 0, 0, 0
	for i := range inv.Lines {
		l := &inv.Lines[i]
		l.Position = i + 1
		l.Amount = mulDivRound(l.Quantity, l.UnitPrice, qtyFactor)
		l.Tax = mulDivRound(l.Amount, l.TaxRate, percentScale)
		l.Tax2 = mulDivRound(l.Amount, l.TaxRate2, percentScale)
		inv.Subtotal += l.Amount
		inv.TaxTotal += l.Tax + l.Tax2
	}
	inv.Total = inv.Subtotal + inv.TaxTotal
	for _, p := range inv.Payments {
		inv.Paid += p.Amount
	}
	inv.Balance = inv.Total - inv.Paid
}

// Customer email statuses.
const (
	EmailOK       = "ok"
	EmailBouncing = "bouncing"
)
