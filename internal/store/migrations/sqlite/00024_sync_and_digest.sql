-- +goose Up
-- external_id: the id of a customer or an invoice in the system a sync job
-- copies from (a billing system, the books). Unique per company when set;
-- empty (the default) as many times as needed.
ALTER TABLE customers ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
ALTER TABLE invoices ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX customers_external_id ON customers (company_id, external_id) WHERE external_id <> '';
CREATE UNIQUE INDEX invoices_external_id ON invoices (company_id, external_id) WHERE external_id <> '';

-- The company's notifications have one owner, the tasks table (its
-- notify_state): invoice_events.notified_at, an earlier hook for the same
-- thing, was never read by a notifier.
DROP INDEX invoice_events_unnotified;
ALTER TABLE invoice_events DROP COLUMN notified_at;

-- The daily digest: one row per company and day, claimed with a lease
-- like the task emails, so that it goes out once a day whatever the number
-- of processes (serve, send-due --at).
CREATE TABLE digests (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    day        TEXT NOT NULL,
    state      TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    TIMESTAMP NOT NULL,
    error      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, day)
);

-- +goose Down
DROP TABLE digests;
ALTER TABLE invoice_events ADD COLUMN notified_at TIMESTAMP;
CREATE INDEX invoice_events_unnotified ON invoice_events (company_id, id) WHERE notified_at IS NULL;
DROP INDEX invoices_external_id;
DROP INDEX customers_external_id;
ALTER TABLE invoices DROP COLUMN external_id;
ALTER TABLE customers DROP COLUMN external_id;
