-- +goose Up
-- Failed delivery attempts, apart from claims: the retry backoff grows with
-- failures, so a crash re-claim or a shutdown release does not lengthen it.
ALTER TABLE reminders ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE reminders DROP COLUMN failures;
