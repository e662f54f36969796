-- +goose Up
-- Grouped messages (one per customer) and statements: every invoice keeps
-- its own reminder row, and the rows of one message share a group key
-- ('g:…', with one Message-ID). A scan of a company that groups marks its
-- automatic reminders 'c:<company>:<customer>' until a worker claims them
-- together and gives them their group.
ALTER TABLE reminders ADD COLUMN group_key TEXT NOT NULL DEFAULT '';
CREATE INDEX reminders_group ON reminders (group_key) WHERE group_key <> '';
-- One monthly statement per customer and month, whatever the number of
-- scans or servers.
CREATE TABLE statement_runs (
    company_id  INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    month       TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (customer_id, month)
);

-- +goose Down
DROP TABLE statement_runs;
DROP INDEX reminders_group;
ALTER TABLE reminders DROP COLUMN group_key;
