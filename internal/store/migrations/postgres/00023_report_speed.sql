-- +goose Up
-- Reports at a million invoices (issue 17). The dates of an invoice's first
-- and last payments (NULL without payments) are kept on the invoice by the
-- store's payment writes (add, import, edit, delete):
-- - effectiveness: the day an invoice was paid in full is its
--   last_payment_date, read with the reminder's invoice row instead of a
--   search of its payments;
-- - DSO: an invoice whose payments were all made on one day
--   (first_payment_date = last_payment_date, nearly every paid invoice) had
--   `paid` paid on that day, so what was owed on past month ends is summed
--   from the invoices alone, in the order of invoices_paid_on; only the
--   others are joined with their payments.
ALTER TABLE invoices ADD COLUMN first_payment_date DATE;
ALTER TABLE invoices ADD COLUMN last_payment_date DATE;
UPDATE invoices i SET first_payment_date = p.first, last_payment_date = p.last
    FROM (SELECT invoice_id, MIN(date) AS first, MAX(date) AS last FROM payments GROUP BY invoice_id) p
    WHERE p.invoice_id = i.id;
CREATE INDEX invoices_paid_on ON invoices (company_id, currency, last_payment_date, issue_date, paid, first_payment_date, voided, draft)
    WHERE first_payment_date = last_payment_date AND voided = FALSE AND draft = FALSE;
CREATE INDEX invoices_paid_apart ON invoices (company_id, currency, last_payment_date)
    WHERE first_payment_date < last_payment_date AND voided = FALSE AND draft = FALSE;

-- +goose Down
DROP INDEX invoices_paid_apart;
DROP INDEX invoices_paid_on;
ALTER TABLE invoices DROP COLUMN last_payment_date;
ALTER TABLE invoices DROP COLUMN first_payment_date;
