package photo

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/accord-org/accord"
)

// picture is a w×h image whose top-left pixel is red and the rest blue,
// so that a rotation shows where the corner went.
func picture(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{0, 0, 255, 255})
		}
	}
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngChunk is one PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

// withTextChunks puts tEXt, iTXt and zTXt chunks after a PNG's header.
func withTextChunks(p []byte) []byte {
	ihdrEnd := 8 + 8 + 13 + 4
	var out []byte
	out = append(out, p[:ihdrEnd]...)
	out = append(out, pngChunk("tEXt", []byte("Author\x00SECRET-AUTHOR"))...)
	out = append(out, pngChunk("iTXt", []byte("Location\x00\x00\x00\x00\x00SECRET-PLACE"))...)
	out = append(out, pngChunk("zTXt", []byte("Comment\x00\x00x\x9c\x03\x00\x00\x00\x00\x01"))...)
	return append(out, p[ihdrEnd:]...)
}

// withDimensions rewrites a PNG header's dimensions, with its CRC: a small
// file that claims a huge image.
func withDimensions(p []byte, w, h uint32) []byte {
	out := bytes.Clone(p)
	binary.BigEndian.PutUint32(out[16:], w)
	binary.BigEndian.PutUint32(out[20:], h)
	binary.BigEndian.PutUint32(out[29:], crc32.ChecksumIEEE(out[12:29]))
	return out
}

// withExif puts an APP1 EXIF segment with an orientation and a fake GPS
// text, and a comment, after a JPEG's SOI.
func withExif(j []byte, orientation uint16) []byte {
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08")
	tiff = binary.BigEndian.AppendUint16(tiff, 1)
	tiff = binary.BigEndian.AppendUint16(tiff, 0x0112)
	tiff = binary.BigEndian.AppendUint16(tiff, 3)
	tiff = binary.BigEndian.AppendUint32(tiff, 1)
	tiff = binary.BigEndian.AppendUint16(tiff, orientation)
	tiff = append(tiff, 0, 0, 0, 0, 0, 0)
	tiff = append(tiff, "GPS 42.87N 74.59E SECRET-PLACE"...)
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	seg := append([]byte{0xFF, 0xE1}, binary.BigEndian.AppendUint16(nil, uint16(len(app1)+2))...)
	seg = append(seg, app1...)
	com := []byte("SECRET-AUTHOR")
	seg = append(seg, 0xFF, 0xFE)
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(com)+2))
	seg = append(seg, com...)
	out := append([]byte{}, j[:2]...)
	out = append(out, seg...)
	return append(out, j[2:]...)
}

func TestCleanStripsMetadata(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		typ  string
	}{
		{"photo.png", withTextChunks(encodePNG(t, picture(6, 4))), accord.MediaPNG},
		{"photo.JPG", withExif(encodeJPEG(t, picture(6, 4)), 1), accord.MediaJPEG},
		{"photo.jpeg", append(withExif(encodeJPEG(t, picture(6, 4)), 1), "PK\x03\x04 an appended archive SECRET-PLACE"...), accord.MediaJPEG},
	} {
		if !bytes.Contains(c.data, []byte("SECRET")) {
			t.Fatalf("%s: the sample carries no metadata", c.name)
		}
		got, err := Clean(c.name, bytes.NewReader(c.data), int64(len(c.data)))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got.Type.MediaType != c.typ || got.Width != 6 || got.Height != 4 {
			t.Errorf("%s: %s %d×%d, want %s 6×4", c.name, got.Type.MediaType, got.Width, got.Height, c.typ)
		}
		for _, leak := range []string{"SECRET", "Exif", "tEXt", "iTXt", "zTXt", "PK\x03\x04"} {
			if bytes.Contains(got.Data, []byte(leak)) {
				t.Errorf("%s: the cleaned photo still holds %q", c.name, leak)
			}
		}
		if _, _, err := image.Decode(bytes.NewReader(got.Data)); err != nil {
			t.Errorf("%s: the cleaned photo does not decode: %v", c.name, err)
		}
	}
}

