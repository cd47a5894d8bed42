package demo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/translog"
)

// ProtocolReference is the document the demo has signed by all.
const ProtocolReference = "SCO/PGM/22/PROTOCOL"

// KeyKDF is the passphrase cost of the demo's key files: the lowest that
// RFC 9106 allows, since the demo makes ten keys at start and its
// passphrase is public anyway.
var KeyKDF = translog.KDF{Time: 1, MemoryKiB: 19 * 1024, Threads: 1}

// SigningReport says what LoadSignatures found and did.
type SigningReport struct {
	KeyDir     string
	Enrolled   int
	Signed     int
	Signatures int
	Required   int
	BundlePath string
	TrustPath  string
}

// LoadSignatures has the XXII protocol signed by the head of every member
// delegation: it makes a key for each (sealed with the demo password, kept
// in dataDir/demo-keys, as a head of delegation would keep theirs), enrols
// it, opens the protocol for signature, signs, and writes the bundle and a
// trust file next to the keys. What exists already is reused, so a second
// run adds nothing. With WithClock, keys, signing and signatures are
// recorded on 24 and 25 July 2024, as the meeting's would have been.
func LoadSignatures(ctx context.Context, store accord.Store, l *translog.Log, dataDir string, opts ...Option) (*SigningReport, error) {
	o := newOptions(opts)
	r := &SigningReport{KeyDir: filepath.Join(dataDir, "demo-keys")}
	if err := os.MkdirAll(r.KeyDir, 0o700); err != nil {
		return nil, err
	}
	docs, err := store.ListDocuments(ctx, accord.DocumentFilter{})
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(docs, func(d *accord.Document) bool { return d.Reference == ProtocolReference })
	if i < 0 {
		return nil, fmt.Errorf("demo: the document %s is not loaded", ProtocolReference)
	}
	doc := docs[i]
	m, err := store.FindMeetingByID(ctx, doc.Links[0].MeetingID)
	if err != nil {
		return nil, err
	}
	members, err := store.MembersOn(ctx, m.Organization, m.Start, accord.Member)
	if err != nil {
		return nil, err
	}
	delegations, err := store.ListDelegations(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	keys, err := store.ListSigningKeys(ctx, m.Organization)
	if err != nil {
		return nil, err
	}
	files := map[string]*translog.KeyFile{}
	for _, ms := range members {
		path := filepath.Join(r.KeyDir, strings.ToLower(ms.State)+".key")
		kf, err := demoKey(path, "sco-"+strings.ToLower(ms.State)+"-head-demo")
		if err != nil {
			return nil, fmt.Errorf("demo key of %s: %w", ms.State, err)
		}
		files[ms.State] = kf
		if slices.ContainsFunc(keys, func(k *accord.SigningKey) bool { return k.VKey == kf.VKey }) {
			continue
		}
		person := "Prosecutor General of " + ms.Names.Get("en")
		for _, d := range delegations {
			if d.State == ms.State {
				person = d.Head.Label("en")
			}
		}
		k := &accord.SigningKey{Organization: m.Organization, State: ms.State, Role: accord.RoleHeadOfDelegation, Person: person,
			VKey: kf.VKey, ValidFrom: accord.MustDate("2024-07-01")}
		if err := o.dated(keysEnrolledAt, func() error { return store.EnrolKey(ctx, k) }); err != nil {
			return nil, fmt.Errorf("enrol the demo key of %s: %w", ms.State, err)
		}
		r.Enrolled++
	}
	s, err := store.FindSigning(ctx, doc.ID)
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		err = o.dated(signingOpenedAt, func() (err error) {
			s, err = store.OpenSigning(ctx, doc.ID)
			return err
		})
	}
	if err != nil {
		return nil, err
	}
	for i, req := range s.Required {
		if s.SignatureOf(req.State) != nil {
			continue
		}
		kf, ok := files[req.State]
		if !ok {
			return nil, fmt.Errorf("demo: no key for %s", req.State)
		}
		signer, err := kf.Open([]byte(Password))
		if err != nil {
			return nil, fmt.Errorf("demo key of %s: %w", req.State, err)
		}
		signed, err := translog.SignStatement([]byte(s.Statement), signer)
		if err != nil {
			return nil, err
		}
		err = o.dated(firstSignedAt.Add(time.Duration(i)*time.Minute), func() error {
			_, err := store.AddSignature(ctx, doc.ID, req.State, signed)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("signature of %s: %w", req.State, err)
		}
		r.Signed++
	}
	if s, err = store.FindSigning(ctx, doc.ID); err != nil {
		return nil, err
	}
	r.Signatures, r.Required = len(s.Signatures), len(s.Required)
	bundle, err := l.Bundle(ctx, store, doc.ID)
	if err != nil {
		return nil, err
	}
	r.BundlePath = filepath.Join(dataDir, "SCO-PGM-22-PROTOCOL.bundle.json")
	r.TrustPath = filepath.Join(dataDir, "trust.txt")
	if err := os.WriteFile(r.BundlePath, bundle, 0o644); err != nil {
		return nil, err
	}
	trust := fmt.Sprintf("# Trust for 'accord verify': the demo log's key; no witness is required.\nlog %s\nquorum none\n", l.Signer.VKey())
	if err := os.WriteFile(r.TrustPath, []byte(trust), 0o644); err != nil {
		return nil, err
	}
	return r, nil
}

// demoKey reads the demo key at path, making it first if it is missing.
func demoKey(path, name string) (*translog.KeyFile, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		skey, vkey, err := translog.NewKey(name)
		if err != nil {
			return nil, err
		}
		if b, err = translog.SealKey(skey, vkey, []byte(Password), KeyKDF); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, b, 0o600); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	return translog.ParseKeyFile(b)
}
