package pdf

import (
	"bytes"
	"crypto/sha256"
	"image"
	"image/color"
	stddraw "image/draw"
	"image/jpeg"
	"image/png"
	"sync"

	"github.com/johnfercher/maroto/v2/pkg/consts/extension"
	xdraw "golang.org/x/image/draw"
)

// maxLogoPx bounds the logo's longer side: printed at about 50 mm it needs
// no more, and every PDF attached to a reminder carries it.
const maxLogoPx = 600

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
var logoCache = struct {
	sync.Mutex
	m map[[sha256.Size]byte]*preparedLogo
}{m: map[[sha256.Size]byte]*preparedLogo{}}

// maxCachedLogos bounds memory; an installation has few companies.
const maxCachedLogos = 256

func cachedLogo(data []byte, mime string) *preparedLogo {
	if len(data) == 0 {
		return nil
	}
	key := sha256.Sum256(append([]byte(mime+"\x00"), data...))
	logoCache.Lock()
	p, ok := logoCache.m[key]
	logoCache.Unlock()
	if ok {
		return p
	}
	p = prepareLogo(data, mime)
	logoCache.Lock()
	if len(logoCache.m) >= maxCachedLogos {
		clear(logoCache.m)
	}
	logoCache.m[key] = p
	logoCache.Unlock()
	return p
}

// prepareLogo decodes the logo and returns it in a form cheap to embed, or
// nil when it is not a PNG or JPEG image that decodes.
func prepareLogo(data []byte, mime string) *preparedLogo {
	var (
		img image.Image
		err error
	)
	switch mime {
	case "image/png":
		img, err = png.Decode(bytes.NewReader(data))
	case "image/jpeg", "image/jpg":
		img, err = jpeg.Decode(bytes.NewReader(data))
	default:
		return nil
	}
	if err != nil {
		return nil
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w == 0 || h == 0 {
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
	dst := image.NewRGBA(image.Rect(0, 0, nw, nh))
	stddraw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, stddraw.Src)
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), img, b, xdraw.Over, nil)
	var out bytes.Buffer
	// An opaque *image.RGBA is written as 8-bit RGB without alpha.
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, dst); err != nil {
		return nil
	}
	return &preparedLogo{data: out.Bytes(), ext: extension.Png, w: nw, h: nh}
}
