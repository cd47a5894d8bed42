package translog

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/transparency-dev/formats/log"
	fnote "github.com/transparency-dev/formats/note"
	"github.com/transparency-dev/formats/witness"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// LogSigner signs the log's checkpoints. Its key's name is the log's origin,
// as C2SP tlog-checkpoint recommends, so that the key file alone fixes the
// log's identity.
type LogSigner struct {
	signer note.Signer
	vkey   string
}

// NewLogSigner reads the log's private key in signed-note form.
func NewLogSigner(skey string) (*LogSigner, error) {
	s, err := note.NewSigner(strings.TrimSpace(skey))
	if err != nil {
		return nil, fmt.Errorf("log key: %w", err)
	}
	pub, err := publicFromSKey(strings.TrimSpace(skey))
	if err != nil {
		return nil, err
	}
	vkey, err := note.NewEd25519VerifierKey(s.Name(), pub)
	if err != nil {
		return nil, err
	}
	return &LogSigner{signer: s, vkey: vkey}, nil
}

// publicFromSKey derives the public key of an Ed25519 signer key.
func publicFromSKey(skey string) (ed25519.PublicKey, error) {
	parts := strings.SplitN(skey, "+", 5)
	if len(parts) != 5 {
		return nil, errors.New("not a signed-note signer key")
	}
	key, err := base64.StdEncoding.DecodeString(parts[4])
	if err != nil || len(key) != 1+ed25519.SeedSize || key[0] != 1 {
		return nil, errors.New("not an Ed25519 signer key")
	}
	return ed25519.NewKeyFromSeed(key[1:]).Public().(ed25519.PublicKey), nil
}

// Origin is the log's origin line.
func (s *LogSigner) Origin() string { return s.signer.Name() }

// VKey is the log's public key in verifier form, for trust files.
func (s *LogSigner) VKey() string { return s.vkey }

// Sign returns the signed checkpoint of a tree of size entries.
func (s *LogSigner) Sign(size int64, root tlog.Hash) ([]byte, error) {
	body := log.Checkpoint{Origin: s.Origin(), Size: uint64(size), Hash: root[:]}.Marshal()
	return note.Sign(&note.Note{Text: string(body)}, s.signer)
}

// Cosigner makes C2SP tlog-cosignature/v1 signatures with an Ed25519 key.
// It takes a clock, unlike the library signers, so that tests can fix the
// timestamps it signs.
type Cosigner struct {
	name string
	key  ed25519.PrivateKey
	hash uint32
	now  accord.Clock
}

// cosignatureAlg is the signed-note signature type of cosignature/v1.
const cosignatureAlg = 0x04

// NewCosigner reads a signer key (Ed25519, as note.GenerateKey makes) for
// use as a witness key.
func NewCosigner(skey string, now accord.Clock) (*Cosigner, error) {
	if now == nil {
		now = time.Now
	}
	s, err := note.NewSigner(strings.TrimSpace(skey))
	if err != nil {
		return nil, fmt.Errorf("witness key: %w", err)
	}
	pub, err := publicFromSKey(strings.TrimSpace(skey))
	if err != nil {
		return nil, fmt.Errorf("witness key: %w", err)
	}
	parts := strings.SplitN(strings.TrimSpace(skey), "+", 5)
	seed, _ := base64.StdEncoding.DecodeString(parts[4])
	c := &Cosigner{name: s.Name(), key: ed25519.NewKeyFromSeed(seed[1:]), now: now}
	h := sha256.New()
	h.Write([]byte(c.name + "\n"))
	h.Write([]byte{cosignatureAlg})
	h.Write(pub)
	c.hash = binary.BigEndian.Uint32(h.Sum(nil))
	return c, nil
}

// Name is the key's name.
func (c *Cosigner) Name() string { return c.name }

// KeyHash is the key's signed-note hash, of the cosignature key type.
func (c *Cosigner) KeyHash() uint32 { return c.hash }

// VKey is the witness's public key in verifier form, type 0x04.
func (c *Cosigner) VKey() string {
	key := append([]byte{cosignatureAlg}, c.key.Public().(ed25519.PublicKey)...)
	return fmt.Sprintf("%s+%08x+%s", c.name, c.hash, base64.StdEncoding.EncodeToString(key))
}

// Sign cosigns a checkpoint's note text: timestamp, then the Ed25519
// signature of the cosignature/v1 message.
func (c *Cosigner) Sign(msg []byte) ([]byte, error) {
	if bytes.Count(msg, []byte("\n")) < 3 {
		return nil, errors.New("not a checkpoint")
	}
	t := uint64(c.now().Unix())
	m := fmt.Appendf(nil, "cosignature/v1\ntime %d\n%s", t, msg)
	sig := binary.BigEndian.AppendUint64(nil, t)
	return append(sig, ed25519.Sign(c.key, m)...), nil
}

