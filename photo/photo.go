// Package photo checks and cleans the photos of press releases before they
// are kept: JPEG or PNG by their content (the magic bytes, then a full
// decode), within limits of bytes and pixels (the header's dimensions are
// read first, so that a decompression bomb, a small file that would decode
// to gigabytes, is refused before it is decoded), and re-encoded from
// their pixels alone, which drops every piece of metadata: EXIF with the
// camera's GPS position, XMP, ICC profiles, comments, PNG text chunks, and
// whatever was appended after the image.
package photo

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"github.com/accord-org/accord"
)

// Cleaned is a photo ready to keep: its type, its re-encoded bytes and its
// dimensions as shown (after the camera's orientation was applied).
type Cleaned struct {
	Type          *accord.FileType
	Data          []byte
	Width, Height int
}

// jpegQuality keeps a re-encoded photo close to the original: press photos
// are printed.
const jpegQuality = 92

// Clean checks the photo named name, of size bytes, and returns it
// re-encoded. Every refusal is EINVALID on the field "file" and says what
// is wrong in words an uploader understands.
func Clean(name string, r io.ReaderAt, size int64) (*Cleaned, error) {
	want, err := accord.CheckPhoto(name, r, size)
	if err != nil {
		return nil, err
	}
	decodeConfig, decode := jpeg.DecodeConfig, jpeg.Decode
	if want.MediaType == accord.MediaPNG {
		decodeConfig, decode = png.DecodeConfig, png.Decode
	}
	cfg, err := decodeConfig(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, accord.Invalid("file", "%q is not a whole %s image: it does not decode", name, want.Label)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > accord.MaxPhotoSide || cfg.Height > accord.MaxPhotoSide ||
		int64(cfg.Width)*int64(cfg.Height) > accord.MaxPhotoPixels {
		return nil, accord.Invalid("file", "%q is %d×%d pixels: a photo has at most %d pixels a side and %d in all", name, cfg.Width, cfg.Height, accord.MaxPhotoSide, accord.MaxPhotoPixels)
	}
	img, err := decode(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, accord.Invalid("file", "%q is not a whole %s image: it does not decode", name, want.Label)
	}
	var buf bytes.Buffer
	if want.MediaType == accord.MediaJPEG {
		// The orientation is metadata too, but the one piece a reader
		// needs: a phone's portrait photo is stored on its side. It is
		// applied to the pixels before the metadata goes.
		img = orient(img, exifOrientation(r, size))
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality})
	} else {
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img)
	}
	if err != nil {
		return nil, accord.Wrap("re-encode photo", err)
	}
	if buf.Len() > accord.MaxPhotoSize {
		return nil, accord.Invalid("file", "%q is larger than the limit of %d MiB for photos", name, accord.MaxPhotoSize>>20)
	}
	b := img.Bounds()
	return &Cleaned{Type: want, Data: buf.Bytes(), Width: b.Dx(), Height: b.Dy()}, nil
}

// maxSegmentScan bounds how far exifOrientation reads: EXIF sits in the
// first segments, before the image data.
const maxSegmentScan = 256 << 10

// exifOrientation reads the EXIF orientation (1 to 8) of a JPEG, 1 when it
// has none or it does not parse: a wrong guess must never refuse a photo
// that decodes.
func exifOrientation(r io.ReaderAt, size int64) int {
	head := make([]byte, min(size, maxSegmentScan))
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	for i := 2; i+4 <= len(head); {
		if head[i] != 0xFF {
			return 1
		}
		marker := head[i+1]
		if marker == 0xDA || marker == 0xD9 { // the image data begins
			return 1
		}
		length := int(binary.BigEndian.Uint16(head[i+2:]))
		if length < 2 || i+2+length > len(head) {
			return 1
		}
		seg := head[i+4 : i+2+length]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		i += 2 + length
	}
	return 1
}

// tiffOrientation finds tag 0x0112 in the first IFD of a TIFF header.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	ifd := int(order.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 1
	}
	count := int(order.Uint16(t[ifd:]))
	for k := range count {
		e := ifd + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		if order.Uint16(t[e:]) == 0x0112 && order.Uint16(t[e+2:]) == 3 { // SHORT
			if o := int(order.Uint16(t[e+8:])); o >= 1 && o <= 8 {
				return o
			}
			return 1
		}
	}
	return 1
}

// orient turns img as EXIF orientation o says the camera held it.
func orient(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		for x := range dw {
			var sx, sy int
			switch o {
			case 2:
				sx, sy = w-1-x, y
			case 3:
				sx, sy = w-1-x, h-1-y
			case 4:
				sx, sy = x, h-1-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, h-1-x
			case 7:
				sx, sy = w-1-y, h-1-x
			case 8:
				sx, sy = w-1-y, x
			}
			dst.Set(x, y, img.At(b.Min.X+sx, b.Min.Y+sy))
		}
	}
	return dst
}
