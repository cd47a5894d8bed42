package atom

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/url"
	"time"
)

// Check reads an Atom document and lists what in it breaks RFC 4287's
// rules: the feed's and each entry's single id, title and updated, the
// authors, the links, dates and IRIs. Empty means none broke. Tests of
// every feed use it, rather than trusting the writer that made it.
func Check(doc []byte) []string {
	var root node
	if err := xml.NewDecoder(bytes.NewReader(doc)).Decode(&root); err != nil {
		return []string{"not XML: " + err.Error()}
	}
	var p []string
	bad := func(format string, a ...any) { p = append(p, fmt.Sprintf(format, a...)) }
	if root.XMLName.Space != NS || root.XMLName.Local != "feed" {
		bad("the root is %s %s, not atom:feed", root.XMLName.Space, root.XMLName.Local)
		return p
	}
	if root.attr("lang") == "" {
		bad("the feed has no xml:lang")
	}
	// §4.1.1: exactly one id, title, updated; authors unless every entry
	// has one; at most one alternate link per type and hreflang.
	checkCommon(&root, "feed", bad)
	self := false
	for _, l := range root.children("link") {
		if l.attr("rel") == "self" {
			self = true
		}
	}
	if !self {
		bad("the feed has no link rel=self (§4.2.7.2 recommends it; Accord requires it)")
	}
	feedAuthor := len(root.children("author")) > 0
	ids := map[string]bool{}
	for i, e := range root.children("entry") {
		where := fmt.Sprintf("entry %d", i+1)
		checkCommon(e, where, bad)
		if !feedAuthor && len(e.children("author")) == 0 {
			bad("%s has no author, nor has the feed (§4.1.2)", where)
		}
		for _, name := range []string{"published", "summary", "content", "rights", "source"} {
			if n := len(e.children(name)); n > 1 {
				bad("%s has %d %s elements, at most one is allowed", where, n, name)
			}
		}
		if len(e.children("content")) == 0 && !hasAlternate(e) {
			bad("%s has neither content nor link rel=alternate (§4.1.2)", where)
		}
		for _, pub := range e.children("published") {
			checkDate(pub.Text, where+" published", bad)
		}
		if id := first(e, "id"); id != "" {
			if ids[id] {
				bad("%s repeats the id %s", where, id)
			}
			ids[id] = true
		}
	}
	return p
}

func checkCommon(n *node, where string, bad func(string, ...any)) {
	for _, name := range []string{"id", "title", "updated"} {
		if c := len(n.children(name)); c != 1 {
			bad("%s has %d %s elements, want exactly one", where, c, name)
		}
	}
	if id := first(n, "id"); id != "" {
		if u, err := url.Parse(id); err != nil || !u.IsAbs() {
			bad("%s: id %q is not an absolute IRI (§4.2.6)", where, id)
		}
	}
	if u := first(n, "updated"); u != "" {
		checkDate(u, where+" updated", bad)
	}
	for _, t := range n.children("title") {
		switch t.attr("type") {
		case "", "text", "html", "xhtml":
		default:
			bad("%s: title type %q is not text, html or xhtml (§3.1.1)", where, t.attr("type"))
		}
	}
	alternates := map[string]bool{}
	for _, l := range n.children("link") {
		if l.attr("href") == "" {
			bad("%s has a link without href (§4.2.7.1)", where)
		}
		if rel := l.attr("rel"); rel == "" || rel == "alternate" {
			k := l.attr("type") + "|" + l.attr("hreflang")
			if alternates[k] {
				bad("%s has two alternate links of type %q and hreflang %q (§4.1.1)", where, l.attr("type"), l.attr("hreflang"))
			}
			alternates[k] = true
		}
	}
	for _, a := range n.children("author") {
		if len(a.children("name")) != 1 {
			bad("%s has an author without exactly one name (§3.2.1)", where)
		}
	}
}

func hasAlternate(n *node) bool {
	for _, l := range n.children("link") {
		if rel := l.attr("rel"); rel == "" || rel == "alternate" {
			return true
		}
	}
	return false
}

func checkDate(s, where string, bad func(string, ...any)) {
	if _, err := time.Parse(time.RFC3339, s); err != nil {
		bad("%s %q is not an RFC 3339 date-time (§3.3)", where, s)
	}
}

func first(n *node, name string) string {
	if c := n.children(name); len(c) > 0 {
		return c[0].Text
	}
	return ""
}

// node is any XML element, read whole.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []*node    `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *node) children(local string) []*node {
	var out []*node
	for _, c := range n.Nodes {
		if c.XMLName.Local == local && c.XMLName.Space == NS {
			out = append(out, c)
		}
	}
	return out
}

func (n *node) attr(local string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
