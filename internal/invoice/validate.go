package invoice

import (
	"math/big"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/relance-app/relance/internal/color"
	"github.com/relance-app/relance/internal/money"
)

// Limits on what one request may store.
const (
	// MaxRecipients bounds the addresses of one message: to, cc and bcc
	// together (an invoice's, a customer's, a reminder's).
	MaxRecipients = 10

	MaxLines      = 1000
	maxTextLen    = 500
	maxNumberLen  = 64
	maxAddressLen = 2000
)

// ParseAddressList validates a comma-separated list of email addresses and
// returns the bare addresses. Empty input yields an empty list.
func ParseAddressList(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if strings.ContainsAny(s, "\r\n") {
		return nil, &Error{Code: EInvalid, Message: "line breaks are not allowed in addresses"}
	}
	list, err := mail.ParseAddressList(s)
	if err != nil {
		return nil, &Error{Code: EInvalid, Message: "not a valid email address list: " + err.Error()}
	}
	out := make([]string, len(list))
	for i, a := range list {
		if !strings.Contains(a.Address[strings.LastIndex(a.Address, "@")+1:], ".") {
			return nil, &Error{Code: EInvalid, Message: "email domain needs a dot: " + a.Address}
		}
		out[i] = a.Address
	}
	return out, nil
}

func checkAddresses(f FieldErrors, field, v string) {
	if len(v) > maxAddressLen {
		f.Add(field, "is too long")
		return
	}
	if _, err := ParseAddressList(v); err != nil {
		f.Add(field, "%s", err.Error())
	}
}

// checkRecipients bounds the addresses of to, cc and bcc together; the
// reason goes on the field where the count goes over.
func checkRecipients(f FieldErrors, fields [3]string, lists [3]string) {
	n := 0
	for i, v := range lists {
		a, err := ParseAddressList(v)
		if err != nil {
			return // reported by checkAddresses
		}
		if n += len(a); n > MaxRecipients {
			f.Add(fields[i], "too many recipients: at most %d in to, cc and bcc together", MaxRecipients)
			return
		}
	}
}

// CountRecipients is how many addresses to, cc and bcc hold together
// (unparsable lists count as none: they are refused elsewhere).
func CountRecipients(to, cc, bcc string) int {
	n := 0
	for _, v := range []string{to, cc, bcc} {
		a, _ := ParseAddressList(v)
		n += len(a)
	}
	return n
}

func checkText(f FieldErrors, field, v string, max int, oneLine bool) {
	switch {
	case !utf8.ValidString(v):
		f.Add(field, "is not valid UTF-8")
	case utf8.RuneCountInString(v) > max:
		f.Add(field, "is longer than %d characters", max)
	case oneLine && strings.ContainsAny(v, "\r\n"):
		f.Add(field, "must be on one line")
	case hasControlBut(v, "\r\n\t"):
		f.Add(field, "must not contain control characters")
	}
}

// HasControl reports whether s holds a control character (C0, DEL, C1:
// NUL and the like break every message that carries the text).
func HasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

// hasControlBut is HasControl with the control characters of allowed let
// through (line breaks and tabs of a multi-line text), without a copy:
// imports check every cell of 100 000-line files.
func hasControlBut(s, allowed string) bool {
	for _, r := range s {
		if unicode.IsControl(r) && !strings.ContainsRune(allowed, r) {
			return true
		}
	}
	return false
}

// hasInvisible reports whether s holds a character that draws nothing
// (format characters: zero-width spaces and joiners, BOM, bidi marks), so
// that two numbers that look identical are one.
func hasInvisible(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cf, r) {
			return true
		}
	}
	return false
}

// NormalizeNumber is the stored form of an invoice number: trimmed, in
// Unicode NFC (so "é" typed as e + accent and as one letter are one number).
func NormalizeNumber(s string) string { return norm.NFC.String(strings.TrimSpace(s)) }

// maxEmailLen is the longest address SMTP carries (RFC 5321 path limit).
const maxEmailLen = 254

// ValidEmail checks a user's sign-in address: one bare address (no display
// name, no list), with a dotted domain, no longer than 254 bytes.
func ValidEmail(s string) error {
	bad := &Error{Code: EInvalid, Message: "not an email address", Fields: map[string]string{"email": "must be one email address like name@example.com"}}
	if s == "" || len(s) > maxEmailLen || strings.TrimSpace(s) != s || HasControl(s) {
		return bad
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return bad
	}
	if l, err := ParseAddressList(s); err != nil || len(l) != 1 {
		return bad
	}
	return nil
}

// Dates outside these years are typing mistakes (0000, 9999): refused.
const (
	MinYear = 1900
	MaxYear = 2200
)

func checkDate(f FieldErrors, field string, d Date) {
	if !d.IsZero() && (d.Year < MinYear || d.Year > MaxYear) {
		f.Add(field, "must be between years %d and %d", MinYear, MaxYear)
	}
}

