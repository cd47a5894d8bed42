package http

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/http/fields"
	"github.com/accord-org/accord/http/openapi"
	"github.com/accord-org/accord/i18n"
)

// auditView lists audit records for the secretariat, newest first: those
// the policy lets the reader see, each cut to what they may read of it.
type auditView struct {
	Filter  auditQuery  `json:"filter"`
	Total   int         `json:"total"`
	Records []auditItem `json:"records"`
	Prev    string      `json:"-"`
	Next    string      `json:"-"`
}

type auditQuery struct {
	Action   string `json:"action,omitempty"`
	Resource string `json:"resource,omitempty"`
	User     int64  `json:"user,omitempty"`
	From     string `json:"from,omitempty"`
	To       string `json:"to,omitempty"`
	Offset   int    `json:"offset"`
	Limit    int    `json:"limit"`
}

func (v auditView) title(lang string) string { return i18n.T(lang, "Audit trail") }
func (v auditView) crumbs(string) []crumb    { return []crumb{homeCrumb} }

const auditPageSize = 50

func (s *Server) auditView(r *http.Request) (view, error) {
	a := actor(r)
	if a.User == nil {
		return nil, accord.Errorf(accord.EUNAUTHORIZED, "Sign in first.")
	}
	// The trail is known to exist: a role without it is told so, not
	// that the page is missing.
	if d := accord.Authorize(a, accord.ActRead, accord.Resource{Kind: accord.KindAudit}); !d.Allow {
		return nil, &accord.Error{Code: accord.EFORBIDDEN, Message: "You may not do this.", Op: "read audit: " + d.Reason}
	}
	q := r.URL.Query()
	v := auditView{Filter: auditQuery{Action: q.Get("action"), Resource: q.Get("resource"), From: q.Get("from"), To: q.Get("to"), Limit: auditPageSize}}
	f := accord.AuditFilter{Action: v.Filter.Action, Resource: v.Filter.Resource, Limit: auditPageSize,
		Visible: func(sub accord.AuditSubject) bool {
			return accord.Authorize(a, accord.ActRead, accord.Resource{Kind: accord.KindAudit, Organizations: sub.Organizations}).Allow
		}}
	var err error
	if f.UserID, err = fields.Int(r, "user", 0, 1, openapi.MaxID); err != nil {
		return nil, err
	}
	v.Filter.User = f.UserID
	offset, err := fields.Int(r, "offset", 0, 0, openapi.MaxOffset)
	if err != nil {
		return nil, err
	}
	f.Offset, v.Filter.Offset = int(offset), int(offset)
	for _, p := range []struct {
		name string
		dst  *time.Time
		add  int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		if raw := q.Get(p.name); raw != "" {
			d, err := accord.ParseDate(raw)
			if err != nil {
				return nil, accord.Invalid(p.name, "%q is not a date of the form YYYY-MM-DD", raw)
			}
			*p.dst = d.AddDays(p.add).Time()
		}
	}
	records, total, err := s.store.ListAudit(r.Context(), f)
	if err != nil {
		return nil, err
	}
	v.Total, v.Records = total, make([]auditItem, 0, len(records))
	for _, rec := range records {
		v.Records = append(v.Records, auditItemFor(a, rec))
	}
	page := func(offset int) string {
		qq := r.URL.Query()
		qq.Set("offset", strconv.Itoa(offset))
		return "?" + qq.Encode()
	}
	if f.Offset > 0 {
		v.Prev = page(max(f.Offset-auditPageSize, 0))
	}
	if f.Offset+len(v.Records) < v.Total {
		v.Next = page(f.Offset + auditPageSize)
	}
	return v, nil
}

// auditItem is an audit record as one reader may see it. The stored record
// never changes (the log holds its hash); what the reader may not see is
// cut here, at read time, and named in Withheld.
type auditItem struct {
	accord.AuditRecord
	SHA256   string   `json:"sha256"`
	Withheld []string `json:"withheld,omitempty"`
}

const (
	withheldContent  = "content"
	withheldPersonal = "personal_data"
)

// auditItemFor cuts rec to what a may see of it, by the policy: the text of
// a document a may not read, and the personal data of accounts that hold no
// grant in a's organizations.
func auditItemFor(a *accord.Actor, rec *accord.AuditRecord) auditItem {
	sum := sha256.Sum256([]byte(rec.Record))
	it := auditItem{AuditRecord: *rec, SHA256: hex.EncodeToString(sum[:])}
	may := func(res *accord.Resource) bool { return res == nil || accord.Authorize(a, accord.ActRead, *res).Allow }
	sub := rec.Subject
	if !may(sub.Content) {
		it.Before, it.After = project(it.Before, metadataOnly), project(it.After, metadataOnly)
		it.Withheld = append(it.Withheld, withheldContent)
	}
	actorOK, accountOK := may(sub.Actor), may(sub.Account)
	if !actorOK {
		// "user:12 (officer@example.org)" keeps the user's id.
		it.Actor, _, _ = strings.Cut(it.Actor, " (")
	}
	if !accountOK {
		it.Before, it.After = project(it.Before, notPersonal), project(it.After, notPersonal)
		if strings.HasPrefix(it.Resource, "account:") {
			it.Resource = "account:"
		}
	}
	if !actorOK || !accountOK {
		// The address is the actor's, or, for a refused sign-in, of the
		// one who tried the account.
		it.IP = ""
		it.Withheld = append(it.Withheld, withheldPersonal)
	}
	if len(it.Withheld) > 0 {
		it.Record = ""
	}
	return it
}

// metadataOnly keeps the fields of a record about a document that are not
// its text: ids, languages, revisions, hashes, kinds and dates. Titles,
// bodies, references, file names and reasons go.
func metadataOnly(key string) bool {
	switch key {
	case "id", "document_id", "meeting_id", "agenda_item_id", "version_id", "signing_id", "signature_id", "key_id", "log_index",
		"lang", "revision", "sha256", "statement_sha256", "kind", "classification", "author_kind", "author_delegation_id",
		"created_at", "withdrawn_at", "media_type", "size", "links", "versions", "attachments", "authentic":
		return true
	}
	return false
}

// notPersonal drops an account's e-mail, address and user agent.
func notPersonal(key string) bool {
	switch key {
	case "email", "ip", "user_agent":
		return false
	}
	return true
}

// project keeps, in the JSON text raw, the object fields that keep allows,
// at every depth. A value that is not JSON (no stored record is) is
// withheld whole.
func project(raw string, keep func(string) bool) string {
	if raw == "" {
		return ""
	}
	var v any
	d := json.NewDecoder(strings.NewReader(raw))
	d.UseNumber() // ids and sizes stay as written
	if err := d.Decode(&v); err != nil {
		return ""
	}
	b, err := json.Marshal(projectValue(v, keep))
	if err != nil {
		return ""
	}
	return string(b)
}

func projectValue(v any, keep func(string) bool) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			if keep(k) {
				out[k] = projectValue(x, keep)
			}
		}
		return out
	case []any:
		for i, x := range v {
			v[i] = projectValue(x, keep)
		}
		return v
	}
	return v
}
