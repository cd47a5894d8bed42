package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/translog"
)

// ImportBag is an archive bag, verified, as the import stores it. Ids in it
// are the sender's: the receiver gives every row its own, and keeps the
// sender's log entry of each version with its proof.
type ImportBag struct {
	TagManifestSHA256, ExternalIdentifier, Signer string
	// BagEntry is the bag's own entry in the sender's log with its proof
	// (tlog-proof.json), BagCheckpoint the checkpoint it proves against,
	// RecordsCheckpoint the one the records' entries prove against.
	BagEntry, BagCheckpoint, RecordsCheckpoint string
	SourceLogIndex                             int64

	Organization *accord.Organization
	Memberships  []*accord.MemberState
	Organs       []*accord.Organ
	Bodies       []ImportBody
	Meetings     []ImportMeeting
	// Documents calls fn with each document of the bag in turn, so that
	// an archive larger than memory is imported a document at a time.
	Documents func(fn func(*ImportDocument) error) error
	// Progress, when set, is called after each document.
	Progress func(documents int)
}

// ImportBody is a body with its rules and chair history.
type ImportBody struct {
	Body       *accord.Body           `json:"body"`
	Rules      []*accord.RotationRule `json:"rotation_rules"`
	ChairTerms []*accord.ChairTerm    `json:"chair_terms"`
}

// ImportMeeting is a meeting with its agenda and delegations.
type ImportMeeting struct {
	Meeting     *accord.Meeting      `json:"meeting"`
	Agenda      []*accord.AgendaItem `json:"agenda"`
	Delegations []*accord.Delegation `json:"delegations"`
}

// ImportDocument is a document with the sender's log entries of its
// versions, in the order of its versions; Bundle its signing bundle, if
// it has one.
type ImportDocument struct {
	Document *accord.Document       `json:"document"`
	Log      []translog.BundleEntry `json:"log"`
	Bundle   string                 `json:"-"`
}

// ImportResult is what an import added; Already is set when the bag was
// imported before, and Added then counts what that import added.
type ImportResult struct {
	ImportID int64
	Already  bool
	Added    map[string]int
}

