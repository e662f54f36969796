-- +goose Up
-- Named schedules beside a company's default one (its reminder settings):
-- conditions and cadence are JSON documents (reminder.Conditions and
-- reminder.Cadence), read whole by the books, never queried inside.
CREATE TABLE schedules (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    priority   INTEGER NOT NULL DEFAULT 0,
    conditions TEXT NOT NULL,
    cadence    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, name)
);
-- A customer's own schedule (NULL: by conditions, else the default).
ALTER TABLE customers ADD COLUMN schedule_id INTEGER REFERENCES schedules(id) ON DELETE SET NULL;
CREATE INDEX customers_schedule ON customers (schedule_id);
-- A customer's tags, one row each (lower case): a join table, so that
-- "customers tagged X" is an index read on both databases.
CREATE TABLE customer_tags (
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    company_id  INTEGER NOT NULL,
    tag         TEXT NOT NULL,
    PRIMARY KEY (customer_id, tag)
);
CREATE INDEX customer_tags_company_tag ON customer_tags (company_id, tag);

-- +goose Down
DROP TABLE customer_tags;
DROP INDEX customers_schedule;
ALTER TABLE customers DROP COLUMN schedule_id;
DROP TABLE schedules;
