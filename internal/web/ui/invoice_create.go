package ui

import "net/http"

func (u *UI) invoiceCreate(w http.ResponseWriter, r *http.Request) { u.saveInvoice(w, r, 0) }
