// Package reminder holds what a reminder is (settings, steps, states, the
// stored record) and what it says (templates with placeholders, in English
// and French). When one is due is decided by package schedule.
package reminder

import (
	"time"

	"github.com/relance-app/relance/internal/invoice"
)

// Step numbers: 1..3 are the automatic steps, StepManual a hand-sent one;
// the invoice email and the payment receipt travel the same queue with
// negative steps (never automatic, never counted as reminders).
const (
	StepManual  = 0
	MaxSteps    = 3
	StepInvoice = -1
	StepReceipt = -2
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

// Step is one of the three automatic reminders.
type Step struct {
	Enabled   bool                `json:"enabled"`
	Days      int                 `json:"days"`
	When      string              `json:"when"`
	Templates map[string]Template `json:"templates"` // "en", "fr"
}

// Settings are a company's reminder settings, stored as one JSON document.
type Settings struct {
	Enabled     bool   `json:"enabled"`
	AttachPDF   bool   `json:"attach_pdf"`
	SendTime    string `json:"send_time"` // HH:MM, company time zone
	Timezone    string `json:"timezone"`
	CatchUpDays int    `json:"catch_up_days"`
	Steps       []Step `json:"steps"` // exactly MaxSteps
	// Manual holds the templates a hand-sent reminder starts from, by
	// case (ManualDueSoon, ManualDueToday, ManualOverdue), then language.
	Manual ManualTemplates `json:"manual,omitempty"`
	// InvoiceEmail holds the templates of the invoice email ("Send invoice").
	InvoiceEmail map[string]Template `json:"invoice_email,omitempty"`
	// SendReceipts: a payment sends the customer a short thank-you.
	SendReceipts bool `json:"send_receipts"`
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
	CustomSubject string     `json:"-" db:"custom_subject"`
	CustomMessage string     `json:"-" db:"custom_message"`
	Subject       string     `json:"subject" db:"subject"`
	BodyText      string     `json:"body_text,omitempty" db:"body_text"`
	MessageID     string     `json:"message_id" db:"message_id"`
	SentAt        *time.Time `json:"sent_at" db:"sent_at"`
	CreatedAt     time.Time  `json:"created_at" db:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at" db:"updated_at"`
}
