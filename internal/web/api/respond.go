package api

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/invoice"
)

// maxBody bounds every request body (413 beyond).
const maxBody = 1 << 20

type errorBody struct {
	Error apiError `json:"error"`
}

type apiError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, msg string, fields map[string]string) {
	writeJSON(w, status, errorBody{apiError{Code: code, Message: msg, Fields: fields}})
}

// statusOf maps domain error codes to HTTP statuses, in one table.
var statusOf = map[string]int{
	invoice.ENotFound: http.StatusNotFound,
	invoice.EInvalid:  http.StatusUnprocessableEntity,
	invoice.EConflict: http.StatusConflict,
	invoice.ELimit:    http.StatusTooManyRequests,
}

// fail answers a domain error with its status, anything else with a 500
// whose details go to the log only.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	var de *invoice.Error
	if errors.As(err, &de) {
		writeError(w, statusOf[de.Code], de.Code, de.Message, de.Fields)
		return
	}
	a.log.Error("api request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError, "internal", "internal error", nil)
}

// decode reads a JSON object strictly: unknown fields, trailing data and
// bodies over maxBody are refused with the field or reason named.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = errors.New("unexpected data after the JSON object")
		}
	}
	if err == nil {
		return true
	}
	var tooBig *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &tooBig):
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("request body over %d bytes", maxBody), nil)
	case errors.As(err, &typeErr):
		field := typeErr.Field
		writeError(w, http.StatusBadRequest, "malformed", fmt.Sprintf("%s: must be a %s", field, jsonKind(typeErr.Type.Kind().String())),
			map[string]string{field: "must be a " + jsonKind(typeErr.Type.Kind().String())})
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		writeError(w, http.StatusBadRequest, "malformed", "malformed JSON: "+err.Error(), nil)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		writeError(w, http.StatusBadRequest, "malformed", "unknown field "+strconv.Quote(name), map[string]string{name: "unknown field"})
	default:
		writeError(w, http.StatusBadRequest, "malformed", "malformed JSON: "+err.Error(), nil)
	}
	return false
}

// decodeOptional is decode for a body that may be left out: an empty body,
// with or without a Content-Length, leaves v as it is.
func decodeOptional(w http.ResponseWriter, r *http.Request, v any) bool {
	br := bufio.NewReader(r.Body)
	if _, err := br.Peek(1); err == io.EOF {
		return true
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{br, r.Body}
	return decode(w, r, v)
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice":
		return "list"
	case "struct", "map":
		return "object"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "whole number"
	}
	return "number"
}

// pathID reads the {id} path value; a malformed id is simply not found.
func pathID(w http.ResponseWriter, r *http.Request, what string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeError(w, http.StatusNotFound, invoice.ENotFound, what+" not found", nil)
		return 0, false
	}
	return id, true
}

// list is the answer of every list endpoint.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// page reads ?limit= and ?cursor= (an opaque encoding of the last id).
func page(w http.ResponseWriter, r *http.Request) (limit int, cursor int64, ok bool) {
	limit = 50
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			writeError(w, http.StatusBadRequest, "malformed", "limit must be from 1 to 500", map[string]string{"limit": "must be from 1 to 500"})
			return 0, 0, false
		}
		limit = n
	}
	if v := r.URL.Query().Get("cursor"); v != "" {
		b, err := base64.RawURLEncoding.DecodeString(v)
		if err == nil {
			cursor, err = strconv.ParseInt(strings.TrimPrefix(string(b), "id:"), 10, 64)
		}
		if err != nil || cursor <= 0 {
			writeError(w, http.StatusBadRequest, "malformed", "invalid cursor", map[string]string{"cursor": "invalid"})
			return 0, 0, false
		}
	}
	return limit, cursor, true
}

// maxLimit is the largest page a client may ask for (the store's cap too).
const maxLimit = 500

// fetchLimit is how many rows to read for a page of limit: one more, so
// that a full last page is known to be the last and gets no cursor.
func fetchLimit(limit int) int { return min(limit+1, maxLimit) }

// trimPage cuts rows read with fetchLimit to the page and returns the
// cursor to the next page, "" on the last one. At maxLimit no extra row
// can be read, and a full page keeps a cursor (the next may be empty).
func trimPage[T any](rows []T, limit int, id func(T) int64) ([]T, string) {
	if len(rows) > limit {
		rows = rows[:limit]
	} else if len(rows) < limit || limit < maxLimit {
		return rows, ""
	}
	return rows, base64.RawURLEncoding.EncodeToString([]byte("id:" + strconv.FormatInt(id(rows[len(rows)-1]), 10)))
}
