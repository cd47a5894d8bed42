package openapi

import (
	"fmt"

	"github.com/accord-org/accord"
)

// embargoField is the embargo of a press release, on the forms that file
// and edit a document.
var embargoField = str("For a press release, when it is published: a date and time in UTC (2025-03-01T10:00, as a form's datetime-local field sends it) or in RFC 3339 with an offset. Until then only the secretariat reads it; empty publishes it at once. Only the secretariat schedules a release, for a time to come (a time past is refused, 400, naming this field); an embargo changes only while it lasts.")

// photoOperationDocs describe the photos of press releases (photoRoutes).
func photoOperationDocs() map[string]operationDoc {
	return map[string]operationDoc{
		"photo_upload": {Tag: "Attachments", Summary: "Add a photo to a press release", Access: needsSignIn, Status: 201, Upload: true,
			Description: fmt.Sprintf("A JPEG or PNG, checked by its content (its magic bytes, then a full decode), of at most %d MiB, %d pixels a side and %d in all; the header's dimensions are checked before the image is decoded. It is kept re-encoded from its pixels, without its metadata (EXIF and its GPS position, XMP, comments, text chunks), the camera's orientation applied. It is then an attachment like any other, downloaded and withdrawn as one. The policy is asked before a byte is read.",
				accord.MaxPhotoSize>>20, accord.MaxPhotoSide, accord.MaxPhotoPixels),
			Body:     obj(js{"alt": text("Its description for those who do not see it, as alt.<lang>: one in each language the release has a version in, each up to 500 characters.")}, "alt"),
			Response: obj(js{"attachment": ref("Attachment"), "url": str("Where it is downloaded.")}, "attachment", "url"),
			Errors: map[int]string{400: "No file; not a JPEG or PNG; an image that is not what its name says, or does not decode; over the limits of bytes or pixels; a description missing in one of the release's languages; or the document is not a press release.",
				401: "Sign in first.", 403: "The reader may not change the document.", 404: "The document does not exist, or the reader may not read it.", 409: "The document is withdrawn.", 503: "This server keeps no files."}},
	}
}
