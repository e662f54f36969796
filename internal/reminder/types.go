// Package reminder holds what a reminder is (settings, steps, states, the
// stored record) and what it says (templates with placeholders, in English
// and French). When one is due is decided by package schedule.
package reminder

import (
	"time"

	"github.com/relance-app/relance/internal/invoice"
)

// Step numbers: 1..MaxSteps are a schedule's automatic steps (its repeats
// numbered on after its last step, up to MaxStepNumber), StepManual a
// hand-sent one; the invoice email, the payment receipt and the customer's
// statement travel the same queue with negative steps (never automatic,
// never counted as reminders). A statement is one message with a row per
// open invoice.
const (
	StepManual    = 0
	MaxSteps      = 10
	StepInvoice   = -1
	StepReceipt   = -2
	StepStatement = -3
)

// IsReminder reports whether a step is a reminder (automatic or manual),
// as opposed to the invoice email or a receipt.
func IsReminder(step int) bool { return step >= StepManual }

// When a step fires relative to the due date.
const (
	Before = "before"
	After  = "after"
)

// Template is one step's email in one language.
type Template struct {
	Subject     string `json:"subject"`
	UseGreeting bool   `json:"use_greeting"`
	Salutation  string `json:"salutation"`
	NameFormat  string `json:"name_format"`
	Message     string `json:"message"`
}

// Step is one automatic reminder of a schedule.
type Step struct {
	Enabled   bool                `json:"enabled"`
	Days      int                 `json:"days"`
	When      string              `json:"when"`
	Templates map[string]Template `json:"templates"` // "en", "fr"
	// Action: ActionEmail ("" reads as ActionEmail), ActionNotify or ActionBoth.
	Action string `json:"action,omitempty"`
	// LateFee, when set, is charged when this step's reminder is sent.
	LateFee *LateFee `json:"late_fee"`
}

// Step actions (collections.md §2).
const (
	ActionEmail  = "email_customer"
	ActionNotify = "notify_team"
	ActionBoth   = "both"
)

// LateFee is a step's fee: fixed (Amount, a decimal string in the invoice's
// currency) or a percentage of the balance due (Percent, "1.5"), optionally
// taxed (TaxRate, percent) and capped per invoice (Cap, decimal string).
type LateFee struct {
	Kind    string `json:"kind"` // "fixed" | "percent"
	Amount  string `json:"amount,omitempty"`
	Percent string `json:"percent,omitempty"`
	TaxRate string `json:"tax_rate,omitempty"`
	Cap     string `json:"cap,omitempty"`
}

// Repeat sends the last step's template again every EveryDays days after
// the last step, at most Max times; repeats are numbered on from the last step.
type Repeat struct {
	EveryDays int `json:"every_days"`
	Max       int `json:"max"`
}

// BusinessDays moves a trigger date that falls on a weekend (when
// SkipWeekends) or on a holiday of the region Holidays ("" = none, "CA-QC",
// …) to the next business day.
type BusinessDays struct {
	SkipWeekends bool   `json:"skip_weekends"`
	Holidays     string `json:"holidays"`
}

// Cadence is what a schedule says about when: its steps, the repeat after
// the last one and the business-day rule. The company's default schedule is
// the Cadence inside its Settings; a named Schedule carries its own.
type Cadence struct {
	Steps        []Step       `json:"steps"` // 1..MaxSteps
	Repeat       *Repeat      `json:"repeat"`
	BusinessDays BusinessDays `json:"business_days"`
}

// Conditions say which invoices a named schedule applies to; every set one
// must hold. Balances are decimal strings in the invoice's currency.
type Conditions struct {
	MinBalance   string   `json:"min_balance,omitempty"`
	MaxBalance   string   `json:"max_balance,omitempty"`
	Currencies   []string `json:"currencies"`
	CustomerTags []string `json:"customer_tags"`
}

// Schedule is a named schedule beside the company's default one. Which one
// applies to an invoice: the customer's own (schedule_id), else the first
// by priority whose conditions all hold, else the default.
type Schedule struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Priority   int        `json:"priority"`
	Conditions Conditions `json:"conditions"`
	Cadence
}

