package http_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// photosMatrix: only the secretariat adds a photo to its press release; a
// document that is not one is refused before a byte is read.
func photosMatrix() map[string][]matrixCase {
	writers := every(403, rolePublic, 401, roleSecretariat, 400)
	return map[string][]matrixCase{
		"photo_upload": {
			{method: "POST", path: "/documents/{doc:KABAR/2024-07-25}/photos", body: `{"alt":{"en":"A photo"}}`, want: writers},
			{method: "POST", path: "/documents/{doc:SCO/PGM/22/PROTOCOL}/photos", body: `{"alt":{"en":"A photo"}}`, want: writers},
			{method: "POST", path: "/documents/{doc:SCO/PGM/22/IN/CONFIDENTIAL}/photos", body: `{}`, want: every(404, roleDelegation, 400, roleHead, 403)},
		},
	}
}

// samplePNG is a small PNG with text chunks that name an author and a
// place, as a camera or an editor leaves them.
func samplePNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	chunk := func(typ, data string) []byte {
		out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		out = append(out, typ+data...)
		return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE([]byte(typ+data)))
	}
	p := b.Bytes()
	const ihdrEnd = 8 + 8 + 13 + 4
	out := append(bytes.Clone(p[:ihdrEnd]), chunk("tEXt", "Author\x00SECRET-AUTHOR")...)
	out = append(out, chunk("iTXt", "GPS\x00\x00\x00\x00\x00SECRET-PLACE")...)
	return append(out, p[ihdrEnd:]...)
}

// stagedAndKept counts the files the store keeps and those it stages: a
// refused photo leaves neither.
func stagedAndKept(t *testing.T, f *fixture) (int, int) {
	t.Helper()
	tmp, err := os.ReadDir(filepath.Join(filepath.Dir(filepath.Dir(filepath.Dir(f.files.Path(strings.Repeat("0", 64))))), "tmp"))
	if err != nil {
		t.Fatal(err)
	}
	return len(tmp), storedFiles(t, f)
}

