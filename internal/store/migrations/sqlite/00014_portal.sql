-- +goose Up
-- The customer's side (docs/customer-portal.md): links to the invoice's own
-- page, views, promises, disputes, the invoice email, company settings.
CREATE TABLE invoice_links (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    invoice_id  INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMP NOT NULL,
    revoked_at  TIMESTAMP
);
CREATE INDEX invoice_links_invoice ON invoice_links (invoice_id);

-- What happened to an invoice besides its reminders: viewed, promised,
-- disputed, dispute resolved, link reset. notified_at is the hook of the
-- company notifications (issue 18): NULL = not yet told.
CREATE TABLE invoice_events (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    invoice_id  INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    notified_at TIMESTAMP
);
CREATE INDEX invoice_events_invoice ON invoice_events (invoice_id, id);
CREATE INDEX invoice_events_unnotified ON invoice_events (company_id, id) WHERE notified_at IS NULL;

ALTER TABLE invoices ADD COLUMN sent_at TIMESTAMP;
ALTER TABLE invoices ADD COLUMN viewed_at TIMESTAMP;
ALTER TABLE invoices ADD COLUMN last_viewed_at TIMESTAMP;
ALTER TABLE invoices ADD COLUMN view_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE invoices ADD COLUMN promised_date TEXT;
ALTER TABLE invoices ADD COLUMN disputed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE invoices ADD COLUMN dispute_message TEXT NOT NULL DEFAULT '';

ALTER TABLE companies ADD COLUMN payment_instructions_en TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN payment_instructions_fr TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN pay_url_template TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN tax_number_1 TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN tax_number_2 TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE companies DROP COLUMN tax_number_2;
ALTER TABLE companies DROP COLUMN tax_number_1;
ALTER TABLE companies DROP COLUMN pay_url_template;
ALTER TABLE companies DROP COLUMN payment_instructions_fr;
ALTER TABLE companies DROP COLUMN payment_instructions_en;
ALTER TABLE invoices DROP COLUMN dispute_message;
ALTER TABLE invoices DROP COLUMN disputed;
ALTER TABLE invoices DROP COLUMN promised_date;
ALTER TABLE invoices DROP COLUMN view_count;
ALTER TABLE invoices DROP COLUMN last_viewed_at;
ALTER TABLE invoices DROP COLUMN viewed_at;
ALTER TABLE invoices DROP COLUMN sent_at;
DROP TABLE invoice_events;
DROP TABLE invoice_links;
