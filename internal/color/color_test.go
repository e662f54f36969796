package color

import "testing"

func TestParse(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]RGB{
		"#1a6b5c": {0x1a, 0x6b, 0x5c},
		"#0B6E4F": {0x0b, 0x6e, 0x4f},
		"#ffffff": {0xff, 0xff, 0xff},
		"#000000": {},
	} {
		if got, ok := Parse(in); !ok || got != want {
			t.Errorf("Parse(%q) = %v, %v; want %v", in, got, ok, want)
		}
		if !Valid(in) || OrDefault(in) != want {
			t.Errorf("Valid/OrDefault(%q) disagree with Parse", in)
		}
	}
	for _, in := range []string{"", "#", "1a6b5c", "#1a6b5", "#1a6b5c0", "#1a6b5g", "#+a6b5c", "# a6b5c",
		"#-1a6b5", "#0x1a6b", "red", "#1a6b5c;}", "#１a6b5c"} {
		if _, ok := Parse(in); ok || Valid(in) {
			t.Errorf("Parse(%q) accepted", in)
		}
		if OrDefault(in) != Default {
			t.Errorf("OrDefault(%q) = %v, want the default", in, OrDefault(in))
		}
	}
	if got := (RGB{0x0b, 0x6e, 0x4f}).Hex(); got != "#0b6e4f" {
		t.Errorf("Hex = %q", got)
	}
	if (RGB{}).Luminance() != 0 || (RGB{255, 255, 255}).Luminance() < 0.999 {
		t.Error("luminance of black/white")
	}
}

func TestTextOn(t *testing.T) {
	for bg, want := range map[string]string{"#1a6b5c": "#ffffff", "#1f3a5f": "#ffffff", "#000000": "#ffffff",
		"#ffffff": "#111111", "#ffd400": "#111111", "#7fd3c0": "#111111"} {
		if got := OrDefault(bg).TextOn(); got != want {
			t.Errorf("TextOn(%s) = %s, want %s", bg, got, want)
		}
	}
}
