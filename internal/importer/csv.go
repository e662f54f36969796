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

// Limits on a CSV file, the same for `relance import` and the upload page
// (the one owner): what an import holds in memory stays a small multiple
// of MaxFileBytes, whatever the file's shape.
const (
	// MaxFileBytes bounds the file (a 100 000-invoice QuickBooks export is
	// about 15 MB).
	MaxFileBytes = 32 << 20
	// MaxColumns bounds the cells of the header and of every row.
	MaxColumns = 200
	// MaxFieldBytes bounds one cell.
	MaxFieldBytes = 8 << 10
	// MaxRecordBytes bounds one record (a line, or several when a quoted
	// cell holds line breaks).
	MaxRecordBytes = 64 << 10
	// MaxIgnoredListed bounds the ignored header cells a report names; it
	// counts the others (Report.IgnoredMore).
	MaxIgnoredListed = 20
)

// row is one data record with the physical line it starts on.
type row struct {
	line   int
	fields []string
}

// table is a parsed CSV file: the columns the import reads (mapped from the
// header) and the data rows, holding only those columns' cells. Rows that
// are not well-formed CSV, or over the limits, are kept in bad with the
// reason.
type table struct {
	cols    columns
	ignored []string // header cells read by no field, at most MaxIgnoredListed
	more    int      // ignored header cells beyond those
	rows    []row
	bad     []RowError
}

// readTable reads a whole CSV file. It accepts a UTF-8 BOM, sniffs the
// separator from the header line, and decodes files that are not UTF-8 as
// Windows-1252, which is what Excel writes on Windows when asked for "CSV".
// The error is for a file that cannot be read at all.
func readTable(r io.Reader, aliases map[string]string) (*table, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("importer: read file: %w", err)
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("importer: file larger than %d MB", MaxFileBytes>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		if data, err = charmap.Windows1252.NewDecoder().Bytes(data); err != nil {
			return nil, fmt.Errorf("importer: file is neither UTF-8 nor Windows-1252: %w", err)
		}
	}
	sep := sniffSeparator(data)
	data, over, err := boundRecords(data, byte(sep))
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sep
	cr.FieldsPerRecord = -1 // spreadsheets drop trailing empty cells
	cr.ReuseRecord = true   // the cells kept are copied
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("importer: the file is empty: a header line is required")
	}
	if err != nil {
		return nil, fmt.Errorf("importer: header line: %w", err)
	}
	t := &table{bad: over}
	var keep []int // the header positions the import reads, in order
	t.cols, t.ignored, keep = mapHeader(header, aliases)
	if len(t.ignored) > MaxIgnoredListed {
		t.more = len(t.ignored) - MaxIgnoredListed
		t.ignored = t.ignored[:MaxIgnoredListed:MaxIgnoredListed]
	}
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
		fields := make([]string, len(keep))
		for j, i := range keep {
			if i < len(rec) {
				fields[j] = strings.Clone(strings.TrimSpace(rec[i]))
			}
		}
		t.rows = append(t.rows, row{line: line, fields: fields})
	}
	return t, nil
}

// boundRecords checks every record against MaxColumns, MaxFieldBytes and
// MaxRecordBytes before the CSV reader allocates its cells (19 MB of
// commas is one record of 19 million cells). A header over the limits
// refuses the file; a data record over them becomes a bad row, its line
// breaks kept so that the lines of the rows after it stay right. Quotes are
// followed as the CSV reader does.
func boundRecords(data []byte, sep byte) ([]byte, []RowError, error) {
	var (
		out                   []byte
		bad                   []RowError
		quoted, headerSeen    bool // in a quoted cell; a non-blank record was seen
		start, line, newlines = 0, 1, 0
		cells, field          = 1, 0
		tooWide, tooLongCell  bool
	)
	flush := func(end int) error { // the record is data[start:end], end excluded
		rec := data[start:end]
		nonEmpty := len(bytes.TrimSpace(rec)) > 0
		reason := ""
		switch {
		case tooWide:
			reason = fmt.Sprintf("more than %d columns", MaxColumns)
		case len(rec) > MaxRecordBytes:
			reason = fmt.Sprintf("longer than %d KB", MaxRecordBytes>>10)
		case tooLongCell:
			reason = fmt.Sprintf("a cell longer than %d KB", MaxFieldBytes>>10)
		}
		if reason != "" && !headerSeen {
			return fmt.Errorf("importer: line %d: the header has %s: not a spreadsheet export", line, reason)
		}
		if reason != "" {
			bad = append(bad, RowError{Line: line, Reason: reason})
			out = append(out, bytes.Repeat([]byte{'\n'}, bytes.Count(rec, []byte{'\n'}))...)
		} else {
			out = append(out, rec...)
		}
		headerSeen = headerSeen || nonEmpty
		return nil
	}
	out = make([]byte, 0, len(data))
	for i := 0; i < len(data); i++ {
		b := data[i]
		atStart := field == 0
		field++
		switch {
		case quoted && b == '"' && i+1 < len(data) && data[i+1] == '"':
			i++ // an escaped quote
			field++
		case quoted && b == '"':
			quoted = false
		case quoted && b == '\n':
			newlines++
		case quoted:
		case b == '"' && atStart:
			quoted = true
		case b == sep:
			cells, field = cells+1, 0
			tooWide = tooWide || cells > MaxColumns
		case b == '\n':
			newlines++
			if err := flush(i + 1); err != nil {
				return nil, nil, err
			}
			start, line, cells, field, tooWide, tooLongCell = i+1, newlines+1, 1, 0, false, false
		}
		tooLongCell = tooLongCell || field > MaxFieldBytes
	}
	if start < len(data) {
		if err := flush(len(data)); err != nil {
			return nil, nil, err
		}
	}
	return out, bad, nil
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
