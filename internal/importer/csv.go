package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// maxFileSize bounds what an import reads into memory (a 100 000-invoice
// QuickBooks export is about 15 MB).
const maxFileSize = 512 << 20

// row is one data record with the physical line it starts on.
type row struct {
	line   int
	fields []string
}

// table is a parsed CSV file: the header cells and the data rows. Rows that
// are not well-formed CSV are kept in bad with the parser's reason.
type table struct {
	header []string
	rows   []row
	bad    []RowError
}

// readTable reads a whole CSV file. It accepts a UTF-8 BOM, sniffs the
// separator from the header line, and decodes files that are not UTF-8 as
// Windows-1252, which is what Excel writes on Windows when asked for "CSV".
// The error is for a file that cannot be read at all.
func readTable(r io.Reader) (*table, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("importer: read file: %w", err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("importer: file larger than %d MB", maxFileSize>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		if data, err = charmap.Windows1252.NewDecoder().Bytes(data); err != nil {
			return nil, fmt.Errorf("importer: file is neither UTF-8 nor Windows-1252: %w", err)
		}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniffSeparator(data)
	cr.FieldsPerRecord = -1 // spreadsheets drop trailing empty cells
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("importer: the file is empty: a header line is required")
	}
	if err != nil {
		return nil, fmt.Errorf("importer: header line: %w", err)
	}
	t := &table{header: header}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			// The reader resumes after the broken record: report it, go on.
			t.bad = append(t.bad, RowError{Line: pe.StartLine, Reason: "malformed CSV: " + pe.Err.Error()})
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("importer: read file: %w", err)
		}
		if blank(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		t.rows = append(t.rows, row{line: line, fields: rec})
	}
	return t, nil
}

// sniffSeparator picks ',', ';' or tab, whichever the header line (outside
// quotes) holds most of; French spreadsheets write ';' because ',' is their
// decimal separator.
func sniffSeparator(data []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, b := range data {
		if b == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if b == '\n' || b == '\r' {
			break
		}
		counts[b]++
	}
	sep := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[sep] {
			sep = c
		}
	}
	return rune(sep)
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