// Settings are a company's reminder settings, stored as one JSON document.
type Settings struct {
	Enabled     bool   `json:"enabled"`
	AttachPDF   bool   `json:"attach_pdf"`
	SendTime    string `json:"send_time"` // HH:MM, company time zone
	Timezone    string `json:"timezone"`
	CatchUpDays int    `json:"catch_up_days"`
	// Cadence is the default schedule: steps, repeat, business days.
	Cadence
	// Manual holds the templates a hand-sent reminder starts from, by
	// case (ManualDueSoon, ManualDueToday, ManualOverdue), then language.
	Manual ManualTemplates `json:"manual,omitempty"`
	// InvoiceEmail holds the templates of the invoice email ("Send invoice").
	InvoiceEmail map[string]Template `json:"invoice_email,omitempty"`
	// SendReceipts: a payment sends the customer a short thank-you.
	SendReceipts bool `json:"send_receipts"`
	// Digest: the company's address gets a daily digest at the send time
	// (see DigestDay).
	Digest bool `json:"digest"`
	// GroupByCustomer: the automatic reminders one scan finds due for
	// several invoices of a customer go out as one message.
	GroupByCustomer bool `json:"group_by_customer"`
	// Statements: a statement to every customer with a balance, monthly.
	Statements Statements `json:"statements"`
	// Statement holds the templates of a statement and of a grouped
	// message, per language.
	Statement map[string]Template `json:"statement,omitempty"`
}

// Statements is the monthly statement: on DayOfMonth (1–28) at the send
// time, company time zone, when Enabled.
type Statements struct {
	Enabled    bool `json:"enabled"`
	DayOfMonth int  `json:"day_of_month"`
}

// Reminder states.
const (
	StateScheduled = "scheduled"
	StateSending   = "sending"
	StateSent      = "sent"
	StateFailed    = "failed"
	StateSkipped   = "skipped"
	StateCancelled = "cancelled"
	// StateBounced: sent, then a delivery report said it failed.
	StateBounced = "bounced"
)

// Reminder is one email about one invoice, and its delivery record.
type Reminder struct {
	ID            int64        `json:"id" db:"id"`
	CompanyID     int64        `json:"-" db:"company_id"`
	InvoiceID     int64        `json:"invoice_id" db:"invoice_id"`
	Step          int          `json:"step" db:"step"` // 0 = manual
	DueDate       invoice.Date `json:"due_date" db:"due_date"`
	TriggerDate   invoice.Date `json:"trigger_date" db:"trigger_date"`
	State         string       `json:"state" db:"state"`
	Reason        string       `json:"reason,omitempty" db:"reason"` // why skipped/cancelled
	Attempts      int          `json:"attempts" db:"attempts"`
	Failures      int          `json:"-" db:"failures"` // failed deliveries (drives the retry backoff)
	NextAttemptAt time.Time    `json:"next_attempt_at" db:"next_attempt_at"`
	LeaseUntil    *time.Time   `json:"-" db:"lease_until"`
	LastError     string       `json:"last_error,omitempty" db:"last_error"`
	To            string       `json:"to" db:"recipients"`
	Cc            string       `json:"cc" db:"cc"`
	Bcc           string       `json:"bcc" db:"bcc"`
	Language      string       `json:"language" db:"language"`
	// CustomSubject/CustomMessage hold a manual reminder's edited text.
	CustomSubject string `json:"-" db:"custom_subject"`
	CustomMessage string `json:"-" db:"custom_message"`
	Subject       string `json:"subject" db:"subject"`
	BodyText      string `json:"body_text,omitempty" db:"body_text"`
	MessageID     string `json:"message_id" db:"message_id"`
	// GroupKey is shared by the rows of one grouped message or statement
	// ("g:…", with one MessageID); "c:…" marks a row waiting to be grouped.
	GroupKey  string     `json:"group_key,omitempty" db:"group_key"`
	SentAt    *time.Time `json:"sent_at" db:"sent_at"`
	CreatedAt time.Time  `json:"created_at" db:"created_at"`
	UpdatedAt time.Time  `json:"updated_at" db:"updated_at"`
}