// ImportArchive stores a verified bag of another instance's archive in one
// transaction, or nothing. A bag imported before adds nothing. A record
// that exists here already (the organization, a body, a meeting, a
// document's reference) is refused as a conflict that names it: an import
// adds an archive, it does not merge two. The receiver's log gets each
// version's entry, as any version written here does, and one entry for the
// import that names the bag's tag manifest.
func (db *DB) ImportArchive(ctx context.Context, bag *ImportBag) (*ImportResult, error) {
	if bag.Organization == nil || !accord.ValidSHA256(bag.TagManifestSHA256) {
		return nil, accord.Invalid("bag", "holds no organization or tag manifest hash")
	}
	var res *ImportResult
	err := db.write(ctx, "import archive", func(t *txn) error {
		res = &ImportResult{Added: map[string]int{}}
		var counts string
		err := t.tx.QueryRowContext(t.ctx, `SELECT id, counts FROM archive_imports WHERE tag_manifest_sha256 = $1`, bag.TagManifestSHA256).Scan(&res.ImportID, &counts)
		if err == nil {
			res.Already = true
			if err := json.Unmarshal([]byte(counts), &res.Added); err != nil {
				return err
			}
			// The repeated attempt adds nothing, and the trail says so.
			return t.audit("archive.import_repeated", fmt.Sprintf("archive_import/%d", res.ImportID), nil, map[string]string{"tag_manifest_sha256": bag.TagManifestSHA256})
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		im := &importer{txn: t, bag: bag, res: res, meetings: map[int64]int64{}, agenda: map[int64]int64{},
			delegations: map[int64]int64{}, documents: map[int64]int64{}}
		return im.run()
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

type importer struct {
	*txn
	bag *ImportBag
	res *ImportResult
	// sender's id → receiver's id
	meetings, agenda, delegations, documents map[int64]int64
	records                                  []importRecord
}

type importRecord struct {
	kind    string
	localID int64
	index   int64
	proof   string
}

func (im *importer) conflictIf(exists bool, err error, format string, args ...any) error {
	if err != nil {
		return err
	}
	if exists {
		return accord.Errorf(accord.ECONFLICT, "%s exists here already: an import adds an archive and does not merge it with another; nothing was imported",
			fmt.Sprintf(format, args...))
	}
	return nil
}

func (im *importer) run() error {
	t, bag, o := im.txn, im.bag, im.bag.Organization
	ok, err := t.exists(`SELECT 1 FROM organizations WHERE code = $1`, o.Code)
	if err := im.conflictIf(ok, err, "organization %s", o.Code); err != nil {
		return err
	}
	if err := im.states(); err != nil {
		return err
	}
	if err := t.exec(`INSERT INTO organizations (code, names, founded, official_languages, working_languages, translation_languages)
		VALUES ($1, $2, $3, $4, $5, $6)`, o.Code, jsonArg(o.Names), dateArg(o.Founded), jsonArg(texts(o.OfficialLanguages)),
		jsonArg(texts(o.WorkingLanguages)), jsonArg(texts(o.TranslationLanguages))); err != nil {
		return err
	}
	im.res.Added["organizations"]++
	for _, g := range bag.Organs {
		if err := t.exec(`INSERT INTO organs (organization, code, names) VALUES ($1, $2, $3)`, o.Code, g.Code, jsonArg(g.Names)); err != nil {
			return conflict(err, "organ %s of %s exists here already", g.Code, o.Code)
		}
		im.res.Added["organs"]++
	}
	for _, m := range bag.Memberships {
		if _, err := t.insert(`INSERT INTO memberships (organization, state, status, from_date, until_date) VALUES ($1, $2, $3, $4, $5)`,
			o.Code, m.State, m.Status, dateArg(m.From), dateArg(m.Until)); err != nil {
			return err
		}
		im.res.Added["memberships"]++
	}
	for _, b := range bag.Bodies {
		if err := t.exec(`INSERT INTO bodies (organization, code, names, observers_may_ask) VALUES ($1, $2, $3, $4)`,
			o.Code, b.Body.Code, jsonArg(b.Body.Names), b.Body.ObserversMayAsk); err != nil {
			return err
		}
		im.res.Added["bodies"]++
		for _, r := range b.Rules {
			if err := t.exec(`INSERT INTO rotation_rule_versions (organization, body, effective_from, kind, lang, state_order, eligibility, term, term_months, wait_days, note)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
				o.Code, b.Body.Code, r.EffectiveFrom.String(), r.Kind, r.Lang, jsonArg(texts(r.Order)), r.Eligibility, r.Term, r.TermMonths, r.WaitDays, r.Note); err != nil {
				return err
			}
			im.res.Added["rotation rules"]++
		}
	}
	for _, m := range bag.Meetings {
		if err := im.meeting(m); err != nil {
			return err
		}
	}
	n := 0
	if err := bag.Documents(func(d *ImportDocument) error {
		n++
		if bag.Progress != nil {
			bag.Progress(n)
		}
		return im.document(d)
	}); err != nil {
		return err
	}
	// Chair terms last: a term by decision names the document that
	// records it.
	for _, b := range bag.Bodies {
		for _, c := range b.ChairTerms {
			var source any
			if c.SourceDocumentID != 0 {
				id, ok := im.documents[c.SourceDocumentID]
				if !ok {
					return accord.Invalid("bag", "the chair term of %s from %s names document %d, which the bag does not hold", c.State, c.From, c.SourceDocumentID)
				}
				source = id
			}
			var from any
			if c.FromMeetingID != 0 {
				if id, ok := im.meetings[c.FromMeetingID]; ok {
					from = id
				}
			}
			if _, err := t.insert(`INSERT INTO chair_terms (organization, body, state, from_meeting_id, from_date, until_date, basis, note, source_document_id)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
				o.Code, b.Body.Code, c.State, from, dateArg(c.From), dateArg(c.Until), c.Basis, c.Note, source); err != nil {
				return err
			}
			im.res.Added["chair terms"]++
		}
	}
	return im.finish()
}

// states adds the states the bag names that this instance lacks, with
// the names the bag gives them; a state known here keeps its record.
func (im *importer) states() error {
	names := map[string]accord.Text{}
	for _, m := range im.bag.Memberships {
		names[m.State] = m.Names
	}
	for _, m := range im.bag.Meetings {
		for _, d := range m.Delegations {
			if d.State != "" && names[d.State] == nil {
				names[d.State] = d.PartyNames
			}
		}
	}
	for _, code := range slices.Sorted(maps.Keys(names)) {
		ok, err := im.exists(`SELECT 1 FROM states WHERE code = $1`, code)
		if err != nil {
			return err
		}
		if ok {
			continue
		}
		if err := im.exec(`INSERT INTO states (code, names, time_zone) VALUES ($1, $2, '')`, code, jsonArg(text(names[code]))); err != nil {
			return err
		}
		im.res.Added["states"]++
	}
	return nil
}

func (im *importer) person(p *accord.Person) (int64, error) {
	return im.insert(`INSERT INTO persons (name, title, affiliation, names) VALUES ($1, $2, $3, $4)`, p.Name, jsonArg(text(p.Title)), p.Affiliation, jsonArg(text(p.Names)))
}

func (im *importer) meeting(x ImportMeeting) error {
	m := x.Meeting
	var chair any
	if m.Chair != "" {
		chair = m.Chair
	}
	id, err := im.insert(`INSERT INTO meetings (organization, body, number, host, city, venue, start_date, end_date, format, theme, chair, status, note, modified_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		im.bag.Organization.Code, m.Body, m.Number, m.Host, jsonArg(text(m.City)), jsonArg(text(m.Venue)), dateArg(m.Start), dateArg(m.End),
		m.Format, jsonArg(text(m.Theme)), chair, m.Status, m.Note, timeArg(stamp(im.db.now())))
	if err != nil {
		return conflict(err, "meeting %d of %s %s exists here already", m.Number, m.Organization, m.Body)
	}
	im.meetings[m.ID] = id
	im.res.Added["meetings"]++
	if err := im.reindex(accord.SearchMeeting, id); err != nil {
		return err
	}
	for _, a := range x.Agenda {
		var speaker any
		if a.Speaker != nil {
			if speaker, err = im.person(a.Speaker); err != nil {
				return err
			}
		}
		aid, err := im.insert(`INSERT INTO agenda_items (meeting_id, position, kind, title, speaker_id) VALUES ($1, $2, $3, $4, $5)`,
			id, a.Position, a.Kind, jsonArg(a.Title), speaker)
		if err != nil {
			return err
		}
		im.agenda[a.ID] = aid
		im.res.Added["agenda items"]++
		if err := im.reindex(accord.SearchAgendaItem, aid); err != nil {
			return err
		}
	}
	for _, d := range x.Delegations {
		head, err := im.person(&d.Head)
		if err != nil {
			return err
		}
		var state, organ any
		if d.State != "" {
			state = d.State
		} else {
			organ = d.Organ
		}
		did, err := im.insert(`INSERT INTO delegations (meeting_id, organization, state, organ, head_id) VALUES ($1, $2, $3, $4, $5)`,
			id, im.bag.Organization.Code, state, organ, head)
		if err != nil {
			return err
		}
		for i := range d.Members {
			pid, err := im.person(&d.Members[i])
			if err != nil {
				return err
			}
			if err := im.exec(`INSERT INTO delegation_members (delegation_id, person_id, position) VALUES ($1, $2, $3)`, did, pid, i+1); err != nil {
				return err
			}
		}
		im.delegations[d.ID] = did
		im.res.Added["delegations"]++
	}
	return nil
}

func (im *importer) document(x *ImportDocument) error {
	d := x.Document
	if d == nil || len(x.Log) != len(d.Versions) {
		return accord.Invalid("bag", "a document record without the log entries of its versions")
	}
	var author any
	if d.AuthorDelegationID != 0 {
		id, ok := im.delegations[d.AuthorDelegationID]
		if !ok {
			return accord.Invalid("bag", "document %s is by a delegation the bag does not hold", d.Reference)
		}
		author = id
	}
	id, err := im.insert(`INSERT INTO documents (reference, kind, classification, author_kind, author_delegation_id, author_state, created_at, withdrawn_at, withdrawal_reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		d.Reference, d.Kind, d.Classification, d.AuthorKind, author, d.AuthorState, stamp(d.CreatedAt).Format(timeFormat), timeArg(d.WithdrawnAt), d.WithdrawalReason)
	if err != nil {
		return conflict(err, "document %s exists here already: an import adds an archive and does not merge it with another; nothing was imported", d.Reference)
	}
	im.documents[d.ID] = id
	im.res.Added["documents"]++
	for _, l := range d.Links {
		mid, ok := im.meetings[l.MeetingID]
		if !ok {
			continue // a meeting outside the bag
		}
		var item any
		if l.AgendaItemID != 0 {
			if aid, ok := im.agenda[l.AgendaItemID]; ok {
				item = aid
			}
		}
		if err := im.exec(`INSERT INTO document_meetings (document_id, meeting_id, agenda_item_id, organization) VALUES ($1, $2, $3, $4)`,
			id, mid, item, im.bag.Organization.Code); err != nil {
			return err
		}
	}
	for _, s := range d.Recipients {
		if err := im.exec(`INSERT INTO document_recipients (document_id, state) VALUES ($1, $2)`, id, s); err != nil {
			return accord.Invalid("bag", "document %s names recipient %s, a state this instance lacks", d.Reference, s)
		}
	}
	local := &accord.Document{ID: id, Reference: d.Reference, Classification: d.Classification}
	for i := range d.Versions {
		v := d.Versions[i]
		v.DocumentID = id
		v.CreatedAt = stamp(v.CreatedAt)
		sum := v.SHA256
		if err := im.insertVersion(&v); err != nil {
			return err
		}
		if v.SHA256 != sum {
			return accord.Invalid("bag", "version %s revision %d of %s does not hash to its recorded SHA-256", v.Lang, v.Revision, d.Reference)
		}
		e, err := im.versionEntry(local, &v)
		if err != nil {
			return err
		}
		im.logLater(e)
		proof, err := json.Marshal(x.Log[i])
		if err != nil {
			return err
		}
		im.records = append(im.records, importRecord{translog.KindDocumentVersion, v.ID, x.Log[i].Index, string(proof)})
		im.res.Added["document versions"]++
	}
	for _, a := range d.Attachments {
		aid, err := im.insert(`INSERT INTO document_attachments (document_id, lang, name, media_type, size, sha256, created_at, withdrawn_at, withdrawal_reason)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, a.Lang, a.Name, a.MediaType, a.Size, a.SHA256,
			stamp(a.CreatedAt).Format(timeFormat), timeArg(a.WithdrawnAt), a.WithdrawalReason)
		if err != nil {
			return err
		}
		_ = aid
		im.res.Added["attachments"]++
	}
	if x.Bundle != "" {
		// The bundle proves the signatures in the sender's log; the
		// receiver keeps it as received, with the document.
		im.records = append(im.records, importRecord{"signing_bundle", id, -1, x.Bundle})
		im.res.Added["signing bundles"]++
	}
	return im.reindex(accord.SearchDocument, id)
}

func (im *importer) finish() error {
	t, bag := im.txn, im.bag
	now := stamp(t.db.now())
	id, err := t.insert(`INSERT INTO archive_imports (organization, tag_manifest_sha256, external_identifier, signer, bag_entry, bag_checkpoint,
		records_checkpoint, counts, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		bag.Organization.Code, bag.TagManifestSHA256, bag.ExternalIdentifier, bag.Signer, bag.BagEntry, bag.BagCheckpoint,
		bag.RecordsCheckpoint, jsonArg(im.res.Added), now.Format(timeFormat))
	if err != nil {
		return err
	}
	im.res.ImportID = id
	for _, r := range im.records {
		if err := t.exec(`INSERT INTO archive_import_records (import_id, kind, local_id, source_log_index, proof) VALUES ($1, $2, $3, $4, $5)`,
			id, r.kind, r.localID, r.index, r.proof); err != nil {
			return err
		}
	}
	entry := translog.ImportEntry{Type: translog.KindArchiveImport, ImportID: id, Organization: bag.Organization.Code,
		TagManifestSHA256: bag.TagManifestSHA256, Signer: bag.Signer, SourceLogIndex: bag.SourceLogIndex, Added: im.res.Added,
		ImportedAt: translog.Time(now)}
	t.logLater(&translog.Entry{Kind: translog.KindArchiveImport, Ref: id, Data: entry.Bytes()})
	t.touch(accord.ScopeReference, accord.ScopeStructure, accord.ScopeDocuments, accord.OrgScope(bag.Organization.Code))
	return t.audit("archive.import", fmt.Sprintf("archive_import/%d", id), nil, entry)
}

// ImportedVersion is the sender's log entry of a version imported here,
// with its proof against the sender's checkpoint the import kept.
func (db *DB) ImportedVersion(ctx context.Context, versionID int64) (*translog.BundleEntry, string, error) {
	type got struct {
		proof, checkpoint string
	}
	g, err := fetch(ctx, db, "imported version", func(t *txn) (got, error) {
		var g got
		err := t.tx.QueryRowContext(t.ctx, `SELECT r.proof, i.records_checkpoint FROM archive_import_records r JOIN archive_imports i ON i.id = r.import_id
			WHERE r.kind = $1 AND r.local_id = $2`, translog.KindDocumentVersion, versionID).Scan(&g.proof, &g.checkpoint)
		if errors.Is(err, sql.ErrNoRows) {
			err = accord.NotFound("imported version", versionID)
		}
		return g, err
	})
	if err != nil {
		return nil, "", err
	}
	var e translog.BundleEntry
	if err := json.Unmarshal([]byte(g.proof), &e); err != nil {
		return nil, "", accord.Wrap("imported version", err)
	}
	return &e, g.checkpoint, nil
}
