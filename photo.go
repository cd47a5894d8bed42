package accord

import (
	"path"
	"slices"
	"strings"
)

// Photos of press releases are attachments of a kind: kept in the file
// store under their hash like any file, listed with the document's
// attachments, withdrawn as they are. What sets them apart is checked
// here and in package photo: JPEG or PNG by their content, decoded in full
// after their header's dimensions passed the limits (so that a small file
// that would decode to gigabytes is refused unread), re-encoded without
// their metadata (EXIF with its GPS position, XMP, comments, text chunks),
// and described in the release's languages for those who do not see them.

// MaxPhotoSize is the largest photo, in bytes, as uploaded and as kept.
const MaxPhotoSize = 10 * mib

// MaxPhotoSide and MaxPhotoPixels bound a photo's dimensions: 24
// megapixels is more than any press photo needs, and decoding one takes
// about 100 MB.
const (
	MaxPhotoSide   = 8000
	MaxPhotoPixels = 24_000_000
)

// MaxAltRunes bounds a photo's description in one language.
const MaxAltRunes = 500

// PhotoTypeByName returns the photo type a file name's extension promises.
func PhotoTypeByName(name string) (*FileType, error) {
	ext := strings.ToLower(path.Ext(name))
	for i := range FileTypes {
		if FileTypes[i].Photo && slices.Contains(FileTypes[i].Extensions, ext) {
			return &FileTypes[i], nil
		}
	}
	return nil, Invalid("file", "%q is not a JPEG or PNG photo: its name must end in .jpg, .jpeg or .png", name)
}

// validatePhoto checks what a photo carries besides a file's record: a
// description and its dimensions; a plain file carries neither.
func (a *Attachment) validatePhoto(ft *FileType) error {
	if !ft.Photo {
		if len(a.Alt) > 0 || a.Width != 0 || a.Height != 0 {
			return Invalid("alt", "only a photo has a description and dimensions")
		}
		return nil
	}
	if a.Width <= 0 || a.Height <= 0 || a.Width > MaxPhotoSide || a.Height > MaxPhotoSide || a.Width*a.Height > MaxPhotoPixels {
		return Invalid("file", "a photo has at most %d pixels a side and %d in all, not %d×%d", MaxPhotoSide, MaxPhotoPixels, a.Width, a.Height)
	}
	return validateAltTexts(a.Alt)
}

// ValidateAlt checks a photo's descriptions: one at least, each in a
// language tag and within MaxAltRunes, and one in each of langs (the
// release's languages) when they are given.
func ValidateAlt(alt Text, langs []string) error {
	if err := validateAltTexts(alt); err != nil {
		return err
	}
	for _, lang := range langs {
		if strings.TrimSpace(alt[lang]) == "" {
			return Invalid("alt."+lang, "describe the photo in each language of the release, for those who do not see it")
		}
	}
	if len(langs) == 0 && !slices.ContainsFunc(alt.Languages(), func(l string) bool { return strings.TrimSpace(alt[l]) != "" }) {
		return Invalid("alt", "describe the photo, for those who do not see it")
	}
	return nil
}

// validateAltTexts checks the descriptions given, whichever they are.
func validateAltTexts(alt Text) error {
	for _, lang := range alt.Languages() {
		field := "alt." + lang
		if err := ValidateLanguageTag(field, lang); err != nil {
			return err
		}
		if err := ValidateText(field, alt[lang]); err != nil {
			return err
		}
		if n := len([]rune(alt[lang])); n > MaxAltRunes {
			return Invalid(field, "a description has at most %d characters, not %d", MaxAltRunes, n)
		}
	}
	return nil
}

// ValidatePhotoOf checks a photo against the document it is added to: only
// a press release shows photos, and each is described in every language
// the release has a version in.
func ValidatePhotoOf(d *Document, a *Attachment) error {
	ft := FileTypeOf(a.MediaType)
	if ft == nil || !ft.Photo {
		return nil
	}
	if d.Kind != DocPressRelease {
		return Invalid("file", "only a press release carries photos; attach other images as a PDF")
	}
	var langs []string
	for _, v := range d.Versions {
		if !slices.Contains(langs, v.Lang) {
			langs = append(langs, v.Lang)
		}
	}
	return ValidateAlt(a.Alt, langs)
}
