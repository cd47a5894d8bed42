package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

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
	// Statuses is the council's own list of follow-up statuses; FollowUp
	// the measures, rounds, reports and assessments of each body.
	Statuses *accord.StatusList
	FollowUp []ImportFollowUp
	// Keys are the organization's signing keys, which its signatures name.
	Keys []*accord.SigningKey
	// Documents calls fn with each document of the bag in turn, so that
	// an archive larger than memory is imported a document at a time.
	Documents func(fn func(*ImportDocument) error) error
	// Sittings calls fn with each meeting's sitting in turn; nil when
	// the bag holds none.
	Sittings func(fn func(*ImportSitting) error) error
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
	// Draft is the working text of the document's draft, with its
	// circulated revisions (RevisionLog their entries, in their order)
	// and its amendments; nil when it has none or the reader may not
	// read it.
	Draft       *accord.Draft           `json:"draft,omitempty"`
	Revisions   []*accord.DraftRevision `json:"revisions,omitempty"`
	RevisionLog []translog.BundleEntry  `json:"revision_log,omitempty"`
	Amendments  []*accord.Amendment     `json:"amendments,omitempty"`
	// Signing is the document's signing with its signatures, which the
	// receiver rebuilds so that its signing pages show them; the bundle
	// is what proves them.
	Signing *accord.Signing `json:"signing,omitempty"`
	// Adoptions are the document's adoption procedures, oldest first.
	Adoptions []ImportAdoption `json:"adoptions,omitempty"`
}

// ImportFollowUp is the follow-up of one body: its reporting rounds, the
// measures of the bag's documents with their obligations, and the
// reports and assessments on them, each with its entry in the sender's
// log (ReportLog and AssessmentLog, in the same order).
type ImportFollowUp struct {
	Body          string                   `json:"body"`
	Rounds        []*accord.ReportingRound `json:"reporting_rounds"`
	Measures      []*accord.Measure        `json:"measures"`
	Reports       []*accord.NationalReport `json:"national_reports"`
	ReportLog     []translog.BundleEntry   `json:"national_report_log"`
	Assessments   []*accord.Assessment     `json:"assessments"`
	AssessmentLog []translog.BundleEntry   `json:"assessment_log"`
}

// ImportResult is what an import added; Already is set when the bag was
// imported before, and Added then counts what that import added.
type ImportResult struct {
	ImportID int64
	Already  bool
	Added    map[string]int
	// Same counts the records of a bag added to an earlier import's that
	// were here already, identical, and were skipped.
	Same int
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
	var im *importer
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
		im = &importer{txn: t, bag: bag, res: res, meetings: map[int64]int64{}, agenda: map[int64]int64{}, obligations: map[int64]int64{}, keys: map[int64]int64{},
			delegations: map[int64]int64{}, documents: map[int64]int64{}, classification: map[int64]accord.Classification{}, itemMeeting: map[int64]int64{}}
		return im.run()
	})
	if err != nil {
		return nil, err
	}
	if im != nil && im.sittingsAdded {
		db.sittingChanged()
	}
	return res, nil
}

type importer struct {
	*txn
	bag *ImportBag
	res *ImportResult
	// merge is set when the organization came here by an earlier import:
	// what is new is added, what is the same skipped, and a changed
	// record refused.
	merge bool
	// sender's id → receiver's id
	meetings, agenda, delegations, documents, obligations, keys map[int64]int64
	// classification of each imported document, by the receiver's id
	classification map[int64]accord.Classification
	records        []importRecord
	// itemMeeting is the meeting of each agenda item, by the receiver's
	// ids: a sitting names only its own meeting's items.
	itemMeeting map[int64]int64
	// outboxLocked is set once the import holds the lock that orders the
	// outbox of sittings; sittingsAdded once it wrote events there.
	outboxLocked, sittingsAdded bool
}

type importRecord struct {
	kind    string
	localID int64
	index   int64
	proof   string
}

