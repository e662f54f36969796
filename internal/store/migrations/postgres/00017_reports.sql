-- +goose Up
-- Reports (internal/store/reports.go). Aging sums the open invoices of a
-- company per currency and customer in the order of one covering index (no
-- sort, no table read); the balance as of a past day adds back the payments
-- dated after it, found by date.
CREATE INDEX invoices_aging ON invoices (company_id, currency, customer_id, due_date, balance, issue_date, voided, draft)
    WHERE balance > 0 AND voided = FALSE AND draft = FALSE;
-- DSO: what was invoiced in the 90 days ending a month end.
CREATE INDEX invoices_issued ON invoices (company_id, currency, issue_date, total)
    WHERE voided = FALSE AND draft = FALSE;
CREATE INDEX payments_date ON payments (date, invoice_id, amount);
-- Effectiveness: the day an invoice was paid in full is its last payment's.
CREATE INDEX payments_invoice_date ON payments (invoice_id, date);
CREATE INDEX reminders_sent ON reminders (company_id, sent_at, step, invoice_id, state) WHERE state = 'sent';
-- Upcoming reminders: a company's invoices planned before the end of the
-- window (the scan's own index is not per company).
CREATE INDEX invoices_company_next ON invoices (company_id, next_reminder_at, id) WHERE next_reminder_at IS NOT NULL;

-- +goose Down
DROP INDEX invoices_company_next;
DROP INDEX reminders_sent;
DROP INDEX payments_invoice_date;
DROP INDEX payments_date;
DROP INDEX invoices_issued;
DROP INDEX invoices_aging;
