-- +goose Up
-- The scan pages through due invoices by (next_reminder_at, id).
DROP INDEX invoices_next_reminder;
CREATE INDEX invoices_next_reminder ON invoices (next_reminder_at, id) WHERE next_reminder_at IS NOT NULL;

-- +goose Down
DROP INDEX invoices_next_reminder;
CREATE INDEX invoices_next_reminder ON invoices (next_reminder_at) WHERE next_reminder_at IS NOT NULL;