// row stores one row of table: cols are its columns, vals their values
// in order, and it is counted under kind, unless kind is empty. When the
// import adds to an earlier one (merge), columns marked "name*" name the
// row, and one marked "-name" is written but not compared: a row with
// the same values is here already and is skipped, and one with the same
// name and other values is refused as a change, naming it.
func (im *importer) row(kind, table, cols string, vals ...any) error {
	_, _, err := im.put(kind, table, cols, false, vals...)
	return err
}

// rowID is row for a table whose rows have an id: the new row's, or the
// identical one's.
func (im *importer) rowID(kind, table, cols string, vals ...any) (int64, error) {
	id, _, err := im.put(kind, table, cols, true, vals...)
	return id, err
}

// put is row and rowID; fresh says the row is new here, so that what a
// new row needs (its log entry, its search entry) is done for it only.
func (im *importer) put(kind, table, cols string, withID bool, vals ...any) (id int64, fresh bool, err error) {
	names := strings.Split(cols, ",")
	var key, same []string
	var keyVals, sameVals []any
	for i, n := range names {
		n = strings.TrimSpace(n)
		switch {
		case strings.HasPrefix(n, "-"):
			n = n[1:]
		case strings.HasSuffix(n, "*"):
			n = strings.TrimSuffix(n, "*")
			key, keyVals = append(key, n), append(keyVals, vals[i])
			fallthrough
		default:
			same, sameVals = append(same, n), append(sameVals, vals[i])
		}
		names[i] = n
	}
	if im.merge && len(key) > 0 {
		found, _, err := im.find(table, key, keyVals, false)
		if err != nil {
			return 0, false, err
		}
		if found {
			identical, id, err := im.find(table, same, sameVals, withID)
			if err != nil {
				return 0, false, err
			}
			if !identical {
				return 0, false, im.changed(kind, table, key, keyVals)
			}
			im.res.Same++
			return id, false, nil
		}
	}
	q := insertInto(table, strings.Join(names, ", "), len(vals))
	if withID {
		id, err = im.insert(q, vals...)
	} else {
		err = im.exec(q, vals...)
	}
	if err == nil && kind != "" {
		im.res.Added[kind]++
	}
	return id, err == nil, err
}

// find reports whether table has a row whose cols hold vals (NULL equal
// to NULL), and its id.
func (im *importer) find(table string, cols []string, vals []any, withID bool) (bool, int64, error) {
	eq := " IS "
	if im.db.dialect == Postgres {
		eq = " IS NOT DISTINCT FROM "
	}
	conds := make([]string, len(cols))
	for i, c := range cols {
		conds[i] = fmt.Sprintf("%s%s$%d", c, eq, i+1)
	}
	sel := "1"
	if withID {
		sel = "id"
	}
	var id int64
	err := im.queryRow(fmt.Sprintf("SELECT %s FROM %s WHERE %s LIMIT 1", sel, table, strings.Join(conds, " AND ")), vals...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, 0, nil
	}
	return err == nil, id, err
}

// changed is the refusal of a record the bag holds with other values than
// this instance does.
func (im *importer) changed(kind, table string, key []string, vals []any) error {
	if kind == "" {
		kind = strings.ReplaceAll(table, "_", " ")
	}
	parts := make([]string, len(key))
	for i, k := range key {
		parts[i] = fmt.Sprintf("%s %v", k, vals[i])
	}
	return accord.Errorf(accord.ECONFLICT, "%s (%s) differs from the one here: an import adds what is new and skips what is the same, it does not change a record; nothing was imported",
		kind, strings.Join(parts, ", "))
}

func insertInto(table, cols string, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("$%d", i+1)
	}
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, cols, strings.Join(ps, ", "))
}

