package ui

import (
	"fmt"
	"math"
	"strings"
)

// chart is an SVG chart drawn on the server: the geometry is computed
// here, templates/_chart.html writes the elements. Every chart has a table
// beside it with the same figures (screen readers, copy and paste).
type chart struct {
	Label   string // accessible name
	W, H    float64
	Grid    []chartText // horizontal grid lines at Y, labelled Text
	Rects   []chartRect
	Line    []string // polylines, "x,y x,y …" (a gap in the data splits it)
	Dots    []chartRect
	XLabels []chartText
	Legend  []chartRect // swatch at X,Y; Tip is the text
	Left    float64     // the plot's left edge (grid lines start there)
}

type chartRect struct {
	X, Y, W, H float64
	Class      string
	Tip        string
}

type chartText struct {
	X, Y float64
	Text string
	Sub  string // a second line under an x label
}

// The plot area inside a chart of chartW × chartH.
const (
	chartW      = 520.0
	chartH      = 270.0
	plotLeft    = 92.0
	plotRight   = 12.0
	plotTop     = 34.0 // room for a legend
	plotBottom  = 44.0
	chartSeries = 3 // css classes s0, s1, s2
)

// niceCeil is the smallest 1, 2 or 5 × 10^k at least v (v > 0).
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// newChart lays out the axes for values up to max, labelled with tick.
func newChart(label string, max float64, tick func(v float64) string) (*chart, func(v float64) float64) {
	c := &chart{Label: label, W: chartW, H: chartH, Left: plotLeft}
	top := niceCeil(max)
	h := chartH - plotTop - plotBottom
	y := func(v float64) float64 { return plotTop + h - v/top*h }
	for k := 0; k <= 4; k++ {
		v := top * float64(k) / 4
		c.Grid = append(c.Grid, chartText{X: plotLeft - 6, Y: y(v), Text: tick(v)})
	}
	return c, y
}

// slots divides the plot's width in n equal slots; x(i) is slot i's left
// edge, w the slot's width.
func slots(n int) (x func(i int) float64, w float64) {
	w = (chartW - plotLeft - plotRight) / float64(max(n, 1))
	return func(i int) float64 { return plotLeft + float64(i)*w }, w
}

// barSeries is one value per group and series (groups × series).
type barSeries struct {
	Groups []string  // x labels
	Series []string  // legend (one series: none shown)
	Values [][]int64 // [group][series]
	Tips   [][]string
}

// barChart draws grouped bars.
func barChart(label string, d barSeries, tick func(v float64) string) *chart {
	var mx int64
	for _, g := range d.Values {
		for _, v := range g {
			mx = max(mx, v)
		}
	}
	c, y := newChart(label, float64(mx), tick)
	x, w := slots(len(d.Groups))
	ns := max(len(d.Series), 1)
	bw := w * 0.7 / float64(ns)
	for i, g := range d.Groups {
		for s, v := range d.Values[i] {
			bx := x(i) + w*0.15 + float64(s)*bw
			top := y(float64(v))
			c.Rects = append(c.Rects, chartRect{X: round1(bx), Y: round1(top), W: round1(bw - 2), H: round1(y(0) - top),
				Class: fmt.Sprintf("s%d", s%chartSeries), Tip: d.Tips[i][s]})
		}
		first, second := splitLabel(g)
		c.XLabels = append(c.XLabels, chartText{X: round1(x(i) + w/2), Y: chartH - plotBottom + 18, Text: first, Sub: second})
	}
	if len(d.Series) > 1 {
		lx := plotLeft
		for s, name := range d.Series {
			c.Legend = append(c.Legend, chartRect{X: lx, Y: 8, Class: fmt.Sprintf("s%d", s%chartSeries), Tip: name})
			lx += 24 + 7.5*float64(len([]rune(name)))
		}
	}
	return c
}

// lineChart draws one value per x label; ok[i] false leaves a gap.
func lineChart(label string, labels []chartText, values []float64, ok []bool, tips []string, tick func(v float64) string) *chart {
	var mx float64
	for i, v := range values {
		if ok[i] {
			mx = math.Max(mx, v)
		}
	}
	c, y := newChart(label, mx, tick)
	x, w := slots(len(labels))
	var seg []string
	flush := func() {
		if len(seg) > 1 {
			c.Line = append(c.Line, strings.Join(seg, " "))
		}
		seg = nil
	}
	for i, l := range labels {
		cx := round1(x(i) + w/2)
		c.XLabels = append(c.XLabels, chartText{X: cx, Y: chartH - plotBottom + 18, Text: l.Text, Sub: l.Sub})
		if !ok[i] {
			flush()
			continue
		}
		cy := round1(y(values[i]))
		seg = append(seg, fmt.Sprintf("%g,%g", cx, cy))
		c.Dots = append(c.Dots, chartRect{X: cx, Y: cy, Class: "s0", Tip: tips[i]})
	}
	flush()
	return c
}

// splitLabel puts a label of more than one word on two lines, cut at the
// space nearest its middle.
func splitLabel(s string) (string, string) {
	r := []rune(s)
	if len(r) <= 8 {
		return s, ""
	}
	best := -1
	for i, c := range r {
		if c == ' ' && (best < 0 || abs(i-len(r)/2) < abs(best-len(r)/2)) {
			best = i
		}
	}
	if best < 0 {
		return s, ""
	}
	return string(r[:best]), string(r[best+1:])
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
