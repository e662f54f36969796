package pdf

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"image"
	"image/color"
	stddraw "image/draw"
	"image/jpeg"
	"image/png"
	"sync"

	"github.com/johnfercher/maroto/v2/pkg/consts/extension"
	xdraw "golang.org/x/image/draw"
)

// Logo limits: the one owner of what a company logo may be.
const (
	// MaxLogoBytes bounds the uploaded file.
	MaxLogoBytes = 1 << 20
	// MaxLogoPixels bounds the uploaded image's area before it is decoded:
	// a small file can hold a huge image (a 132 KB PNG of 4000×4000 16-bit
	// pixels decodes to 128 MB).
	MaxLogoPixels = 4_000_000
	// maxLogoPx bounds the stored logo's longer side: printed at about
	// 50 mm it needs no more, and every PDF attached to a reminder carries it.
	maxLogoPx = 600
)

// Why a logo is refused.
var (
	ErrLogoNotImage = errors.New("logo: not a PNG or JPEG image")
	ErrLogoTooLarge = errors.New("logo: too large")
)

// NormalizeLogo is done once, at upload: the image is checked (PNG or JPEG,
// at most MaxLogoBytes and MaxLogoPixels, read from its header before any
// decoding), decoded once, flattened on white, scaled to at most 600 px
// and re-encoded as an opaque 8-bit RGB PNG, the form a PDF embeds without
// decoding it. It returns the PNG to store.
func NormalizeLogo(data []byte) ([]byte, error) {
	if len(data) > MaxLogoBytes {
		return nil, ErrLogoTooLarge
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "png" && format != "jpeg") || cfg.Width < 1 || cfg.Height < 1 {
		return nil, ErrLogoNotImage
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxLogoPixels {
		return nil, ErrLogoTooLarge
	}
	p := prepareLogo(data, "image/"+format)
	if p == nil {
		return nil, ErrLogoNotImage
	}
	if p.ext != extension.Png {
		// A small JPEG is kept as given by prepareLogo; store the PNG form
		// anyway, so that every stored logo has one shape.
		img, err := jpeg.Decode(bytes.NewReader(p.data))
		if err != nil {
			return nil, ErrLogoNotImage
		}
		return encodeOpaque(img, img.Bounds().Dx(), img.Bounds().Dy())
	}
	return p.data, nil
}

// preparedLogo is a logo ready for gofpdf: a JPEG as given, or an opaque
// 8-bit RGB PNG, whose image data gofpdf copies without decompressing.
// A PNG with an alpha channel would be inflated and split on every render.
type preparedLogo struct {
	data []byte
	ext  extension.Type
	w, h int
}

// logoCache keeps prepared logos across renders, keyed by a hash of the
// bytes so that a changed logo is picked up without any invalidation.
// An undecodable logo is cached as nil: skipped, and not decoded again.
// Logos stored by NormalizeLogo are never decoded here at all; older ones
// are decoded once per process, one at a time (prepareMu), so that eight
// PDFs rendered together do not decode the same logo eight times.
var logoCache = struct {
	sync.Mutex
	m map[[sha256.Size]byte]*preparedLogo
}{m: map[[sha256.Size]byte]*preparedLogo{}}

var prepareMu sync.Mutex

// maxCachedLogos bounds memory; an installation has few companies.
const maxCachedLogos = 256

func cachedLogo(data []byte, mime string) *preparedLogo {
	if len(data) == 0 {
		return nil
	}
	key := sha256.Sum256(append([]byte(mime+"\x00"), data...))
	lookup := func() (*preparedLogo, bool) {
		logoCache.Lock()
		defer logoCache.Unlock()
		p, ok := logoCache.m[key]
		return p, ok
	}
	if p, ok := lookup(); ok {
		return p
	}
	prepareMu.Lock()
	defer prepareMu.Unlock()
	if p, ok := lookup(); ok {
		return p // prepared while this one waited
	}
	p := prepareLogo(data, mime)
	logoCache.Lock()
	if len(logoCache.m) >= maxCachedLogos {
		clear(logoCache.m)
	}
	logoCache.m[key] = p
	logoCache.Unlock()
	return p
}

// prepareLogo returns the logo in a form cheap to embed, or nil when it is
// not a PNG or JPEG image that decodes within MaxLogoPixels. A logo
// already in the stored form (NormalizeLogo) is used as is, from its
// header alone.
func prepareLogo(data []byte, mime string) *preparedLogo {
	var (
		cfg image.Config
		err error
	)
	switch mime {
	case "image/png":
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	case "image/jpeg", "image/jpg":
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	default:
		return nil
	}
	w, h := cfg.Width, cfg.Height
	if err != nil || w < 1 || h < 1 || int64(w)*int64(h) > MaxLogoPixels {
		return nil
	}
	if mime == "image/png" && cfg.ColorModel == color.RGBAModel && w <= maxLogoPx && h <= maxLogoPx {
		return &preparedLogo{data: data, ext: extension.Png, w: w, h: h} // 8-bit RGB: embedded as is
	}
	var img image.Image
	if mime == "image/png" {
		img, err = png.Decode(bytes.NewReader(data))
	} else {
		img, err = jpeg.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil
	}
	if mime != "image/png" && w <= maxLogoPx && h <= maxLogoPx {
		if _, isCMYK := img.(*image.CMYK); !isCMYK {
			return &preparedLogo{data: data, ext: extension.Jpg, w: w, h: h}
		}
	}
	// Flatten on white (the page colour) and scale down if needed.
	nw, nh := w, h
	if nw > maxLogoPx || nh > maxLogoPx {
		if nw >= nh {
			nw, nh = maxLogoPx, max(1, h*maxLogoPx/w)
		} else {
			nw, nh = max(1, w*maxLogoPx/h), maxLogoPx
		}
	}
	out, err := encodeOpaque(img, nw, nh)
	if err != nil {
		return nil
	}
	return &preparedLogo{data: out, ext: extension.Png, w: nw, h: nh}
}

// encodeOpaque draws img at nw×nh on white and encodes it as 8-bit RGB
// PNG (an opaque *image.RGBA is written without alpha).
func encodeOpaque(img image.Image, nw, nh int) ([]byte, error) {
	dst := image.NewRGBA(image.Rect(0, 0, nw, nh))
	stddraw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, stddraw.Src)
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), img, img.Bounds(), xdraw.Over, nil)
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, dst); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
