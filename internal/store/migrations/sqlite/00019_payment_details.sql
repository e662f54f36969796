-- +goose Up
-- Payments carry how they were paid (method, reference, memo), where they
-- come from (kind: '' typed in, 'import' from a payments file, 'imported_balance'
-- the difference an invoice import's open-balance column revealed) and who
-- recorded them. Each add, edit and delete is kept in payment_events, the
-- invoice's history of its payments.
ALTER TABLE payments ADD COLUMN method TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN reference TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN memo TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
-- A payments import is idempotent by (invoice, date, amount, reference).
CREATE INDEX payments_identity ON payments (invoice_id, date, amount, reference);

CREATE TABLE payment_events (
    id         INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
    payment_id INTEGER NOT NULL,
    action     TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    date       TEXT NOT NULL,
    actor      TEXT NOT NULL DEFAULT '',
    at         TIMESTAMP NOT NULL
);
CREATE INDEX payment_events_invoice ON payment_events (invoice_id, id);

-- +goose Down
DROP TABLE payment_events;
DROP INDEX payments_identity;
ALTER TABLE payments DROP COLUMN created_by;
ALTER TABLE payments DROP COLUMN kind;
ALTER TABLE payments DROP COLUMN memo;
ALTER TABLE payments DROP COLUMN reference;
ALTER TABLE payments DROP COLUMN method;
