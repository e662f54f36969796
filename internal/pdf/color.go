package pdf

import (
	"strconv"

	"github.com/johnfercher/maroto/v2/pkg/props"
)

// defaultBrand is used when a company has no (valid) brand colour.
var defaultBrand = &props.Color{Red: 0x1f, Green: 0x3a, Blue: 0x5f}

// parseColor reads "#rrggbb"; anything else gives the default.
func parseColor(s string) *props.Color {
	if len(s) != 7 || s[0] != '#' {
		return defaultBrand
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return defaultBrand
	}
	return &props.Color{Red: int(v >> 16 & 0xff), Green: int(v >> 8 & 0xff), Blue: int(v & 0xff)}
}

// luminance is the relative luminance (0 black … 1 white), sRGB
// approximated without gamma: enough to pick black or white text.
func luminance(c *props.Color) float64 {
	return (0.2126*float64(c.Red) + 0.7152*float64(c.Green) + 0.0722*float64(c.Blue)) / 255
}

// contrastOn is the text colour readable on a background of c.
func contrastOn(c *props.Color) *props.Color {
	if luminance(c) > 0.6 {
		return &props.Color{}
	}
	return &props.Color{Red: 255, Green: 255, Blue: 255}
}
