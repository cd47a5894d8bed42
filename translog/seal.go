package translog

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
)

// The log is public, so an entry about a document the public may not read
// holds only a commitment to what it records, which the document's bundle
// opens for those who may read it.
//
// Entry version 1 (no "v" field; document versions only) commits with the
// plain SHA-256 of the details: anyone who guesses a short text can confirm
// the guess offline. Version 2 commits with SHA-256(salt || details), the
// salt being SaltSize random bytes kept in the database and revealed only
// in the bundle. The log is append-only, so version 1 entries stay, and
// verifiers accept both.

// SaltSize is the length of a sealed entry's salt.
const SaltSize = 32

// sealedV2Version is the "v" of a salted sealed entry.
const sealedV2Version = 2

// sealedV1 is a version's sealed entry as logged before salts.
type sealedV1 struct {
	Type       string `json:"type"`
	VersionID  int64  `json:"version_id"`
	Commitment string `json:"commitment"`
}

// sealedV2 is a salted sealed entry. Ref is the id of the row it records
// (the entry's ref), which says nothing of the document.
type sealedV2 struct {
	Type       string `json:"type"`
	V          int    `json:"v"`
	Ref        int64  `json:"ref"`
	Commitment string `json:"commitment"`
}

// sealedAny reads either version.
type sealedAny struct {
	Type       string `json:"type"`
	V          int    `json:"v"`
	Ref        int64  `json:"ref"`
	VersionID  int64  `json:"version_id"`
	Commitment string `json:"commitment"`
}

// NewSalt returns a fresh random salt.
func NewSalt() []byte {
	b := make([]byte, SaltSize)
	rand.Read(b) // never fails: crypto/rand crashes the program rather than return weak bytes
	return b
}

func commit(details, salt []byte) string {
	h := sha256.New()
	h.Write(salt)
	h.Write(details)
	return hex.EncodeToString(h.Sum(nil))
}

func seal(kind string, ref int64, details, salt []byte) []byte {
	return marshal(sealedV2{Type: kind, V: sealedV2Version, Ref: ref, Commitment: commit(details, salt)})
}

// sealOr seals record with salt, or returns it in the clear without one.
func sealOr(kind string, ref int64, record, salt []byte) []byte {
	if salt == nil {
		return record
	}
	return seal(kind, ref, record, salt)
}

// SealVersion is the entry version of an encoded entry: 0 in the clear, 1
// or 2 sealed.
func SealVersion(data []byte) (int, error) {
	var s sealedAny
	if err := json.Unmarshal(data, &s); err != nil {
		return 0, fmt.Errorf("log entry is not JSON: %w", err)
	}
	switch {
	case s.Commitment == "":
		return 0, nil
	case s.V == 0:
		return 1, nil
	}
	return s.V, nil
}

var errNotOpened = errors.New("the details and salt in the bundle do not open the entry's commitment")

// openEntry returns the record an entry holds: the entry itself when it is
// in the clear, else details once checked against its commitment. ref is
// the row id the sealed entry names, 0 for one in the clear.
func openEntry(data []byte, details, salt string) (record []byte, ref int64, err error) {
	var s sealedAny
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, 0, fmt.Errorf("the log entry is not JSON")
	}
	if s.Commitment == "" {
		return data, 0, nil
	}
	rawSalt, err := hex.DecodeString(salt)
	if err != nil {
		return nil, 0, fmt.Errorf("the salt is not hex")
	}
	switch s.V {
	case 0:
		if s.Type != KindDocumentVersion || len(rawSalt) != 0 {
			return nil, 0, errNotOpened
		}
		ref = s.VersionID
	case sealedV2Version:
		if len(rawSalt) != SaltSize {
			return nil, 0, fmt.Errorf("the entry's salt is missing from the bundle or is not %d bytes", SaltSize)
		}
		ref = s.Ref
	default:
		return nil, 0, fmt.Errorf("the entry's version %d is unknown to this verifier", s.V)
	}
	if commit([]byte(details), rawSalt) != s.Commitment {
		return nil, 0, errNotOpened
	}
	if t, err := EntryType([]byte(details)); err != nil || t != s.Type {
		return nil, 0, fmt.Errorf("the details are not those of a %s entry", s.Type)
	}
	return bytes.Clone([]byte(details)), ref, nil
}