// ValidLanguage reports whether l is a supported language.
func ValidLanguage(l string) bool { return l == "en" || l == "fr" }

// Validate checks a company before it is stored.
func (c *Company) Validate() error {
	f := FieldErrors{}
	if strings.TrimSpace(c.Name) == "" {
		f.Add("name", "is required")
	}
	checkText(f, "name", c.Name, 200, true)
	checkText(f, "address", c.Address, maxTextLen, false)
	if c.Email != "" {
		if a, err := ParseAddressList(c.Email); err != nil || len(a) != 1 {
			f.Add("email", "must be one valid email address")
		}
	}
	if _, err := time.LoadLocation(c.Timezone); err != nil || c.Timezone == "" || c.Timezone == "Local" {
		f.Add("timezone", "unknown time zone %q", c.Timezone)
	}
	if !ValidLanguage(c.Language) {
		f.Add("language", "must be en or fr")
	}
	if !money.ValidCurrency(c.Currency) {
		f.Add("currency", "unknown currency %q", c.Currency)
	}
	if c.BrandColor != "" && !color.Valid(c.BrandColor) {
		f.Add("brand_color", "must be a colour like #1a6b5c")
	}
	checkText(f, "payment_instructions.en", c.PaymentInstructionsEN, MaxPaymentInstructions, false)
	checkText(f, "payment_instructions.fr", c.PaymentInstructionsFR, MaxPaymentInstructions, false)
	if msg := checkPayURLTemplate(c.PayURLTemplate); msg != "" {
		f.Add("pay_url_template", "%s", msg)
	}
	checkText(f, "tax_numbers", c.TaxNumber1, 100, true)
	checkText(f, "tax_numbers", c.TaxNumber2, 100, true)
	checkCompanyTaxes(f, c)
	return f.Err()
}

// MaxExternalIDLen bounds an external_id (the id of the object in the
// system a sync job copies from).
const MaxExternalIDLen = 200

// checkExternalID checks an external_id and returns it without the spaces
// around it (a copied cell's), the one form stored and looked up.
func checkExternalID(f FieldErrors, v string) string {
	v = NormalizeExternalID(v)
	checkText(f, "external_id", v, MaxExternalIDLen, true)
	if hasInvisible(v) {
		f.Add("external_id", "must not contain invisible characters")
	}
	return v
}

// NormalizeExternalID is the form an external_id is stored in, for the
// look-ups of the API's filter.
func NormalizeExternalID(v string) string { return strings.TrimSpace(v) }

// Validate checks a customer before it is stored.
func (c *Customer) Validate() error {
	f := FieldErrors{}
	if strings.TrimSpace(c.DisplayName) == "" {
		f.Add("display_name", "is required")
	}
	for field, v := range map[string]string{"display_name": c.DisplayName, "company_name": c.CompanyName,
		"title": c.Title, "first_name": c.FirstName, "last_name": c.LastName} {
		checkText(f, field, v, 200, true)
	}
	checkAddresses(f, "email", c.Email)
	checkAddresses(f, "cc", c.Cc)
	checkRecipients(f, [3]string{"email", "cc", "bcc"}, [3]string{c.Email, c.Cc, c.Bcc})
	checkAddresses(f, "bcc", c.Bcc)
	checkText(f, "address", c.Address, 500, false)
	c.ExternalID = checkExternalID(f, c.ExternalID)
	if !ValidLanguage(c.Language) {
		f.Add("language", "must be en or fr")
	}
	c.Tags = CheckTags(f, "tags", c.Tags)
	if c.ScheduleID != nil && *c.ScheduleID <= 0 {
		f.Add("schedule_id", "must be a schedule's id or null")
	}
	return f.Err()
}

// Limits of customer tags.
const (
	MaxTags   = 20
	MaxTagLen = 50
)

// NormalizeTag is a tag's one stored form: trimmed, lower case.
func NormalizeTag(t string) string { return strings.ToLower(strings.TrimSpace(t)) }

// CheckTags checks a list of tags under field and returns it normalised
// (NormalizeTag), without duplicates, in alphabetical order. A tag is one
// line of at most MaxTagLen characters without commas (the forms separate
// tags with them); a list holds at most MaxTags.
func CheckTags(f FieldErrors, field string, tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		t = NormalizeTag(t)
		switch {
		case t == "":
			f.Add(field, "must not hold an empty tag")
			continue
		case strings.Contains(t, ","):
			f.Add(field, "a tag must not contain a comma")
			continue
		}
		checkText(f, field, t, MaxTagLen, true)
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	if len(out) > MaxTags {
		f.Add(field, "must hold at most %d tags", MaxTags)
	}
	slices.Sort(out)
	return out
}

