package ui

import (
	"errors"
	"regexp"
	"strings"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/report"
)

// domainMessages maps the domain's English validation reasons to message
// ids; the captured groups become {{.A}}, {{.B}}. A reason not listed is
// shown as the domain wrote it, after a translated "Invalid value:".
var domainMessages = []struct {
	re *regexp.Regexp
	id string
}{
	{regexp.MustCompile(`^is required$`), "err_required"},
	{regexp.MustCompile(`^at least one line is required$`), "err_lines_required"},
	{regexp.MustCompile(`^must be between (\d+) and (\d+)$`), "err_between"},
	{regexp.MustCompile(`^is longer than (\d+) characters$`), "err_too_long"},
	{regexp.MustCompile(`^is too long$`), "err_too_long_plain"},
	{regexp.MustCompile(`^must be on one line$`), "err_one_line"},
	{regexp.MustCompile(`^not a valid email address list: .*$`), "err_email_list"},
	{regexp.MustCompile(`^email domain needs a dot: (.*)$`), "err_email_domain"},
	{regexp.MustCompile(`^must be one valid email address$`), "err_email_one"},
	{regexp.MustCompile(`^line breaks are not allowed in addresses$`), "err_one_line"},
	{regexp.MustCompile(`^unknown time zone "(.*)"$`), "err_timezone"},
	{regexp.MustCompile(`^must be en or fr$`), "err_language"},
	{regexp.MustCompile(`^unknown currency "(.*)"$`), "err_currency"},
	{regexp.MustCompile(`^must be a colour like .*$`), "err_color"},
	{regexp.MustCompile(`^is before the issue date$`), "err_due_before_issue"},
	{regexp.MustCompile(`^must not be negative$`), "err_negative"},
	{regexp.MustCompile(`^quantity × unit price is more than (.*)$`), "err_line_too_large"},
	{regexp.MustCompile(`^must be greater than zero$`), "err_positive"},
	{regexp.MustCompile(`^is more than the balance due$`), "err_over_balance"},
	{regexp.MustCompile(`^the balance changed; .*$`), "err_over_balance"},
	{regexp.MustCompile(`^is voided$`), "err_voided"},
	{regexp.MustCompile(`^must not contain = ; or ,$`), "err_tax_name_chars"},
	{regexp.MustCompile(`^is the same tax twice$`), "err_same_tax"},
	{regexp.MustCompile(`^at most (\d+) taxes$`), "err_taxes_max"},
	{regexp.MustCompile(`^no such customer$`), "err_no_customer"},
	{regexp.MustCompile(`^invoice number "(.*)" already exists$`), "err_number_taken"},
	{regexp.MustCompile(`^external_id "(.*)" is already used by another (customer|invoice)$`), "err_external_id_taken"},
	{regexp.MustCompile(`^a user with this email already exists$`), "err_user_exists"},
	{regexp.MustCompile(`^the new total is less than the payments already received$`), "err_total_below_paid"},
	{regexp.MustCompile(`^unknown placeholder (\{\{.*\}\})$`), "err_placeholder_unknown"},
	{regexp.MustCompile(`^(unclosed|empty placeholder) .*$`), "err_placeholder_syntax"},
	{regexp.MustCompile(`^must be a 24-hour time .*$`), "err_send_time"},
	{regexp.MustCompile(`^must be one of .*$`), "err_choice"},
	{regexp.MustCompile(`^is not valid UTF-8$`), "err_utf8"},
	// Schedules (reminder.ValidateCadence).
	{regexp.MustCompile(`^must hold (\d+) to (\d+) reminders$`), "err_steps_count"},
	{regexp.MustCompile(`^must be a decimal number with at most (\d+) decimals$`), "err_decimal_places"},
	{regexp.MustCompile(`^must be greater than zero and at most 100$`), "err_percent"},
	{regexp.MustCompile(`^unknown holiday region "(.*)".*$`), "err_holiday_region"},
	// Report parameters (report.ParseQuery).
	{regexp.MustCompile(`^must be a date YYYY-MM-DD$`), "err_date"},
	{regexp.MustCompile(`^must be an ISO 4217 code .*$`), "err_choice"},
	{regexp.MustCompile(`^must be json or csv$`), "err_choice"},
	{regexp.MustCompile(`^must not be after to$`), "err_from_after_to"},
	{regexp.MustCompile(`^the period is at most (\d+) days$`), "err_period_max"},
	// Named schedules and customers' tags (reminder.Schedule.Validate, invoice.CheckTags).
	{regexp.MustCompile(`^another schedule has this name$`), "err_schedule_name_taken"},
	{regexp.MustCompile(`^must be "before" or "after"$`), "err_choice"},
	{regexp.MustCompile(`^must not be less than min_balance$`), "err_max_below_min"},
	{regexp.MustCompile(`^must be an amount with at most (\d+) decimals.*$`), "err_condition_amount"},
	{regexp.MustCompile(`^(no schedule \d+ in this company|must be a schedule's id or null)$`), "err_no_schedule"},
	{regexp.MustCompile(`^must not hold an empty tag$`), "err_tag_empty"},
	{regexp.MustCompile(`^a tag must not contain a comma$`), "err_tag_comma"},
	{regexp.MustCompile(`^must hold at most (\d+) tags$`), "err_tags_max"},
	// Webhook endpoints (webhook.Validate).
	{regexp.MustCompile(`^(not a URL|has no host|must not contain a fragment or spaces)$`), "err_url"},
	{regexp.MustCompile(`^must start with https:// \(or http://\)$`), "err_url_scheme"},
	{regexp.MustCompile(`^must not contain a user name or password$`), "err_url_userinfo"},
	{regexp.MustCompile(`^points to (this machine|a private or loopback address).*$`), "err_url_private"},
	{regexp.MustCompile(`^choose at least one event$`), "err_events_none"},
	{regexp.MustCompile(`^unknown event "([^"]*)".*$`), "err_event_unknown"},
	{regexp.MustCompile(`^must not contain control characters$`), "err_control_chars"},
	{regexp.MustCompile(`^must not contain invisible characters$`), "err_invisible_chars"},
	{regexp.MustCompile(`^must be between years (\d+) and (\d+)$`), "err_year_range"},
	{regexp.MustCompile(`^too many recipients: at most (\d+) .*$`), "err_too_many_recipients"},
	{regexp.MustCompile(`^too many manual reminders: at most (\d+) per hour$`), "err_manual_per_hour"},
	// Why a reminder was skipped, cancelled or refused (reminder.Blocked*).
	{regexp.MustCompile(`^disabled$`), "reason_disabled"},
	{regexp.MustCompile(`^draft$`), "reason_draft"},
	{regexp.MustCompile(`^voided$`), "reason_voided"},
	{regexp.MustCompile(`^paid$`), "reason_paid"},
	{regexp.MustCompile(`^no_recipient$`), "reason_no_recipient"},
	{regexp.MustCompile(`^paused$`), "reason_paused"},
	{regexp.MustCompile(`^bouncing$`), "reason_bouncing"},
	{regexp.MustCompile(`^disputed$`), "reason_disputed"},
	{regexp.MustCompile(`^promised$`), "reason_promised"},
	{regexp.MustCompile(`^must be (one )?an? https:// URL.*$`), "err_https_url"},
	{regexp.MustCompile(`^has an unclosed \{\{$`), "err_placeholder_syntax"},
	{regexp.MustCompile(`^unknown placeholder (\{\{.*\}\}): use .*$`), "err_pay_placeholder"},
}

