-- +goose Up
-- The customer's postal address, shown on the invoice page and the PDF.
ALTER TABLE customers ADD COLUMN address TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE customers DROP COLUMN address;
