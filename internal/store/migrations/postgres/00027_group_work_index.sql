-- +goose Up
-- Workers look for grouped rows ready to send before every claim. With no
-- such rows, "group_key <> ''" over reminders_work read every ready row of
-- the queue (5 000 rows a claim in the send bench); this index holds only
-- the grouped ones, so the look is empty when nobody groups.
CREATE INDEX reminders_group_work ON reminders (next_attempt_at, id) WHERE state IN ('scheduled', 'sending') AND group_key <> '';

-- +goose Down
DROP INDEX reminders_group_work;
