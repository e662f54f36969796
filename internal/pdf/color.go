package pdf

import (
	"github.com/johnfercher/maroto/v2/pkg/props"

	"github.com/relance-app/relance/internal/color"
)

func propsColor(c color.RGB) *props.Color {
	return &props.Color{Red: int(c.R), Green: int(c.G), Blue: int(c.B)}
}

// contrastOn is the text colour readable on a background of c.
func contrastOn(c color.RGB) *props.Color {
	if c.Luminance() > 0.6 {
		return &props.Color{}
	}
	return &props.Color{Red: 255, Green: 255, Blue: 255}
}