// TestPhotos adds a photo to the demo's press release through the real
// router, on both engines: kept without its metadata, shown on the
// release's page with its description, served inline as the type it was
// checked to be. Each image that is not what it says it is gets a 400 on
// its field and changes nothing.
func TestPhotos(t *testing.T) {
	sqltest.RunWithClock(t, fixedNow, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db, newClock())
		sec := f.session(t, roleSecretariat)
		id := strconv.FormatInt(f.docs["KABAR/2024-07-25"], 10)
		path := "/api/v1/documents/" + id + "/photos"
		good := samplePNG(t, 40, 30)
		alt := map[string]string{"alt.en": "Prosecutors General <b>in Bishkek</b>"}

		beforeDB := documentsState(t, db)
		staged, kept := stagedAndKept(t, f)
		bomb := bytes.Clone(good)
		binary.BigEndian.PutUint32(bomb[16:], 100000)
		binary.BigEndian.PutUint32(bomb[20:], 100000)
		binary.BigEndian.PutUint32(bomb[29:], crc32.ChecksumIEEE(bomb[12:29]))
		for _, c := range []struct {
			name, path, file string
			content          []byte
			fields           map[string]string
			field            string
		}{
			{"a PNG named .jpg", path, "photo.jpg", good, alt, "file"},
			{"text named .png", path, "photo.png", []byte("I am not a picture.\n"), alt, "file"},
			{"a PDF named .png", path, "photo.png", samplePDF, alt, "file"},
			{"an SVG", path, "photo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), alt, "file"},
			{"a cut PNG", path, "photo.png", good[:len(good)-30], alt, "file"},
			{"a decompression bomb", path, "photo.png", bomb, alt, "file"},
			{"over the limit", path, "photo.png", append(bytes.Clone(good), make([]byte, accord.MaxPhotoSize)...), alt, "file"},
			{"no description", path, "photo.png", good, nil, "alt.en"},
			{"a description in another language only", path, "photo.png", good, map[string]string{"alt.ru": "Фото"}, "alt.en"},
			{"an unknown field", path, "photo.png", good, map[string]string{"alt.en": "x", "caption": "x"}, "caption"},
			{"no file", path, "", nil, alt, "file"},
			{"a photo of a protocol", "/api/v1/documents/" + strconv.FormatInt(f.docs["SCO/PGM/22/PROTOCOL"], 10) + "/photos", "photo.png", good, alt, "file"},
			{"a photo as a plain file", "/api/v1/documents/" + id + "/attachments", "photo.png", good, nil, "file"},
		} {
			body, h := upload(t, c.fields, c.file, c.content)
			res := f.do(t, request{method: "POST", path: c.path, cookie: sec, body: body, header: h})
			e := docJSON[struct{ Error struct{ Code, Field string } }](t, res)
			if res.status != 400 || e.Error.Field != c.field {
				t.Errorf("%s: %d %.300s", c.name, res.status, res.body)
			}
		}
		if after := documentsState(t, db); after != beforeDB {
			t.Errorf("refused photos changed the database")
		}
		if s, k := stagedAndKept(t, f); s != staged || k != kept {
			t.Errorf("refused photos left %d staged and %d kept files, want %d and %d", s, k, staged, kept)
		}

		// The page's form shows the refusal next to the file, with the
		// description kept.
		body, h := upload(t, map[string]string{"form": "photo", "alt.en": "Kept description"}, "photo.jpg", good)
		res := f.do(t, request{method: "POST", path: "/documents/" + id + "/photos?lang=ru", cookie: sec, body: body, header: h})
		for _, want := range []string{`id="p-file-error"`, "не то, что обещает имя", "Kept description"} {
			if res.status != 400 || !strings.Contains(res.body, want) {
				t.Errorf("refused photo form (%d) lacks %q", res.status, want)
			}
		}

		body, h = upload(t, alt, "Бишкек.png", good)
		res = f.do(t, request{method: "POST", path: path, cookie: sec, body: body, header: h})
		if res.status != 201 {
			t.Fatalf("add the photo: %d %s", res.status, res.body)
		}
		a := jsonField[accord.Attachment](t, res, "attachment")
		if a.MediaType != accord.MediaPNG || a.Width != 40 || a.Height != 30 || a.Alt["en"] != alt["alt.en"] {
			t.Errorf("the photo as kept: %+v", a)
		}
		file := f.do(t, request{path: "/documents/" + id + "/attachments/" + strconv.FormatInt(a.ID, 10)})
		if file.status != 200 || file.header.Get("Content-Type") != accord.MediaPNG || !strings.HasPrefix(file.header.Get("Content-Disposition"), "inline;") {
			t.Errorf("the photo served: %d %v", file.status, file.header)
		}
		if strings.Contains(file.body, "SECRET") || strings.Contains(file.body, "tEXt") || strings.Contains(file.body, "iTXt") {
			t.Errorf("the photo kept its metadata")
		}
		if _, err := png.Decode(strings.NewReader(file.body)); err != nil {
			t.Errorf("the photo served does not decode: %v", err)
		}
		page := f.do(t, request{path: "/documents/" + id})
		want := `<img src="/documents/` + id + `/attachments/` + strconv.FormatInt(a.ID, 10) + `" alt="Prosecutors General &lt;b&gt;in Bishkek&lt;/b&gt;" lang="en" width="40" height="30"`
		if !strings.Contains(page.body, want) {
			t.Errorf("the release's page lacks %s", want)
		}
		// The press rooms of both its organizations show it, in the
		// reader's language or the nearest.
		for _, org := range []string{"SCO", "OTS"} {
			room := f.do(t, request{path: "/organizations/" + org + "/press?lang=ru"})
			if !strings.Contains(room.body, `<img src="/documents/`+id+`/attachments/`+strconv.FormatInt(a.ID, 10)+`" alt="Prosecutors General &lt;b&gt;in Bishkek&lt;/b&gt;" lang="en"`) {
				i := strings.Index(room.body, "<img")
				t.Errorf("the %s press room does not show the photo: %.300s", org, room.body[max(i, 0):])
			}
		}
		// A shared link's card shows it.
		if !strings.Contains(page.body, `<meta property="og:image" content="`) || !strings.Contains(page.body, `<meta property="og:image:alt" content="Prosecutors General`) {
			t.Errorf("the release's card has no picture")
		}
		if edit := f.do(t, request{path: "/documents/" + id + "/edit", cookie: sec}); !strings.Contains(edit.body, `name="alt.en"`) {
			t.Errorf("the edit page offers no photo form")
		}
	})
}
