package archive

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/translog"
	"github.com/transparency-dev/formats/proof"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Check is what checking a bag offline found: the bag's own validity, then
// what only a trust file shows.
type Check struct {
	*Report
	// Signer names the trusted key that signed the tag manifest.
	Signer string
	// LogIndex is the bag's entry in the log; TreeSize that of the
	// checkpoint its proof leads to, Witnesses who cosigned it.
	LogIndex  int64
	TreeSize  int64
	Witnesses []string
	// Bundles are the signing bundles verified; Entries the log entries
	// of the records proved; Sittings the sittings' records checked
	// against their meetings.
	Bundles, Entries, Sittings int
}

// CheckBag verifies the bag at p offline: RFC 8493 validity (Verify), the
// signature over the tag manifest by a signer the trust file names, the
// inclusion of the bag's entry in the log under a checkpoint the trust
// accepts, that the entry commits to this tag manifest, and every signing
// bundle and record entry inside.
func CheckBag(p string, trust *translog.Trust) (*Check, error) {
	b, err := Open(p)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	r, err := Verify(b, SignatureFile, ProofFile, CheckpointFile)
	if err != nil {
		return nil, err
	}
	c := &Check{Report: r, LogIndex: -1}
	if r.TagManifest == nil {
		return c, nil
	}
	sig, err := b.ReadFile(SignatureFile)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		r.problem(SignatureFile, "missing: the tag manifest is not signed")
	} else if c.Signer, err = checkSignature(sig, r.TagManifest, trust); err != nil {
		r.problem(SignatureFile, "%v", err)
	}
	if err := c.checkEntry(b, trust); err != nil {
		return nil, err
	}
	// What the bag holds was proved against the checkpoint of the moment
	// it was written, before its own entry.
	if r.OK() {
		if err := c.checkPayload(b, trust); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func checkSignature(sig, tm []byte, trust *translog.Trust) (string, error) {
	if len(trust.Signers) == 0 {
		return "", errors.New("the trust file names no signer: add a \"signer <vkey>\" line with the exporting secretariat's key")
	}
	n, err := note.Open(sig, note.VerifierList(trust.Signers...))
	if err != nil {
		var unknown *note.UnverifiedNoteError
		if errors.As(err, &unknown) {
			return "", errors.New("signed by a key the trust file lacks")
		}
		return "", fmt.Errorf("the signature does not verify: %v", err)
	}
	if n.Text != string(tm) {
		return "", errors.New("signs another text than tagmanifest-sha512.txt")
	}
	return n.Sigs[0].Name, nil
}

// checkEntry checks the bag's own log entry: proved under the trusted
// checkpoint, and committing to this tag manifest and signer.
func (c *Check) checkEntry(b *Bag, trust *translog.Trust) error {
	r := c.Report
	cpb, err := b.ReadFile(CheckpointFile)
	if errors.Is(err, fs.ErrNotExist) {
		r.problem(CheckpointFile, "missing: the bag has no checkpoint of the log")
		return nil
	} else if err != nil {
		return err
	}
	raw, err := b.ReadFile(ProofFile)
	if errors.Is(err, fs.ErrNotExist) {
		r.problem(ProofFile, "missing: the bag has no proof that it is in the log")
		return nil
	} else if err != nil {
		return err
	}
	var e translog.BundleEntry
	if err := json.Unmarshal(raw, &e); err != nil {
		r.problem(ProofFile, "unreadable: %v", err)
		return nil
	}
	size, witnesses, problem := included(e, cpb, trust)
	if problem != "" {
		r.problem(ProofFile, "%s", problem)
		return nil
	}
	c.LogIndex, c.TreeSize, c.Witnesses = e.Index, size, witnesses
	var ae translog.ArchiveEntry
	if err := json.Unmarshal([]byte(e.Data), &ae); err != nil || ae.Type != translog.KindArchiveExport {
		r.problem(ProofFile, "the entry at index %d is not an archive export", e.Index)
		return nil
	}
	if ae.TagManifestSHA256 != translog.SHA256Hex(r.TagManifest) {
		r.problem(ProofFile, "the log's entry is of another tag manifest (SHA-256 %s): the bag is not the one exported", ae.TagManifestSHA256)
	}
	if c.Signer != "" && !strings.HasPrefix(ae.Signer, c.Signer+"+") {
		r.problem(ProofFile, "the log's entry names the signer %s, not %s", ae.Signer, c.Signer)
	}
	return nil
}

// included checks e's tlog-proof against the checkpoint cp, which the
// trust must accept, and returns the tree size and the cosigners.
func included(e translog.BundleEntry, cp []byte, trust *translog.Trust) (int64, []string, string) {
	ck, err := trust.VerifyCheckpoint(cp)
	if err != nil {
		return 0, nil, err.Error()
	}
	var p proof.TLogProof
	if err := p.Unmarshal([]byte(e.Proof)); err != nil {
		return 0, nil, fmt.Sprintf("the inclusion proof is unreadable: %v", err)
	}
	if int64(p.Index) != e.Index || !bytes.Equal(bytes.TrimSpace(p.Checkpoint), bytes.TrimSpace(cp)) {
		return 0, nil, "the proof is for another index or checkpoint"
	}
	hashes := make(tlog.RecordProof, len(p.Hashes))
	for i, h := range p.Hashes {
		hashes[i] = h
	}
	if err := tlog.CheckRecord(hashes, int64(ck.Size), tlog.Hash(ck.Hash), e.Index, tlog.RecordHash([]byte(e.Data))); err != nil {
		return 0, nil, fmt.Sprintf("the log proof does not match the checkpoint: the entry at index %d or its proof was altered (%v)", e.Index, err)
	}
	return int64(ck.Size), translog.CosignerNames(cp, trust.Witnesses), ""
}

// checkPayload verifies the signing bundles with the bundle verifier, and
// the log entries of every record, against the checkpoint the bag holds.
func (c *Check) checkPayload(b *Bag, trust *translog.Trust) error {
	r := c.Report
	cp, err := b.ReadFile("data/log/checkpoint.txt")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, n := range b.names {
		switch {
		case path.Dir(n) == "data/bundles" && strings.HasSuffix(n, ".json"):
			raw, err := b.ReadFile(n)
			if err != nil {
				return err
			}
			br, err := translog.VerifyBundle(raw, trust)
			if err != nil {
				r.problem(n, "%v", err)
				continue
			}
			for _, p := range br.Problems {
				r.problem(n, "%s", p)
			}
			c.Bundles++
		case path.Dir(n) == "data/records/documents" && strings.HasSuffix(n, ".json"):
			var rec sqlstore.ImportDocument
			if ok, err := c.record(b, n, &rec); !ok {
				if err != nil {
					return err
				}
				continue
			}
			if rec.Document == nil || len(rec.Log) != len(rec.Document.Versions) || len(rec.RevisionLog) != len(rec.Revisions) {
				r.problem(n, "holds %d log entries for its versions and %d for its revisions", len(rec.Log), len(rec.RevisionLog))
				continue
			}
			// Each version's text is what its log entry committed to: the
			// entry's details hold the SHA-256 of the canonical text; a
			// revision's, of its canonical bytes.
			c.entries(n, cp, trust, rec.Log, func(i int) ([]byte, string) {
				v := &rec.Document.Versions[i]
				return translog.NewVersionDetails(rec.Document, v).Details(), fmt.Sprintf("version %s revision %d", v.Lang, v.Revision)
			})
			c.entries(n, cp, trust, rec.RevisionLog, func(i int) ([]byte, string) {
				rv := rec.Revisions[i]
				return translog.NewRevisionDetails(rv).Details(), fmt.Sprintf("draft revision %d", rv.Number)
			})
		case path.Dir(n) == "data/records/sittings" && strings.HasSuffix(n, ".json"):
			if err := c.sitting(b, n); err != nil {
				return err
			}
		case path.Dir(n) == "data/records/followup" && strings.HasSuffix(n, ".json"):
			var f sqlstore.ImportFollowUp
			if ok, err := c.record(b, n, &f); !ok {
				if err != nil {
					return err
				}
				continue
			}
			if len(f.ReportLog) != len(f.Reports) || len(f.AssessmentLog) != len(f.Assessments) {
				r.problem(n, "holds %d log entries for %d reports and %d for %d assessments", len(f.ReportLog), len(f.Reports), len(f.AssessmentLog), len(f.Assessments))
				continue
			}
			c.entries(n, cp, trust, f.ReportLog, func(i int) ([]byte, string) {
				return details(translog.NewReportDetails(f.Reports[i])), fmt.Sprintf("the report of %s", f.Reports[i].State)
			})
			c.entries(n, cp, trust, f.AssessmentLog, func(i int) ([]byte, string) {
				return details(translog.NewAssessmentDetails(f.Assessments[i])), fmt.Sprintf("the assessment of %s", f.Assessments[i].State)
			})
		}
	}
	return nil
}

// sitting checks a sitting's record against its meeting's: sittings are
// not logged, so beyond the manifests' checksums what verify can say is
// that the record holds together, as the import will ask it to.
func (c *Check) sitting(b *Bag, n string) error {
	var x sqlstore.ImportSitting
	if ok, err := c.record(b, n, &x); !ok {
		return err
	}
	mn := fmt.Sprintf("data/records/meetings/%s-%03d.json", x.Body, x.Number)
	if !slices.Contains(b.names, mn) {
		c.Report.problem(n, "is the sitting of meeting %d of %s, which the bag does not hold (%s)", x.Number, x.Body, mn)
		return nil
	}
	var m sqlstore.ImportMeeting
	if ok, err := c.record(b, mn, &m); !ok {
		return err
	}
	if m.Meeting == nil || m.Meeting.ID != x.Meeting {
		c.Report.problem(n, "names meeting id %d, and %s holds another", x.Meeting, mn)
		return nil
	}
	items := make([]int64, len(m.Agenda))
	for i, a := range m.Agenda {
		items[i] = a.ID
	}
	if p := x.Problem(items); p != "" {
		c.Report.problem(n, "%s", p)
		return nil
	}
	c.Sittings++
	return nil
}

// record reads the record file n into v; one that does not parse is a
// problem of the bag, and ok is false.
func (c *Check) record(b *Bag, n string, v any) (ok bool, err error) {
	raw, err := b.ReadFile(n)
	if err != nil {
		return false, err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		c.Report.problem(n, "unreadable: %v", err)
		return false, nil
	}
	return true, nil
}

// entries checks each entry's inclusion in the log at the bag's
// checkpoint, and that it opens to what its record says now (want).
func (c *Check) entries(n string, cp []byte, trust *translog.Trust, es []translog.BundleEntry, want func(i int) ([]byte, string)) {
	for i, e := range es {
		if _, _, problem := included(e, cp, trust); problem != "" {
			c.Report.problem(n, "log entry %d: %s", e.Index, problem)
			continue
		}
		got, err := translog.OpenEntry(e)
		w, what := want(i)
		switch {
		case err != nil:
			c.Report.problem(n, "log entry %d: %v", e.Index, err)
		case !bytes.Equal(got, w):
			c.Report.problem(n, "%s no longer matches its log entry at index %d", what, e.Index)
		}
		c.Entries++
	}
}
