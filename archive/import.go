package archive

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/translog"
)

// ImportResult describes an import.
type ImportResult struct {
	*sqlstore.ImportResult
	Files int
}

// Import checks the bag at p as 'accord archive verify' does, against
// trust, and then stores it into db in one transaction (ImportArchive):
// a bag with any problem imports nothing, and the Check names the
// problems. progress, when set, is told how many documents are stored.
func Import(ctx context.Context, db *sqlstore.DB, files accord.FileStore, p string, trust *translog.Trust, progress func(int)) (*ImportResult, *Check, error) {
	c, err := CheckBag(p, trust)
	if err != nil {
		return nil, nil, err
	}
	if c.OK() && c.Info.Get(LabelScope) == ScopeBackup {
		c.problem(BagInfoTxt, "%s is %q: a backup, which 'accord restore' takes", LabelScope, ScopeBackup)
	}
	if !c.OK() {
		return nil, c, ErrNotValid
	}
	b, err := Open(p)
	if err != nil {
		return nil, c, err
	}
	defer b.Close()
	bag := &sqlstore.ImportBag{TagManifestSHA256: translog.SHA256Hex(c.TagManifest), ExternalIdentifier: c.Info.Get("External-Identifier"),
		Signer: c.Info.Get(LabelSigner), SourceLogIndex: c.LogIndex, Progress: progress}
	for name, dst := range map[string]*string{ProofFile: &bag.BagEntry, CheckpointFile: &bag.BagCheckpoint, "data/log/checkpoint.txt": &bag.RecordsCheckpoint} {
		raw, err := b.ReadFile(name)
		if err != nil {
			return nil, c, fmt.Errorf("%s: %w", name, err)
		}
		*dst = string(raw)
	}
	var org struct {
		Organization *accord.Organization  `json:"organization"`
		Memberships  []*accord.MemberState `json:"memberships"`
		Organs       []*accord.Organ       `json:"organs"`
		Bodies       []sqlstore.ImportBody `json:"bodies"`
		Statuses     *accord.StatusList    `json:"followup_statuses"`
		Keys         []*accord.SigningKey  `json:"signing_keys"`
	}
	if err := readJSON(b, "data/records/organization.json", &org); err != nil {
		return nil, c, err
	}
	bag.Organization, bag.Memberships, bag.Organs, bag.Bodies, bag.Statuses, bag.Keys = org.Organization, org.Memberships, org.Organs, org.Bodies, org.Statuses, org.Keys
	var docs, sittings []string
	bundles := map[string]bool{}
	for _, n := range b.names {
		switch dir := path.Dir(n); {
		case dir == "data/records/meetings" && strings.HasSuffix(n, ".json"):
			var m sqlstore.ImportMeeting
			if err := readJSON(b, n, &m); err != nil {
				return nil, c, err
			}
			if m.Meeting == nil {
				return nil, c, accord.Invalid("bag", "%s holds no meeting", n)
			}
			bag.Meetings = append(bag.Meetings, m)
		case dir == "data/records/followup" && strings.HasSuffix(n, ".json"):
			var f sqlstore.ImportFollowUp
			if err := readJSON(b, n, &f); err != nil {
				return nil, c, err
			}
			bag.FollowUp = append(bag.FollowUp, f)
		case dir == "data/records/documents" && strings.HasSuffix(n, ".json"):
			docs = append(docs, n)
		case dir == "data/records/sittings" && strings.HasSuffix(n, ".json"):
			sittings = append(sittings, n)
		case dir == "data/bundles":
			bundles[n] = true
		}
	}
	// A document's links may name the meetings in any order; meetings are
	// stored first, by body and number.
	bag.Documents = func(fn func(*sqlstore.ImportDocument) error) error {
		for _, n := range docs {
			var d sqlstore.ImportDocument
			if err := readJSON(b, n, &d); err != nil {
				return err
			}
			if d.Document == nil {
				return accord.Invalid("bag", "%s holds no document", n)
			}
			if bn := fmt.Sprintf("data/bundles/%d.json", d.Document.ID); bundles[bn] {
				raw, err := b.ReadFile(bn)
				if err != nil {
					return err
				}
				d.Bundle = string(raw)
			}
			if err := fn(&d); err != nil {
				return err
			}
		}
		return nil
	}
	// A sitting at a time, as documents are: its events are the whole
	// record of a meeting's session.
	bag.Sittings = func(fn func(*sqlstore.ImportSitting) error) error {
		for _, n := range sittings {
			var x sqlstore.ImportSitting
			if err := readJSON(b, n, &x); err != nil {
				return err
			}
			if err := fn(&x); err != nil {
				return err
			}
		}
		return nil
	}
	// The files first, as a restore does: named by their hash, one left
	// behind by an import that fails later is harmless.
	nfiles := 0
	for _, n := range b.names {
		if fileName.MatchString(n) {
			if err := restoreFile(ctx, b, files, n); err != nil {
				return nil, c, err
			}
			nfiles++
		}
	}
	res, err := db.ImportArchive(ctx, bag)
	if err != nil {
		return nil, c, err
	}
	return &ImportResult{ImportResult: res, Files: nfiles}, c, nil
}

func readJSON(b *Bag, name string, v any) error {
	raw, err := b.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return accord.Invalid("bag", "%s is missing: not an archive export", name)
	}
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return accord.Invalid("bag", "%s: %v", name, err)
	}
	return nil
}
