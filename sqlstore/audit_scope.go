package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/accord-org/accord"
)

// Who may see an audit record depends on what it concerns, which the
// record's resource names ("document/12/version/3", "session/40") and the
// current data say: the document's meetings, the account's grants. The
// records themselves are never changed for it, since the log holds their
// hashes; the reader's view is cut at read time.

// subjects resolves audit records' subjects within one transaction,
// remembering each resource and account it has looked up.
type subjects struct {
	t        *txn
	byKey    map[string]accord.AuditSubject
	accounts map[int64]*accord.Resource
}

func newSubjects(t *txn) *subjects {
	return &subjects{t: t, byKey: map[string]accord.AuditSubject{}, accounts: map[int64]*accord.Resource{}}
}

// of returns the subject of a record on resource by the user userID (0 for
// none).
func (s *subjects) of(resource string, userID int64) (accord.AuditSubject, error) {
	key := subjectKey(resource)
	sub, ok := s.byKey[key]
	if !ok {
		var err error
		if sub, err = s.resolve(key); err != nil {
			return sub, fmt.Errorf("subject of %s: %w", resource, err)
		}
		s.byKey[key] = sub
	}
	if userID != 0 {
		a, err := s.account(userID)
		if err != nil {
			return sub, err
		}
		sub.Actor = a
	}
	return sub, nil
}

// subjectKey is the part of a resource that decides its subject: its kind
// and first id ("document/12"), or the whole of a code path
// ("body/SCO/PGM/rotation_rule" gives "body/SCO").
func subjectKey(resource string) string {
	if strings.HasPrefix(resource, "account:") {
		return resource
	}
	kind, rest, _ := strings.Cut(resource, "/")
	first, _, _ := strings.Cut(rest, "/")
	return kind + "/" + first
}

// organizationOf names, per kind of resource with a numeric id, the query
// that finds the organizations it concerns.
var organizationOf = map[string]string{
	"meeting":        `SELECT organization FROM meetings WHERE id = $1`,
	"sitting":        `SELECT organization FROM meetings WHERE id = $1`,
	"agenda_item":    `SELECT m.organization FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = $1`,
	"delegation":     `SELECT organization FROM delegations WHERE id = $1`,
	"membership":     `SELECT organization FROM memberships WHERE id = $1`,
	"chair_term":     `SELECT organization FROM chair_terms WHERE id = $1`,
	"signing_key":    `SELECT organization FROM signing_keys WHERE id = $1`,
	"invitation":     `SELECT organization FROM invitations WHERE id = $1`,
	"key_submission": `SELECT organization FROM key_submissions WHERE id = $1`,
	"person": `SELECT d.organization FROM delegations d WHERE d.head_id = $1
		UNION SELECT d.organization FROM delegation_members dm JOIN delegations d ON d.id = dm.delegation_id WHERE dm.person_id = $1`,
}

func (s *subjects) resolve(key string) (accord.AuditSubject, error) {
	var sub accord.AuditSubject
	if email, ok := strings.CutPrefix(key, "account:"); ok {
		// A refused sign-in names the e-mail that was typed: the personal
		// data of its account, or of nobody known, whom nobody sees.
		return s.accountBy(`SELECT id FROM users WHERE email = $1`, email)
	}
	kind, code, _ := strings.Cut(key, "/")
	switch kind {
	case "organization", "body", "organ":
		sub.Organizations = []string{code}
		return sub, nil
	case "state":
		return sub, nil
	}
	id, err := strconv.ParseInt(code, 10, 64)
	if err != nil {
		return sub, nil // a resource of no known kind concerns no organization
	}
	switch kind {
	case "document":
		return s.documentSubject(id)
	case "user":
		return s.accountSubject(id)
	case "session":
		return s.accountBy(`SELECT user_id FROM sessions WHERE id = $1`, id)
	}
	if q, ok := organizationOf[kind]; ok {
		sub.Organizations, err = strings1(s.t, q, id)
	}
	return sub, err
}

func (s *subjects) documentSubject(id int64) (accord.AuditSubject, error) {
	res := accord.Resource{Kind: accord.KindDocument}
	err := s.t.tx.QueryRowContext(s.t.ctx, `SELECT classification, author_state FROM documents WHERE id = $1`, id).Scan(&res.Classification, &res.AuthorState)
	if err != nil {
		return accord.AuditSubject{}, err
	}
	if res.Organizations, err = strings1(s.t, `SELECT DISTINCT m.organization FROM document_meetings dm JOIN meetings m ON m.id = dm.meeting_id
		WHERE dm.document_id = $1 ORDER BY m.organization`, id); err != nil {
		return accord.AuditSubject{}, err
	}
	if res.Recipients, err = strings1(s.t, `SELECT state FROM document_recipients WHERE document_id = $1 ORDER BY state`, id); err != nil {
		return accord.AuditSubject{}, err
	}
	return accord.AuditSubject{Organizations: res.Organizations, Content: &res}, nil
}

// accountBy is the subject of the account that q finds by arg; when it
// finds none, of an account of no organization, whose personal data nobody
// sees.
func (s *subjects) accountBy(q string, arg any) (accord.AuditSubject, error) {
	var id int64
	err := s.t.tx.QueryRowContext(s.t.ctx, q, arg).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return accord.AuditSubject{Account: &accord.Resource{Kind: accord.KindUser}}, nil
	}
	if err != nil {
		return accord.AuditSubject{}, err
	}
	return s.accountSubject(id)
}

func (s *subjects) accountSubject(id int64) (accord.AuditSubject, error) {
	a, err := s.account(id)
	if err != nil {
		return accord.AuditSubject{}, err
	}
	return accord.AuditSubject{Organizations: a.Organizations, Account: a}, nil
}

// account describes a user to the policy by the organizations they hold
// grants in.
func (s *subjects) account(id int64) (*accord.Resource, error) {
	if a, ok := s.accounts[id]; ok {
		return a, nil
	}
	orgs, err := strings1(s.t, userOrganizations, id)
	if err != nil {
		return nil, err
	}
	a := &accord.Resource{Kind: accord.KindUser, Organizations: orgs, OwnerID: id}
	s.accounts[id] = a
	return a, nil
}

// strings1 returns the first column of the rows of q, without duplicates.
func strings1(t *txn, q string, args ...any) ([]string, error) {
	rows, err := all(t, func(r scanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	}, q, args...)
	if err != nil {
		return nil, err
	}
	slices.Sort(rows)
	return slices.Compact(rows), nil
}
