package translog

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/accord-org/accord"
	"golang.org/x/crypto/argon2"
	"golang.org/x/mod/sumdb/note"
)

// KDF is the cost of the argon2id derivation that turns a passphrase into
// the key that seals a private key file. It is stored in the file, so that
// the cost can rise without breaking older files.
type KDF struct {
	Time      uint32
	MemoryKiB uint32
	Threads   uint8
}

// DefaultKDF follows RFC 9106's second recommended option (64 MiB).
var DefaultKDF = KDF{Time: 3, MemoryKiB: 64 * 1024, Threads: 4}

const keyFileHeader = "accord signing key v1"

// NewKey makes an Ed25519 key pair named name and returns the private key
// in signed-note signer form and the public key in verifier form.
func NewKey(name string) (skey, vkey string, err error) {
	if err := accord.ValidateKeyName("name", name); err != nil {
		return "", "", err
	}
	return note.GenerateKey(rand.Reader, name)
}

// fingerprintAlphabet is Crockford's base 32: no I, L, O or U, so that a
// fingerprint read aloud over the telephone has no letters to confuse.
const fingerprintAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// Fingerprint is the SHA-256 of a verifier key's public key bytes, its first
// 160 bits as 32 base-32 characters in eight groups of four.
func Fingerprint(vkey string) (string, error) {
	_, _, key, err := splitVKey(vkey)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(key)
	var b strings.Builder
	var acc uint64
	bits := 0
	n := 0
	for _, c := range sum[:20] {
		acc = acc<<8 | uint64(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			if n > 0 && n%4 == 0 {
				b.WriteByte('-')
			}
			b.WriteByte(fingerprintAlphabet[(acc>>bits)&31])
			n++
		}
	}
	return b.String(), nil
}

// splitVKey checks a verifier key and returns its parts; key is the
// algorithm byte and the public key.
func splitVKey(vkey string) (name, hash string, key []byte, err error) {
	if _, err := note.NewVerifier(vkey); err != nil {
		return "", "", nil, accord.Invalid("vkey", "%q is not a signed-note verifier key (name+hash+key) of an Ed25519 key", vkey)
	}
	parts := strings.SplitN(vkey, "+", 3)
	key, _ = base64.StdEncoding.DecodeString(parts[2])
	return parts[0], parts[1], key, nil
}

// KeyFile is a private key sealed with a passphrase, with its public key
// in the clear so that it can be shown without the passphrase.
type KeyFile struct {
	Name                string
	VKey                string
	KDF                 KDF
	salt, nonce, sealed []byte
	// header is the authenticated part of the file.
	header []byte
}

// SealKey encrypts skey under passphrase with argon2id and AES-256-GCM and
// returns the file's bytes. Everything in the file is authenticated.
func SealKey(skey, vkey string, passphrase []byte, kdf KDF) ([]byte, error) {
	if len(passphrase) < 8 {
		return nil, accord.Invalid("passphrase", "must be at least 8 characters")
	}
	name, _, _, err := splitVKey(vkey)
	if err != nil {
		return nil, err
	}
	salt, nonce := make([]byte, 16), make([]byte, 12)
	rand.Read(salt)
	rand.Read(nonce)
	var h bytes.Buffer
	fmt.Fprintf(&h, "%s\nname %s\nvkey %s\nargon2id t=%d m=%d p=%d\nsalt %s\nnonce %s\n", keyFileHeader, name, vkey,
		kdf.Time, kdf.MemoryKiB, kdf.Threads, base64.StdEncoding.EncodeToString(salt), base64.StdEncoding.EncodeToString(nonce))
	aead, err := sealer(passphrase, salt, kdf)
	if err != nil {
		return nil, err
	}
	sealed := aead.Seal(nil, nonce, []byte(skey), h.Bytes())
	fmt.Fprintf(&h, "sealed %s\n", base64.StdEncoding.EncodeToString(sealed))
	return h.Bytes(), nil
}