// keep records the sender's log entry of an imported row, with its proof.
func (im *importer) keep(kind string, localID int64, e translog.BundleEntry) error {
	proof, err := json.Marshal(e)
	if err != nil {
		return err
	}
	im.records = append(im.records, importRecord{kind, localID, e.Index, string(proof)})
	return nil
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
	if err == nil && ok {
		// A later bag of an organization that came here by import adds
		// to it; one that was made here is not merged with a bag.
		im.merge, err = t.exists(`SELECT 1 FROM archive_imports WHERE organization = $1`, o.Code)
		ok = !im.merge
	}
	if err := im.conflictIf(ok, err, "organization %s", o.Code); err != nil {
		return err
	}
	if err := im.states(); err != nil {
		return err
	}
	if err := im.row("organizations", "organizations", "code*, names, founded, official_languages, working_languages, translation_languages",
		o.Code, jsonArg(o.Names), dateArg(o.Founded), jsonArg(texts(o.OfficialLanguages)), jsonArg(texts(o.WorkingLanguages)),
		jsonArg(texts(o.TranslationLanguages))); err != nil {
		return err
	}
	for _, g := range bag.Organs {
		if err := im.row("organs", "organs", "organization*, code*, names", o.Code, g.Code, jsonArg(g.Names)); err != nil {
			return conflict(err, "organ %s of %s exists here already", g.Code, o.Code)
		}
	}
	for _, m := range bag.Memberships {
		if err := im.row("memberships", "memberships", "organization*, state*, status, from_date*, until_date",
			o.Code, m.State, m.Status, dateArg(m.From), dateArg(m.Until)); err != nil {
			return err
		}
	}
	for _, b := range bag.Bodies {
		if err := im.row("bodies", "bodies", "organization*, code*, names, observers_may_ask", o.Code, b.Body.Code, jsonArg(b.Body.Names), b.Body.ObserversMayAsk); err != nil {
			return err
		}
		for _, r := range b.Rules {
			if err := im.row("rotation rules", "rotation_rule_versions", "organization*, body*, effective_from*, kind, lang, state_order, eligibility, term, term_months, wait_days, note",
				o.Code, b.Body.Code, r.EffectiveFrom.String(), r.Kind, r.Lang, jsonArg(texts(r.Order)), r.Eligibility, r.Term, r.TermMonths, r.WaitDays, r.Note); err != nil {
				return err
			}
		}
	}
	if l := bag.Statuses; l != nil {
		for i, s := range l.Statuses {
			if err := im.row("", "followup_statuses", "organization*, position, status*, labels", o.Code, i, s, jsonArg(text(l.Labels[s]))); err != nil {
				return err
			}
		}
	}
	for _, k := range bag.Keys {
		if err := im.key(k); err != nil {
			return err
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
	for i := range bag.FollowUp {
		if err := im.followUp(&bag.FollowUp[i]); err != nil {
			return err
		}
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
			if id, ok := im.meetings[c.FromMeetingID]; ok {
				from = id
			}
			if err := im.row("chair terms", "chair_terms", "organization*, body*, state*, from_meeting_id, from_date*, until_date, basis, note, source_document_id",
				o.Code, b.Body.Code, c.State, from, dateArg(c.From), dateArg(c.Until), c.Basis, c.Note, source); err != nil {
				return err
			}
		}
	}
	// Sittings last, just before the import's own entry: the outbox's
	// lock, which orders every chair's command, is held from the first
	// event until the import commits.
	if bag.Sittings != nil {
		if err := bag.Sittings(im.sitting); err != nil {
			return err
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
		if err := im.row("states", "states", "code, names, time_zone", code, jsonArg(text(names[code])), ""); err != nil {
			return err
		}
	}
	return nil
}

// person stores p. When merging, the person already at the same place
// (query, with args, selects its id) is reused if it is the same person,
// so that the row naming it compares equal.
func (im *importer) person(p *accord.Person, query string, args ...any) (int64, error) {
	title, names := jsonArg(text(p.Title)), jsonArg(text(p.Names))
	if im.merge {
		var id sql.NullInt64
		err := im.queryRow(query, args...).Scan(&id)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
		if id.Valid {
			same, _, err := im.find("persons", []string{"id", "name", "title", "affiliation", "names"}, []any{id.Int64, p.Name, title, p.Affiliation, names}, false)
			if err != nil || same {
				return id.Int64, err
			}
		}
	}
	return im.rowID("", "persons", "name, title, affiliation, names", p.Name, title, p.Affiliation, names)
}

func (im *importer) meeting(x ImportMeeting) error {
	m := x.Meeting
	var chair any
	if m.Chair != "" {
		chair = m.Chair
	}
	id, fresh, err := im.put("meetings", "meetings", "organization*, body*, number*, host, city, venue, start_date, end_date, format, theme, chair, status, note, -modified_at", true,
		im.bag.Organization.Code, m.Body, m.Number, m.Host, jsonArg(text(m.City)), jsonArg(text(m.Venue)), dateArg(m.Start), dateArg(m.End),
		m.Format, jsonArg(text(m.Theme)), chair, m.Status, m.Note, timeArg(stamp(im.db.now())))
	if err != nil {
		return conflict(err, "meeting %d of %s %s exists here already", m.Number, m.Organization, m.Body)
	}
	im.meetings[m.ID] = id
	if fresh {
		if err := im.reindex(accord.SearchMeeting, id); err != nil {
			return err
		}
	}
	for _, a := range x.Agenda {
		var speaker any
		if a.Speaker != nil {
			if speaker, err = im.person(a.Speaker, `SELECT speaker_id FROM agenda_items WHERE meeting_id = $1 AND position = $2`, id, a.Position); err != nil {
				return err
			}
		}
		aid, fresh, err := im.put("agenda items", "agenda_items", "meeting_id*, position*, kind, title, speaker_id", true, id, a.Position, a.Kind, jsonArg(a.Title), speaker)
		if err != nil {
			return err
		}
		im.agenda[a.ID] = aid
		im.itemMeeting[aid] = id
		if fresh {
			if err := im.reindex(accord.SearchAgendaItem, aid); err != nil {
				return err
			}
		}
	}
	for _, d := range x.Delegations {
		head, err := im.person(&d.Head, `SELECT head_id FROM delegations WHERE meeting_id = $1 AND COALESCE(state, '') = $2 AND COALESCE(organ, '') = $3`, id, d.State, d.Organ)
		if err != nil {
			return err
		}
		var state, organ any
		if d.State != "" {
			state = d.State
		} else {
			organ = d.Organ
		}
		did, err := im.rowID("delegations", "delegations", "meeting_id*, organization, state*, organ*, head_id", id, im.bag.Organization.Code, state, organ, head)
		if err != nil {
			return err
		}
		for i := range d.Members {
			pid, err := im.person(&d.Members[i], `SELECT person_id FROM delegation_members WHERE delegation_id = $1 AND position = $2`, did, i+1)
			if err != nil {
				return err
			}
			if err := im.row("", "delegation_members", "delegation_id*, person_id, position*", did, pid, i+1); err != nil {
				return err
			}
		}
		im.delegations[d.ID] = did
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
	id, fresh, err := im.put("documents", "documents", "reference*, kind, classification, author_kind, author_delegation_id, author_state, created_at, withdrawn_at, withdrawal_reason", true,
		d.Reference, d.Kind, d.Classification, d.AuthorKind, author, d.AuthorState, stamp(d.CreatedAt).Format(timeFormat), timeArg(d.WithdrawnAt), d.WithdrawalReason)
	if err != nil {
		return conflict(err, "document %s exists here already: an import adds an archive and does not merge it with another; nothing was imported", d.Reference)
	}
	im.documents[d.ID] = id
	im.classification[id] = d.Classification
	for _, l := range d.Links {
		mid, ok := im.meetings[l.MeetingID]
		if !ok {
			continue // a meeting outside the bag
		}
		var item any
		if aid, ok := im.agenda[l.AgendaItemID]; ok {
			item = aid
		}
		if err := im.row("", "document_meetings", "document_id*, meeting_id*, agenda_item_id, organization", id, mid, item, im.bag.Organization.Code); err != nil {
			return err
		}
	}
	for _, s := range d.Recipients {
		if err := im.row("", "document_recipients", "document_id*, state*", id, s); err != nil {
			return accord.Invalid("bag", "document %s names recipient %s, a state this instance lacks", d.Reference, s)
		}
	}
	local := &accord.Document{ID: id, Reference: d.Reference, Classification: d.Classification}
	for i := range d.Versions {
		v := d.Versions[i]
		v.DocumentID, v.CreatedAt = id, stamp(v.CreatedAt)
		if v.ComputeSHA256() != v.SHA256 {
			return accord.Invalid("bag", "version %s revision %d of %s does not hash to its recorded SHA-256", v.Lang, v.Revision, d.Reference)
		}
		// Versions never change: each is entered in the log as it is
		// stored, as a version written here is.
		vid, newVersion, err := im.put("document versions", "document_versions", "document_id*, lang*, revision*, title, body, sha256, created_at", true,
			id, v.Lang, v.Revision, v.Title, v.Body, v.SHA256, v.CreatedAt.Format(timeFormat))
		if err != nil || !newVersion {
			if err != nil {
				return err
			}
			continue
		}
		v.ID = vid
		e, err := im.versionEntry(local, &v)
		if err != nil {
			return err
		}
		im.logLater(e)
		if err := im.keep(translog.KindDocumentVersion, v.ID, x.Log[i]); err != nil {
			return err
		}
	}
	for _, a := range d.Attachments {
		if err := im.row("attachments", "document_attachments", "document_id*, lang*, name, media_type, size, sha256*, created_at*, withdrawn_at, withdrawal_reason",
			id, a.Lang, a.Name, a.MediaType, a.Size, a.SHA256, stamp(a.CreatedAt).Format(timeFormat), timeArg(a.WithdrawnAt), a.WithdrawalReason); err != nil {
			return err
		}
	}
	if x.Draft != nil {
		if err := im.draft(x, id); err != nil {
			return err
		}
	}
	if x.Signing != nil {
		if err := im.signing(x, id); err != nil {
			return err
		}
	}
	if err := im.adoptions(x, id); err != nil {
		return err
	}
	if !fresh {
		return nil
	}
	return im.reindex(accord.SearchDocument, id)
}
func (im *importer) finish() error {
	t, bag := im.txn, im.bag
	now := stamp(t.db.now())
	id, err := im.rowID("", "archive_imports", "organization, tag_manifest_sha256, external_identifier, signer, bag_entry, bag_checkpoint, records_checkpoint, counts, imported_at",
		bag.Organization.Code, bag.TagManifestSHA256, bag.ExternalIdentifier, bag.Signer, bag.BagEntry, bag.BagCheckpoint,
		bag.RecordsCheckpoint, jsonArg(im.res.Added), now.Format(timeFormat))
	if err != nil {
		return err
	}
	im.res.ImportID = id
	for _, r := range im.records {
		if err := im.row("", "archive_import_records", "import_id, kind, local_id, source_log_index, proof", id, r.kind, r.localID, r.index, r.proof); err != nil {
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
	return db.ImportedRecord(ctx, translog.KindDocumentVersion, versionID)
}

// ImportedRecord is the sender's log entry of a row imported here (kind
// is the entry's: document_version, draft_revision, national_report,
// assessment; id the row's id here), with the sender's checkpoint its
// proof is against, so that the receiver can show what it received.
func (db *DB) ImportedRecord(ctx context.Context, kind string, id int64) (*translog.BundleEntry, string, error) {
	type got struct {
		proof, checkpoint string
	}
	g, err := fetch(ctx, db, "imported record", func(t *txn) (got, error) {
		var g got
		err := t.tx.QueryRowContext(t.ctx, `SELECT r.proof, i.records_checkpoint FROM archive_import_records r JOIN archive_imports i ON i.id = r.import_id
			WHERE r.kind = $1 AND r.local_id = $2 AND r.source_log_index >= 0`, kind, id).Scan(&g.proof, &g.checkpoint)
		if errors.Is(err, sql.ErrNoRows) {
			err = accord.NotFound("imported record", strings.ReplaceAll(kind, "_", " ")+" "+strconv.FormatInt(id, 10))
		}
		return g, err
	})
	if err != nil {
		return nil, "", err
	}
	var e translog.BundleEntry
	if err := json.Unmarshal([]byte(g.proof), &e); err != nil {
		return nil, "", accord.Wrap("imported record", err)
	}
	return &e, g.checkpoint, nil
}