// TestCleanOrients checks that a camera's orientation is applied to the
// pixels before it is dropped with the rest of the EXIF.
func TestCleanOrients(t *testing.T) {
	for _, c := range []struct {
		orientation    uint16
		w, h           int
		cornerX, cornY int // where the red corner goes
	}{
		{1, 8, 4, 0, 0}, {2, 8, 4, 7, 0}, {3, 8, 4, 7, 3}, {4, 8, 4, 0, 3},
		{5, 4, 8, 0, 0}, {6, 4, 8, 3, 0}, {7, 4, 8, 3, 7}, {8, 4, 8, 0, 7},
	} {
		// A larger red corner survives JPEG's blocks.
		src := image.NewRGBA(image.Rect(0, 0, 64, 32))
		for y := range 32 {
			for x := range 64 {
				col := color.RGBA{0, 0, 255, 255}
				if x < 8 && y < 8 {
					col = color.RGBA{255, 0, 0, 255}
				}
				src.Set(x, y, col)
			}
		}
		data := withExif(encodeJPEG(t, src), c.orientation)
		got, err := Clean("p.jpg", bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		if got.Width != c.w*8 || got.Height != c.h*8 {
			t.Errorf("orientation %d: %d×%d, want %d×%d", c.orientation, got.Width, got.Height, c.w*8, c.h*8)
			continue
		}
		img, err := jpeg.Decode(bytes.NewReader(got.Data))
		if err != nil {
			t.Fatal(err)
		}
		r, _, b, _ := img.At(c.cornerX*8+3, c.cornY*8+3).RGBA()
		if r < b {
			t.Errorf("orientation %d: the top-left corner is not at (%d, %d) of the blocks", c.orientation, c.cornerX, c.cornY)
		}
	}
}

// TestCleanRefuses checks each image that is not what it says it is, or
// too large: refused on the field file, with a reason.
func TestCleanRefuses(t *testing.T) {
	small := encodePNG(t, picture(4, 4))
	jpg := encodeJPEG(t, picture(4, 4))
	for _, c := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"a PNG named .jpg", "p.jpg", small, "not what its name says"},
		{"a JPEG named .png", "p.png", jpg, "not what its name says"},
		{"text named .png", "p.png", []byte("<svg onload=alert(1)>"), "not what its name says"},
		{"a PDF named .jpg", "p.jpg", []byte("%PDF-1.7\n%%EOF"), "its content is a PDF file"},
		{"a cut PNG", "p.png", small[:len(small)-20], "does not decode"},
		{"a cut JPEG", "p.jpg", jpg[:len(jpg)/2], "does not decode"},
		{"a PNG of broken data", "p.png", append(bytes.Clone(small[:33]), pngChunk("IDAT", []byte("not zlib at all"))...), "does not decode"},
		{"a bomb: a small PNG that claims 100000×100000", "p.png", withDimensions(small, 100000, 100000), "100000×100000 pixels"},
		{"too many pixels", "p.png", withDimensions(small, 6000, 6000), "6000×6000 pixels"},
		{"an empty file", "p.png", nil, "is empty"},
		{"an SVG", "p.svg", []byte("<svg/>"), "not a JPEG or PNG photo"},
		{"a GIF named .png", "p.gif.png", []byte("GIF89a\x01\x00\x01\x00"), "not what its name says"},
		{"no name", "", small, "file name"},
	} {
		_, err := Clean(c.file, bytes.NewReader(c.data), int64(len(c.data)))
		if accord.ErrorCode(err) != accord.EINVALID || accord.ErrorField(err) != "file" || !strings.Contains(accord.ErrorMessage(err), c.want) {
			t.Errorf("%s: %v, want EINVALID on file saying %q", c.name, err, c.want)
		}
	}
	// Larger than the limit, whatever it holds: refused before a byte is
	// decoded.
	if _, err := Clean("p.png", bytes.NewReader(small), accord.MaxPhotoSize+1); !strings.Contains(accord.ErrorMessage(err), "larger than the limit") {
		t.Errorf("too large: %v", err)
	}
}

// BenchmarkClean measures cleaning a 12-megapixel phone photo held
// upright (orientation 1, the baseline) and on its side (6), which turns
// the pixels before re-encoding.
func BenchmarkClean(b *testing.B) {
	img := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	for y := range 3000 {
		for x := range 4000 {
			img.Set(x, y, color.RGBA{byte(x / 16), byte(y / 12), byte((x + y) / 28), 255})
		}
	}
	plain := encodeJPEG(b, img)
	for _, o := range []uint16{1, 6} {
		data := withExif(plain, o)
		b.Run("orientation="+string(rune('0'+o)), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Clean("p.jpg", bytes.NewReader(data), int64(len(data))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