// Trust is what an offline verifier trusts: the log's key, and the witness
// policy its checkpoints must satisfy.
type Trust struct {
	Log    note.Verifier
	LogKey string
	// Policy is nil when the trust file sets "quorum none".
	Policy    *witness.Group
	Witnesses []note.Verifier
	// Signers are the keys trusted to sign an archive's tag manifest:
	// the exporting secretariats' ("signer <vkey>" lines).
	Signers []note.Verifier
}

// ParseTrust reads a trust file: a "log <vkey>" line, then a witness policy
// in the Sigsum policy format that C2SP witnesses use:
//
//	log accord.example.org/log+1a2b3c4d+AbC...
//	witness kz kz-witness+5e6f7a8b+BcD... https://witness.kz.example/
//	witness ru ru-witness+...         https://witness.ru.example/
//	group members 2 kz ru cn
//	quorum members
//	signer sco-secretariat+9a8b7c6d+CdE...
//
// A "signer" line trusts a secretariat's key to sign the archives it
// exports; the witness policy does not know the keyword, and never sees it.
func ParseTrust(b []byte) (*Trust, error) {
	t := &Trust{}
	var policyLines []string
	for _, line := range strings.Split(string(b), "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 || f[0] != "signer" {
			policyLines = append(policyLines, line)
		}
		switch {
		case len(f) == 2 && f[0] == "signer":
			v, err := note.NewVerifier(f[1])
			if err != nil {
				return nil, fmt.Errorf("trust file: signer key: %w", err)
			}
			t.Signers = append(t.Signers, v)
		case len(f) >= 1 && f[0] == "signer":
			return nil, errors.New("trust file: a signer line is \"signer <vkey>\"")
		case len(f) == 2 && f[0] == "log":
			if t.Log != nil {
				return nil, errors.New("trust file: more than one log line")
			}
			v, err := note.NewVerifier(f[1])
			if err != nil {
				return nil, fmt.Errorf("trust file: log key: %w", err)
			}
			t.Log, t.LogKey = v, f[1]
		case len(f) == 4 && f[0] == "witness":
			v, err := fnote.NewVerifierForCosignatureV1(f[2])
			if err != nil {
				return nil, fmt.Errorf("trust file: witness %s: %w", f[1], err)
			}
			t.Witnesses = append(t.Witnesses, v)
		}
	}
	if t.Log == nil {
		return nil, errors.New("trust file: no \"log <key>\" line")
	}
	policy, err := witness.ParsePolicy([]byte(strings.Join(policyLines, "\n")))
	if err != nil {
		return nil, fmt.Errorf("trust file: %w", err)
	}
	if policy.N > 0 {
		t.Policy = &policy
	}
	return t, nil
}

// VerifyCheckpoint checks a checkpoint's log signature and, when the trust
// asks for witnesses, that enough of them cosigned it.
func (t *Trust) VerifyCheckpoint(cp []byte) (*log.Checkpoint, error) {
	c, _, _, err := log.ParseCheckpoint(cp, t.Log.Name(), t.Log)
	if err != nil {
		return nil, fmt.Errorf("the checkpoint is not signed by the trusted log key %s: %w", t.Log.Name(), err)
	}
	if t.Policy != nil && !t.Policy.Satisfied(cp) {
		return nil, fmt.Errorf("the checkpoint of size %d lacks the witness cosignatures the trust policy requires (%d of the group)", c.Size, t.Policy.N)
	}
	return c, nil
}

// CosignerNames lists the witnesses among vs that cosigned cp.
func CosignerNames(cp []byte, vs []note.Verifier) []string {
	var names []string
	for _, v := range vs {
		if n, err := note.Open(cp, note.VerifierList(v)); err == nil && len(n.Sigs) == 1 {
			names = append(names, v.Name())
		}
	}
	return names
}

// AddCosignatures appends cosignature lines to a signed checkpoint, keeping
// those it has and dropping duplicates.
func AddCosignatures(cp []byte, lines ...[]byte) []byte {
	out := bytes.TrimRight(cp, "\n")
	have := map[string]bool{}
	for _, l := range bytes.Split(out, []byte("\n")) {
		have[string(l)] = true
	}
	out = append(out, '\n')
	for _, ls := range lines {
		for _, l := range bytes.Split(bytes.TrimRight(ls, "\n"), []byte("\n")) {
			if len(l) > 0 && !have[string(l)] {
				have[string(l)] = true
				out = append(append(out, l...), '\n')
			}
		}
	}
	return out
}
