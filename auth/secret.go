package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
)

// newSecret returns a random value of n bytes, encoded for a URL or a
// cookie, with a prefix that tells what it is when it turns up in a log or a
// leak scanner.
func newSecret(prefix string, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return prefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// hashSecret is what the store keeps of a session id, a token or a recovery
// code. These are random and long, so a plain SHA-256 suffices: unlike
// passwords they cannot be guessed from their hash.
func hashSecret(s string) []byte {
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}

func hashSecretHex(s string) string { return hex.EncodeToString(hashSecret(s)) }
