-- +goose Up
-- Named taxes (issue 12): a line may carry two taxes, each with its name
-- (TPS/GST 5 %, TVQ/QST 9.975 %), computed and rounded on their own. The
-- first is the existing tax_rate/tax, now with a name ('' for the single
-- unnamed rate of older invoices); the second is new. A company names up
-- to two taxes with their rates (the invoice form's choices) beside the
-- registration numbers it already had (tax_number_1, tax_number_2).
ALTER TABLE invoice_lines ADD COLUMN tax_name TEXT NOT NULL DEFAULT '';
ALTER TABLE invoice_lines ADD COLUMN tax_name_2 TEXT NOT NULL DEFAULT '';
ALTER TABLE invoice_lines ADD COLUMN tax_rate_2 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invoice_lines ADD COLUMN tax_2 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE companies ADD COLUMN tax_name_1 TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN tax_rate_1 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE companies ADD COLUMN tax_name_2 TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN tax_rate_2 BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE companies DROP COLUMN tax_rate_2;
ALTER TABLE companies DROP COLUMN tax_name_2;
ALTER TABLE companies DROP COLUMN tax_rate_1;
ALTER TABLE companies DROP COLUMN tax_name_1;
ALTER TABLE invoice_lines DROP COLUMN tax_2;
ALTER TABLE invoice_lines DROP COLUMN tax_rate_2;
ALTER TABLE invoice_lines DROP COLUMN tax_name_2;
ALTER TABLE invoice_lines DROP COLUMN tax_name;
