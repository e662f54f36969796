-- +goose Up
-- Reports at a million invoices (issue 17). The day an invoice was paid in
-- full is the date of its last payment: kept on the invoice
-- (last_payment_date, NULL without payments) by the store's payment writes
-- (add, import, edit, delete), so that the effectiveness report reads one
-- row per reminder instead of looking for its invoice's last payment.
ALTER TABLE invoices ADD COLUMN last_payment_date DATE;
UPDATE invoices i SET last_payment_date = p.last
    FROM (SELECT invoice_id, MAX(date) AS last FROM payments GROUP BY invoice_id) p
    WHERE p.invoice_id = i.id;

-- +goose Down
ALTER TABLE invoices DROP COLUMN last_payment_date;