// translateReason turns one domain reason into the user's language.
func translateReason(lang, msg string) string {
	if s, ok := report.SkipReason(lang, msg); ok {
		return s
	}
	msg = strings.TrimPrefix(msg, reminder.ErrPlaceholder.Error()+": ")
	for _, d := range domainMessages {
		if m := d.re.FindStringSubmatch(msg); m != nil {
			kv := []any{}
			for i, name := range []string{"A", "B"} {
				if i+1 < len(m) {
					kv = append(kv, name, m[i+1])
				}
			}
			return tr(lang, d.id, kv...)
		}
	}
	return tr(lang, "err_invalid", "Reason", msg)
}

// fieldErrors extracts per-field reasons from a domain error, translated.
// ok is false when err is not a validation or conflict error with fields:
// the caller then treats it as a failure.
func fieldErrors(lang string, err error) (map[string]string, bool) {
	var e *invoice.Error
	if !errors.As(err, &e) || (e.Code != invoice.EInvalid && e.Code != invoice.EConflict && e.Code != invoice.ELimit) {
		return nil, false
	}
	out := make(map[string]string, len(e.Fields))
	for k, v := range e.Fields {
		out[k] = translateReason(lang, v)
	}
	if len(out) == 0 {
		out["_"] = translateReason(lang, e.Message)
	}
	return out, true
}
