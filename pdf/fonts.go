package pdf

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tdewolff/canvas"
)

// A font the renderer may use: a file name, searched for in each folder
// given and in the system's font folders, and the face's index in a
// collection (.ttc).
type fontFile struct {
	name  string
	index int
}

// The faces, in order of preference. Latin and Cyrillic are set in Noto
// Sans (Debian fonts-noto-core). Chinese needs a font with TrueType
// outlines: the PDF writer subsets glyf fonts but not the CID-keyed CFF
// of Noto Sans CJK's OpenType collections, and embedding all of those
// (16 MB) in every PDF is out of the question. A TrueType build of Noto
// Sans SC put in --fonts comes first; then Droid Sans Fallback (Debian
// fonts-droid-fallback) and WenQuanYi Micro Hei (fonts-wqy-microhei).
var (
	latinRegular = []fontFile{{"NotoSans-Regular.ttf", 0}, {"DejaVuSans.ttf", 0}}
	latinBold    = []fontFile{{"NotoSans-Bold.ttf", 0}, {"DejaVuSans-Bold.ttf", 0}}
	cjkRegular   = []fontFile{{"NotoSansSC-Regular.ttf", 0}, {"DroidSansFallbackFull.ttf", 0}, {"DroidSansFallback.ttf", 0}, {"wqy-microhei.ttc", 0}}
)

// SystemFontDirs are where Debian and most Linux systems keep fonts.
func SystemFontDirs() []string { return []string{"/usr/share/fonts", "/usr/local/share/fonts"} }

// maxFontSearch bounds the walk of the font folders: a folder given by
// mistake (/) must not take the start of the server with it.
const maxFontSearch = 20000

// FontPaths are the font files found for the three faces the renderer uses.
type FontPaths struct {
	Regular, Bold, CJK string
}

// MissingFontError names the font that was not found and where it was
// looked for, so that an operator knows what to install.
type MissingFontError struct {
	Face  string   // "Latin regular", "Latin bold", "Chinese"
	Names []string // the files looked for
	Dirs  []string
}

func (e *MissingFontError) Error() string {
	return fmt.Sprintf("no %s font for PDFs: none of %s in %s (install Debian's fonts-noto-core and fonts-droid-fallback, or give --fonts DIR)",
		e.Face, strings.Join(e.Names, ", "), strings.Join(e.Dirs, ", "))
}

// FindFonts looks for the faces in dirs, the first folder first (the
// server passes --fonts, then SystemFontDirs). It only walks folders:
// the fonts are read when the first PDF is made.
func FindFonts(dirs ...string) (FontPaths, error) {
	all := dirs
	found := map[string]string{}
	seen := 0
	for _, d := range all {
		_ = filepath.WalkDir(d, func(path string, e os.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if seen++; seen > maxFontSearch {
				return filepath.SkipAll
			}
			if !e.IsDir() {
				if _, ok := found[e.Name()]; !ok {
					found[e.Name()] = path
				}
			}
			return nil
		})
		seen = 0
	}
	var p FontPaths
	for _, f := range []struct {
		face  string
		files []fontFile
		to    *string
	}{{"Latin regular", latinRegular, &p.Regular}, {"Latin bold", latinBold, &p.Bold}, {"Chinese", cjkRegular, &p.CJK}} {
		var names []string
		for _, ff := range f.files {
			names = append(names, ff.name)
			if path, ok := found[ff.name]; ok && *f.to == "" {
				*f.to = path
			}
		}
		if *f.to == "" {
			return p, &MissingFontError{Face: f.face, Names: names, Dirs: all}
		}
	}
	return p, nil
}

// fonts are the loaded faces.
type fonts struct {
	regular, bold, cjk *canvas.FontFamily
}

func loadFonts(p FontPaths) (*fonts, error) {
	load := func(name, path string) (*canvas.FontFamily, error) {
		fam := canvas.NewFontFamily(name)
		if err := fam.LoadFontFile(path, canvas.FontRegular); err != nil {
			return nil, fmt.Errorf("font %s: %w", path, err)
		}
		// Ligatures would give pdftotext "ﬁ" for "fi", and a search
		// of the text would miss the word.
		fam.SetFeatures("-liga,-clig,-dlig")
		return fam, nil
	}
	var f fonts
	var err error
	if f.regular, err = load("regular", p.Regular); err != nil {
		return nil, err
	}
	if f.bold, err = load("bold", p.Bold); err != nil {
		return nil, err
	}
	if f.cjk, err = load("cjk", p.CJK); err != nil {
		return nil, err
	}
	// A CID-keyed CFF font loads, but the writer cannot subset it and
	// would fail at the end of the first PDF: refuse it here, by name.
	if sf := f.cjk.Face(10).Font.SFNT; sf.IsCFF {
		return nil, errors.New("font " + p.CJK + " has CFF outlines, which the PDF writer cannot subset: use a TrueType (glyf) Chinese font")
	}
	return &f, nil
}
