-- +goose Up
-- A late fee is an invoice line naming the reminder that charged it: at
-- most one per reminder, whatever retries or processes do.
ALTER TABLE invoice_lines ADD COLUMN reminder_id INTEGER;
CREATE UNIQUE INDEX invoice_lines_reminder ON invoice_lines (reminder_id);

-- +goose Down
DROP INDEX invoice_lines_reminder;
ALTER TABLE invoice_lines DROP COLUMN reminder_id;
