package pdf

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// cp1252 turns UTF-8 text into the single-byte Windows-1252 encoding of the
// PDF core fonts (Helvetica). Maroto would do this itself for the family
// "helvetica", but it re-parses gofpdf's code-page table on every text
// component (hundreds of Sscanf calls each time), which alone would cap us
// far below 500 documents per second. So text is encoded once here and
// drawn with the family spelled "Helvetica": maroto compares family names
// case-sensitively and leaves it alone, gofpdf lower-cases it and selects
// the same core font, and both measure and write core-font text byte by
// byte. Runes with no cp1252 glyph become '?', never a wrong glyph.
func cp1252(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || s[i] < ' ' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < ' ':
			// Control characters (tabs, stray newlines) would draw as boxes.
			b.WriteByte(' ')
		case r < utf8.RuneSelf:
			b.WriteByte(byte(r))
		case r == '\u202f' || r == '\u2007':
			// Narrow and figure no-break spaces from CLDR number formats:
			// cp1252 lacks them, the plain no-break space keeps the meaning.
			b.WriteByte(0xA0)
		case r == '\u2009' || r == '\u2002' || r == '\u2003':
			b.WriteByte(' ')
		default:
			if c, ok := charmap.Windows1252.EncodeRune(r); ok {
				b.WriteByte(c)
			} else {
				b.WriteByte('?')
			}
		}
	}
	return b.String()
}
