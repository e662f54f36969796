// Package color owns the company's brand colour: the one reader of
// "#rrggbb" that validation, the email layout and the PDF all use.
package color

import (
	"fmt"
	"math"
)

// RGB is a colour of 8 bits per channel.
type RGB struct{ R, G, B uint8 }

// Default is the brand colour of a company that has none (or an invalid one).
var Default = RGB{0x1f, 0x3a, 0x5f}

// Parse reads exactly "#rrggbb" (either case).
func Parse(s string) (RGB, bool) {
	if len(s) != 7 || s[0] != '#' {
		return RGB{}, false
	}
	var v [3]uint8
	for i := range v {
		hi, ok1 := hexDigit(s[1+2*i])
		lo, ok2 := hexDigit(s[2+2*i])
		if !ok1 || !ok2 {
			return RGB{}, false
		}
		v[i] = hi<<4 | lo
	}
	return RGB{v[0], v[1], v[2]}, true
}

// Valid reports whether s is a colour Parse reads.
func Valid(s string) bool {
	_, ok := Parse(s)
	return ok
}

// OrDefault is the colour s names, or Default when it names none.
func OrDefault(s string) RGB {
	if c, ok := Parse(s); ok {
		return c
	}
	return Default
}

// Hex is the colour as "#rrggbb", lower case: safe to put in CSS.
func (c RGB) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// Luminance is the relative luminance (0 black … 1 white), sRGB
// approximated without gamma: enough to pick a readable text colour.
func (c RGB) Luminance() float64 {
	return (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
}

// TooPaleForText reports whether text in c on white paper or a white page
// would be hard to read: headings then use near-black instead.
func (c RGB) TooPaleForText() bool { return c.Luminance() > 0.75 }

func hexDigit(b byte) (uint8, bool) {
	switch {
	case '0' <= b && b <= '9':
		return b - '0', true
	case 'a' <= b && b <= 'f':
		return b - 'a' + 10, true
	case 'A' <= b && b <= 'F':
		return b - 'A' + 10, true
	}
	return 0, false
}

// TextOn is the text colour, white or near-black (#111111), that contrasts
// more with a background of c, by WCAG 2 relative luminance (gamma
// included): white on the brand colour of a button when it reads.
func (c RGB) TextOn() string {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
	const dark = 0.0056 // luminance of #111111
	if (1.05)/(l+0.05) >= (l+0.05)/(dark+0.05) {
		return "#ffffff"
	}
	return "#111111"
}