func sealer(passphrase, salt []byte, kdf KDF) (cipher.AEAD, error) {
	if kdf.Time == 0 || kdf.Threads == 0 || kdf.MemoryKiB < 8*uint32(kdf.Threads) {
		return nil, errors.New("the key file's argon2id parameters are out of range")
	}
	key := argon2.IDKey(passphrase, salt, kdf.Time, kdf.MemoryKiB, kdf.Threads, 32)
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// ParseKeyFile reads a key file without opening it.
func ParseKeyFile(b []byte) (*KeyFile, error) {
	bad := func(what string) error {
		return accord.Errorf(accord.EINVALID, "not an Accord key file: %s", what)
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) < 7 || lines[0] != keyFileHeader {
		return nil, bad("the first line must be \"" + keyFileHeader + "\"")
	}
	field := func(i int, name string) (string, error) {
		v, ok := strings.CutPrefix(lines[i], name+" ")
		if !ok {
			return "", bad("line " + fmt.Sprint(i+1) + " must start with " + name)
		}
		return v, nil
	}
	kf := &KeyFile{}
	var err error
	if kf.Name, err = field(1, "name"); err != nil {
		return nil, err
	}
	if kf.VKey, err = field(2, "vkey"); err != nil {
		return nil, err
	}
	params, err := field(3, "argon2id")
	if err != nil {
		return nil, err
	}
	if _, err := fmt.Sscanf(params, "t=%d m=%d p=%d", &kf.KDF.Time, &kf.KDF.MemoryKiB, &kf.KDF.Threads); err != nil {
		return nil, bad("unreadable argon2id parameters")
	}
	for i, dst := range []*[]byte{&kf.salt, &kf.nonce, &kf.sealed} {
		v, err := field(4+i, []string{"salt", "nonce", "sealed"}[i])
		if err != nil {
			return nil, err
		}
		if *dst, err = base64.StdEncoding.DecodeString(v); err != nil {
			return nil, bad("line " + fmt.Sprint(5+i) + " is not base64")
		}
	}
	if len(kf.nonce) != 12 {
		return nil, bad("the nonce must be 12 bytes")
	}
	kf.header = []byte(strings.Join(lines[:6], "\n") + "\n")
	if name, _, _, err := splitVKey(kf.VKey); err != nil || name != kf.Name {
		return nil, bad("the public key does not match the key's name")
	}
	return kf, nil
}

// Open decrypts the private key.
func (kf *KeyFile) Open(passphrase []byte) (note.Signer, error) {
	aead, err := sealer(passphrase, kf.salt, kf.KDF)
	if err != nil {
		return nil, accord.Errorf(accord.EINVALID, "%s", err.Error())
	}
	skey, err := aead.Open(nil, kf.nonce, kf.sealed, kf.header)
	if err != nil {
		return nil, accord.Errorf(accord.EINVALID, "wrong passphrase, or the key file was altered")
	}
	signer, err := note.NewSigner(string(skey))
	if err != nil {
		return nil, accord.Errorf(accord.EINVALID, "the key file holds no valid signing key")
	}
	v, err := note.NewVerifier(kf.VKey)
	if err != nil || v.KeyHash() != signer.KeyHash() || v.Name() != signer.Name() {
		return nil, accord.Errorf(accord.EINVALID, "the key file's public key does not match its private key")
	}
	return signer, nil
}

// SignStatement signs a statement as a signed note.
func SignStatement(statement []byte, signer note.Signer) ([]byte, error) {
	if err := checkNoteText(statement); err != nil {
		return nil, err
	}
	return note.Sign(&note.Note{Text: string(statement)}, signer)
}

func checkNoteText(text []byte) error {
	if len(text) == 0 || text[len(text)-1] != '\n' {
		return accord.Invalid("statement", "a signed text must end with a newline")
	}
	if bytes.Contains(text, []byte("\n\n")) {
		return accord.Invalid("statement", "a signed text must not contain blank lines")
	}
	return nil
}

// SignatureLines returns what follows the text in a signed note: its
// signature lines. It returns the whole note when the text is not its start.
func SignatureLines(signed []byte, text string) string {
	rest, ok := strings.CutPrefix(string(signed), text+"\n")
	if !ok {
		return string(signed)
	}
	return rest
}

// VerifyStatement checks that signed is statement signed by one of keys,
// and returns that key. The reasons it gives are meant for the signer.
func VerifyStatement(statement string, signed []byte, keys []*accord.SigningKey) (*accord.SigningKey, error) {
	n, err := note.Open(signed, note.VerifierList())
	var unverified *note.UnverifiedNoteError
	switch {
	case errors.As(err, &unverified):
		n = unverified.Note
	case err == nil:
	default:
		return nil, accord.Invalid("signature", "not a signed note: upload the output of 'accord sign' (%v)", err)
	}
	if n.Text != statement {
		return nil, accord.Invalid("signature", "the signed text is not this document's signing statement (its SHA-256 is %s, the statement's is %s)",
			SHA256Hex([]byte(n.Text)), SHA256Hex([]byte(statement)))
	}
	if len(n.UnverifiedSigs) != 1 {
		return nil, accord.Invalid("signature", "the note must carry exactly one signature, it carries %d", len(n.UnverifiedSigs))
	}
	sig := n.UnverifiedSigs[0]
	for _, k := range keys {
		v, err := note.NewVerifier(k.VKey)
		if err != nil || v.Name() != sig.Name || v.KeyHash() != sig.Hash {
			continue
		}
		if _, err := note.Open(signed, note.VerifierList(v)); err != nil {
			return nil, accord.Invalid("signature", "the signature does not verify with the enrolled key %s: the note was altered or signed with another key of the same name", sig.Name)
		}
		return k, nil
	}
	return nil, accord.Invalid("signature", "the key %s+%08x that signed is not enrolled: ask the secretariat to enrol it first", sig.Name, sig.Hash)
}
