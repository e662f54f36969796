-- +goose Up
-- Secrets this installation makes for itself (the bounce MAC key), shared
-- by every process on the database.
CREATE TABLE instance_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A customer address that bounced: automatic reminders stop until edited.
ALTER TABLE customers ADD COLUMN email_status TEXT NOT NULL DEFAULT 'ok';
ALTER TABLE customers ADD COLUMN bounce_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE reminders ADD COLUMN bounced_at TIMESTAMP;

CREATE TABLE webhook_endpoints (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    url        TEXT NOT NULL,
    events     TEXT NOT NULL,
    secret     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX webhook_endpoints_company ON webhook_endpoints (company_id, id);

-- One row per event; its id is the stable event id every retry carries.
CREATE TABLE webhook_events (
    id         TEXT PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    type       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- The queue: one delivery per (event, endpoint), claimed with a lease and
-- fenced by the attempt count, like reminders.
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    event_id        TEXT NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
    endpoint_id     INTEGER NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    lease_until     TIMESTAMP,
    last_status     INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    delivered_at    TIMESTAMP,
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_work ON webhook_deliveries (next_attempt_at) WHERE state IN ('pending', 'sending');
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);

-- The delivery log: every attempt with the response code.
CREATE TABLE webhook_attempts (
    id          INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
    attempt     INTEGER NOT NULL,
    status      INTEGER NOT NULL,
    error       TEXT NOT NULL DEFAULT '',
    duration_ms INTEGER NOT NULL,
    at          TIMESTAMP NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

-- The To-do list: things the team should do or know (bounces, promises,
-- disputes, failures, notify_team steps).
CREATE TABLE tasks (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    invoice_id INTEGER REFERENCES invoices(id) ON DELETE CASCADE,
    dedupe_key TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'open',
    created_at TIMESTAMP NOT NULL,
    closed_at  TIMESTAMP,
    -- The email telling the company: a small leased queue like reminders.
    notify_state    TEXT NOT NULL DEFAULT 'pending',
    notify_attempts INTEGER NOT NULL DEFAULT 0,
    notify_at       TIMESTAMP NOT NULL,
    notify_lease    TIMESTAMP,
    notify_error    TEXT NOT NULL DEFAULT '',
    UNIQUE (company_id, dedupe_key)
);
CREATE INDEX tasks_company_state ON tasks (company_id, state, id);
CREATE INDEX tasks_notify ON tasks (notify_at) WHERE notify_state IN ('pending', 'sending');

-- +goose Down
DROP TABLE tasks;
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_events;
DROP TABLE webhook_endpoints;
ALTER TABLE reminders DROP COLUMN bounced_at;
ALTER TABLE customers DROP COLUMN bounce_reason;
ALTER TABLE customers DROP COLUMN email_status;
DROP TABLE instance_secrets;
