package auth

import (
	"strings"
	"testing"
)

func TestPassword(t *testing.T) {
	cheap := Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	hash, err := HashPassword("correct horse battery staple", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q does not record its parameters", hash)
	}
	again, _ := HashPassword("correct horse battery staple", cheap)
	if again == hash {
		t.Error("two hashes of one password are equal: no salt")
	}
	for pw, want := range map[string]bool{"correct horse battery staple": true, "correct horse battery stapl": false, "": false} {
		if ok, err := CheckPassword(pw, hash); ok != want || err != nil {
			t.Errorf("CheckPassword(%q) = %v, %v", pw, ok, err)
		}
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=18$m=64,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=x$c2FsdA$aGFzaA", "$argon2id$v=19$m=64,t=1,p=1$!!$aGFzaA"} {
		if ok, err := CheckPassword("x", bad); ok || err == nil {
			t.Errorf("CheckPassword accepts malformed hash %q", bad)
		}
	}
}

// BenchmarkHashPassword measures the cost of one sign-in with the
// production parameters: this is what an attacker pays per guess, and what
// the server pays per login.
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("correct horse battery staple", PasswordParams); err != nil {
			b.Fatal(err)
		}
	}
}