// SplitTags reads a comma-separated list of tags (the forms' input),
// dropping empty items.
func SplitTags(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// Validate checks an invoice (lines included) before it is stored.
//
// Validate normalises the number (NormalizeNumber) in place, so that every
// path that stores an invoice stores the one form.
func (inv *Invoice) Validate() error {
	f := FieldErrors{}
	inv.Number = NormalizeNumber(inv.Number)
	if inv.Number == "" {
		f.Add("number", "is required")
	}
	checkText(f, "number", inv.Number, maxNumberLen, true)
	if hasInvisible(inv.Number) {
		f.Add("number", "must not contain invisible characters")
	}
	checkText(f, "memo", inv.Memo, 4000, false)
	inv.ExternalID = checkExternalID(f, inv.ExternalID)
	if inv.CustomerID <= 0 {
		f.Add("customer_id", "is required")
	}
	checkAddresses(f, "email", inv.Email)
	checkAddresses(f, "cc", inv.Cc)
	checkAddresses(f, "bcc", inv.Bcc)
	checkRecipients(f, [3]string{"email", "cc", "bcc"}, [3]string{inv.Email, inv.Cc, inv.Bcc})
	if inv.IssueDate.IsZero() {
		f.Add("issue_date", "is required")
	}
	if inv.DueDate.IsZero() {
		f.Add("due_date", "is required")
	}
	checkDate(f, "issue_date", inv.IssueDate)
	checkDate(f, "due_date", inv.DueDate)
	if !inv.IssueDate.IsZero() && !inv.DueDate.IsZero() && inv.DueDate.Before(inv.IssueDate) {
		f.Add("due_date", "is before the issue date")
	}
	if !money.ValidCurrency(inv.Currency) {
		f.Add("currency", "unknown currency %q", inv.Currency)
	}
	if len(inv.Lines) == 0 {
		f.Add("lines", "at least one line is required")
	}
	if len(inv.Lines) > MaxLines {
		f.Add("lines", "at most %d lines", MaxLines)
	}
	for i, l := range inv.Lines {
		if i >= MaxLines {
			break
		}
		p := "lines[" + itoa(i) + "]."
		checkText(f, p+"description", l.Description, maxTextLen, false)
		if l.Quantity < 0 {
			f.Add(p+"quantity", "must not be negative")
		}
		if l.UnitPrice < 0 {
			f.Add(p+"unit_price", "must not be negative")
		}
		checkLineTaxes(f, p, &l)
		if !amountFits(l.Quantity, l.UnitPrice) {
			f.Add(p+"unit_price", "quantity × unit price is more than %s", money.FormatAmount(MaxLineAmount, inv.Currency))
		}
	}
	return f.Err()
}

// MaxLineAmount bounds a line's amount (minor units) so that the totals of
// MaxLines lines with tax stay exact in int64. Validate is the only place
// that applies it: the API, the UI and the CSV import all call Validate.
const MaxLineAmount = 1e15

// amountFits reports whether quantity × unit price stays within
// MaxLineAmount, computed without overflowing.
func amountFits(qty, price int64) bool {
	if qty < 0 || price < 0 {
		return true // reported as negative instead
	}
	a := new(big.Int).Mul(big.NewInt(qty), big.NewInt(price))
	a.Quo(a, big.NewInt(qtyFactor))
	return a.Cmp(big.NewInt(MaxLineAmount)) <= 0
}

// ValidatePayment checks a payment against the invoice it pays.
func ValidatePayment(inv *Invoice, p *Payment) error {
	f := FieldErrors{}
	switch {
	case p.Amount <= 0:
		f.Add("amount", "must be greater than zero")
	case p.Amount > inv.Balance:
		f.Add("amount", "is more than the balance due")
	}
	if p.Date.IsZero() {
		f.Add("date", "is required")
	}
	checkDate(f, "date", p.Date)
	if inv.Voided {
		f.Add("invoice", "is voided")
	}
	checkPaymentText(f, p)
	return f.Err()
}

// ValidatePaymentEdit checks a payment's new values against the invoice:
// the other payments stay, so the new amount may use the balance plus
// what the payment was.
func ValidatePaymentEdit(inv *Invoice, old, p *Payment) error {
	f := FieldErrors{}
	switch {
	case p.Amount <= 0:
		f.Add("amount", "must be greater than zero")
	case p.Amount > inv.Balance+old.Amount:
		f.Add("amount", "is more than the balance due")
	}
	if p.Date.IsZero() {
		f.Add("date", "is required")
	}
	if inv.Voided {
		f.Add("invoice", "is voided")
	}
	checkPaymentText(f, p)
	return f.Err()
}

// Limits of a payment's free text.
const (
	MaxPaymentMethodLen = 64
	MaxPaymentRefLen    = 100
)

func checkPaymentText(f FieldErrors, p *Payment) {
	checkText(f, "method", p.Method, MaxPaymentMethodLen, true)
	checkText(f, "reference", p.Reference, MaxPaymentRefLen, true)
	checkText(f, "memo", p.Memo, maxTextLen, false)
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	return string(b[n:])
}
