-- +goose Up
-- A disabled user can no longer sign in; their sessions are deleted.
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMP;
-- Expired sessions are purged by expiry; a user's sessions by user.
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_user ON sessions (user_id);

-- +goose Down
DROP INDEX sessions_user;
DROP INDEX sessions_expires;
ALTER TABLE users DROP COLUMN disabled_at;
