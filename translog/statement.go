package translog

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/accord-org/accord"
)

const statementHeader = "Accord signing statement v1"

// StatementInput is what a signing statement names.
type StatementInput struct {
	Organization *accord.Organization
	Body         *accord.Body
	Meeting      *accord.Meeting
	Document     *accord.Document
	Versions     []accord.SigningVersion
	Required     []accord.Signatory
	// Adoption, when the document was negotiated as a draft, is the
	// procedure that adopted it: the statement names the adopted revision,
	// so that a signature also covers which circulated text was agreed.
	Adoption *accord.Adoption
}

// oneLine keeps a name on its line: the statement is parsed line by line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Statement is the canonical text that every signatory signs. It is short
// and line-oriented so that a person can read what they sign, and names
// every language version by its SHA-256, so that the signature covers the
// texts without repeating them.
func Statement(in StatementInput) string {
	var b strings.Builder
	m := in.Meeting
	fmt.Fprintf(&b, "%s\n", statementHeader)
	fmt.Fprintf(&b, "organization %s %s\n", in.Organization.Code, oneLine(in.Organization.Names.Get("en")))
	fmt.Fprintf(&b, "body %s %s\n", in.Body.Code, oneLine(in.Body.Names.Get("en")))
	fmt.Fprintf(&b, "meeting %s %s %s\n", m.Numeral(), m.Start, oneLine(m.City.Get("en")))
	fmt.Fprintf(&b, "document %d %s\n", in.Document.ID, in.Document.Reference)
	if a := in.Adoption; a != nil {
		fmt.Fprintf(&b, "adopted revision %d %s %s", a.Revision, a.Method, a.ClosedAt.UTC().Format(time.RFC3339))
		if a.RevisionSHA256 != "" {
			fmt.Fprintf(&b, " sha256 %s", a.RevisionSHA256)
		}
		b.WriteString("\n")
	}
	for _, v := range in.Versions {
		status := "translation"
		if v.Authentic {
			status = "authentic"
		}
		fmt.Fprintf(&b, "version %s revision %d %s sha256 %s\n", v.Lang, v.Revision, status, v.SHA256)
	}
	for _, s := range in.Required {
		fmt.Fprintf(&b, "signatory %s %s\n", s.State, oneLine(s.Names.Get("en")))
	}
	return b.String()
}

// ParsedStatement is what a verifier reads back from a statement.
type ParsedStatement struct {
	Organization string
	DocumentID   int64
	Reference    string
	Versions     []accord.SigningVersion
	Signatories  []string
	// AdoptedRevision is the draft revision the statement says was
	// adopted, 0 for a document that was not negotiated as a draft;
	// AdoptedSHA256 the hash of that revision, when named.
	AdoptedRevision int
	AdoptedSHA256   string
}

// ParseStatement reads a signing statement.
func ParseStatement(s string) (*ParsedStatement, error) {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if len(lines) == 0 || lines[0] != statementHeader {
		return nil, fmt.Errorf("the statement does not start with %q", statementHeader)
	}
	p := &ParsedStatement{}
	for i, line := range lines[1:] {
		f := strings.Fields(line)
		bad := func() error { return fmt.Errorf("statement line %d is malformed: %q", i+2, line) }
		if len(f) < 2 {
			return nil, bad()
		}
		switch f[0] {
		case "organization":
			p.Organization = f[1]
		case "body", "meeting":
		case "document":
			id, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil || len(f) != 3 {
				return nil, bad()
			}
			p.DocumentID, p.Reference = id, f[2]
		case "version":
			if len(f) != 7 || f[2] != "revision" || f[5] != "sha256" || (f[4] != "authentic" && f[4] != "translation") {
				return nil, bad()
			}
			rev, err := strconv.Atoi(f[3])
			if err != nil {
				return nil, bad()
			}
			p.Versions = append(p.Versions, accord.SigningVersion{Lang: f[1], Revision: rev, Authentic: f[4] == "authentic", SHA256: f[6]})
		case "adopted":
			// adopted revision N method time [sha256 hex]
			if (len(f) != 5 && len(f) != 7) || f[1] != "revision" || (len(f) == 7 && f[5] != "sha256") {
				return nil, bad()
			}
			rev, err := strconv.Atoi(f[2])
			if err != nil || rev < 1 {
				return nil, bad()
			}
			p.AdoptedRevision = rev
			if len(f) == 7 {
				p.AdoptedSHA256 = f[6]
			}
		case "signatory":
			p.Signatories = append(p.Signatories, f[1])
		default:
			return nil, bad()
		}
	}
	if p.Reference == "" || len(p.Versions) == 0 || len(p.Signatories) == 0 {
		return nil, fmt.Errorf("the statement names no document, version or signatory")
	}
	return p, nil
}
