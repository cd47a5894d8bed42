package translog

import (
	"encoding/hex"
	"strings"
	"testing"
)

// TestOpenEntry opens both entry versions, and refuses every opening that
// does not match the commitment.
func TestOpenEntry(t *testing.T) {
	details := []byte(`{"type":"signature","signature_id":5,"state":"KZ"}`)
	salt := NewSalt()
	hexSalt := hex.EncodeToString(salt)
	v2 := string(seal(KindSignature, 5, details, salt))
	version := []byte(`{"type":"document_version","version_id":11,"lang":"ru"}`)
	v1 := string(marshal(sealedV1{Type: KindDocumentVersion, VersionID: 11, Commitment: commit(version, nil)}))
	other := NewSalt()
	other[0] = salt[0] ^ 1
	for _, c := range []struct {
		name, data, details, salt string
		ref                       int64
		want                      string // "" opens
	}{
		{"salted", v2, string(details), hexSalt, 5, ""},
		{"salted, without its salt", v2, string(details), "", 0, "salt is missing"},
		{"salted, another salt", v2, string(details), hex.EncodeToString(other), 0, "do not open"},
		{"salted, one bit of the salt flipped", v2, string(details), flipLastBit(hexSalt), 0, "do not open"},
		{"salted, a short salt", v2, string(details), hexSalt[:62], 0, "not 32 bytes"},
		{"salted, a salt that is not hex", v2, string(details), "zz" + hexSalt[2:], 0, "not hex"},
		{"salted, other details", v2, strings.Replace(string(details), "KZ", "RU", 1), hexSalt, 0, "do not open"},
		{"unsalted version", v1, string(version), "", 11, ""},
		{"unsalted version given a salt", v1, string(version), hexSalt, 0, "do not open"},
		{"unsalted version, other details", v1, strings.Replace(string(version), "ru", "zh", 1), "", 0, "do not open"},
		{"unknown entry version", strings.Replace(v2, `"v":2`, `"v":3`, 1), string(details), hexSalt, 0, "version 3 is unknown"},
		{"details of another kind", string(seal(KindSigningComplete, 5, details, salt)), string(details), hexSalt, 0, "not those of a signing_complete"},
		{"in the clear", string(details), "", "", 0, ""},
	} {
		rec, ref, err := openEntry([]byte(c.data), c.details, c.salt)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want == "" && (ref != c.ref || (c.details != "" && string(rec) != c.details) || (c.details == "" && string(rec) != c.data)):
			t.Errorf("%s: record %s, ref %d", c.name, rec, ref)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v; want %q", c.name, err, c.want)
		}
	}
}

func flipLastBit(hexSalt string) string {
	b, _ := hex.DecodeString(hexSalt)
	b[len(b)-1] ^= 1
	return hex.EncodeToString(b)
}
