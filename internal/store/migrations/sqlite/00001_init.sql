-- +goose Up
CREATE TABLE companies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    timezone    TEXT NOT NULL,
    language    TEXT NOT NULL,
    currency    TEXT NOT NULL,
    brand_color TEXT NOT NULL DEFAULT '',
    logo        BLOB,
    logo_type   TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    language      TEXT NOT NULL DEFAULT 'en',
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE memberships (
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    PRIMARY KEY (user_id, company_id)
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    company_id  INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE customers (
    id               INTEGER PRIMARY KEY,
    company_id       INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    display_name     TEXT NOT NULL,
    company_name     TEXT NOT NULL DEFAULT '',
    title            TEXT NOT NULL DEFAULT '',
    first_name       TEXT NOT NULL DEFAULT '',
    last_name        TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    cc               TEXT NOT NULL DEFAULT '',
    bcc              TEXT NOT NULL DEFAULT '',
    language         TEXT NOT NULL,
    reminders_paused BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX customers_company_name ON customers (company_id, display_name);

CREATE TABLE invoices (
    id                 INTEGER PRIMARY KEY,
    company_id         INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    customer_id        INTEGER NOT NULL REFERENCES customers(id),
    number             TEXT NOT NULL,
    email              TEXT NOT NULL DEFAULT '',
    cc                 TEXT NOT NULL DEFAULT '',
    bcc                TEXT NOT NULL DEFAULT '',
    issue_date         TEXT NOT NULL,
    due_date           TEXT NOT NULL,
    currency           TEXT NOT NULL,
    memo               TEXT NOT NULL DEFAULT '',
    draft              BOOLEAN NOT NULL DEFAULT FALSE,
    voided             BOOLEAN NOT NULL DEFAULT FALSE,
    reminders_paused   BOOLEAN NOT NULL DEFAULT FALSE,
    subtotal           INTEGER NOT NULL,
    tax_total          INTEGER NOT NULL,
    total              INTEGER NOT NULL,
    paid               INTEGER NOT NULL DEFAULT 0,
    balance            INTEGER NOT NULL,
    last_reminder_at   TIMESTAMP,
    next_reminder_at   TIMESTAMP,
    next_reminder_step INTEGER,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    UNIQUE (company_id, number)
);
CREATE INDEX invoices_company_id ON invoices (company_id, id);
CREATE INDEX invoices_customer ON invoices (company_id, customer_id, id);
CREATE INDEX invoices_open_due ON invoices (company_id, due_date) WHERE balance > 0 AND voided = FALSE AND draft = FALSE;
-- The scan reads only invoices whose next reminder has come: its cost grows
-- with what is due, not with the number of invoices.
CREATE INDEX invoices_next_reminder ON invoices (next_reminder_at) WHERE next_reminder_at IS NOT NULL;

CREATE TABLE invoice_lines (
    id          INTEGER PRIMARY KEY,
    invoice_id  INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    quantity    INTEGER NOT NULL,
    unit_price  INTEGER NOT NULL,
    tax_rate    INTEGER NOT NULL,
    amount      INTEGER NOT NULL,
    tax         INTEGER NOT NULL
);
CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id, position);

CREATE TABLE payments (
    id         INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
    amount     INTEGER NOT NULL,
    date       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX payments_invoice ON payments (invoice_id, id);

CREATE TABLE reminder_settings (
    company_id INTEGER PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
    settings   TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE reminders (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    invoice_id      INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
    step            INTEGER NOT NULL,
    due_date        TEXT NOT NULL,
    trigger_date    TEXT NOT NULL,
    state           TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    lease_until     TIMESTAMP,
    last_error      TEXT NOT NULL DEFAULT '',
    recipients      TEXT NOT NULL DEFAULT '',
    cc              TEXT NOT NULL DEFAULT '',
    bcc             TEXT NOT NULL DEFAULT '',
    language        TEXT NOT NULL DEFAULT 'en',
    custom_subject  TEXT NOT NULL DEFAULT '',
    custom_message  TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL DEFAULT '',
    body_text       TEXT NOT NULL DEFAULT '',
    message_id      TEXT NOT NULL,
    sent_at         TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
-- One automatic reminder per (invoice, step, due date), whatever the number
-- of scans or servers.
CREATE UNIQUE INDEX reminders_once ON reminders (invoice_id, step, due_date) WHERE step > 0;
CREATE INDEX reminders_invoice ON reminders (invoice_id, id);
CREATE INDEX reminders_work ON reminders (next_attempt_at) WHERE state IN ('scheduled', 'sending');

CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    reminder_id INTEGER REFERENCES reminders(id) ON DELETE SET NULL,
    invoice_id  INTEGER,
    message_id  TEXT NOT NULL,
    subject     TEXT NOT NULL,
    recipients  TEXT NOT NULL,
    raw         BLOB NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX outbox_message ON outbox (company_id, message_id);
CREATE INDEX outbox_company ON outbox (company_id, id);

-- +goose Down
DROP TABLE outbox;
DROP TABLE reminders;
DROP TABLE reminder_settings;
DROP TABLE payments;
DROP TABLE invoice_lines;
DROP TABLE invoices;
DROP TABLE customers;
DROP TABLE sessions;
DROP TABLE api_tokens;
DROP TABLE memberships;
DROP TABLE users;
DROP TABLE companies;
