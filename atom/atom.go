// Package atom writes Atom feeds (RFC 4287) and checks them against the
// RFC's rules. Entry ids are permanent URNs (URN returns name-based UUIDs),
// a feed's updated is its newest entry's, so that a feed changes only when
// an entry does, and every text carries its language in xml:lang.
package atom

import (
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"io"
	"time"
)

// NS is Atom's namespace.
const NS = "http://www.w3.org/2005/Atom"

// Text is a text construct in a language.
type Text struct {
	Lang  string `xml:"xml:lang,attr,omitempty"`
	Type  string `xml:"type,attr,omitempty"`
	Value string `xml:",chardata"`
}

// Link is atom:link.
type Link struct {
	Rel      string `xml:"rel,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	Href     string `xml:"href,attr"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
	Title    string `xml:"title,attr,omitempty"`
}

// Person is atom:author.
type Person struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

// Category is atom:category.
type Category struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// Entry is atom:entry.
type Entry struct {
	ID         string     `xml:"id"`
	Title      Text       `xml:"title"`
	Updated    string     `xml:"updated"`
	Published  string     `xml:"published,omitempty"`
	Links      []Link     `xml:"link"`
	Categories []Category `xml:"category"`
	Summary    *Text      `xml:"summary"`
}

// Feed is atom:feed.
type Feed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"xml:lang,attr,omitempty"`
	ID      string   `xml:"id"`
	Title   Text     `xml:"title"`
	Updated string   `xml:"updated"`
	Authors []Person `xml:"author"`
	Links   []Link   `xml:"link"`
	Entries []Entry  `xml:"entry"`
}

// Time writes t as RFC 3339 in UTC, as atom:updated takes it.
func Time(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// URN is a permanent id for name: a name-based (version 5 style, SHA-1)
// UUID, which no change of the server's address or of the record's title
// alters.
func URN(name string) string {
	h := sha1.Sum([]byte("accord:" + name))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// Encode writes f. Its updated, when empty, is the newest entry's, or
// since when none is, so that a feed is the same bytes until an entry
// changes.
func Encode(w io.Writer, f Feed, since time.Time) error {
	if f.Updated == "" {
		f.Updated = Time(since)
		for _, e := range f.Entries {
			if e.Updated > f.Updated { // RFC 3339 in UTC sorts as text
				f.Updated = e.Updated
			}
		}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
