package http

import (
	"context"
	"strconv"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/i18n"
)

// homeDocuments is how many recent documents of each organization the home
// page lists.
const homeDocuments = 5

// outlook fills in a body's chair in office and its next and last
// meetings, as of today.
func (s *Server) outlook(ctx context.Context, b *bodyOverview, ms []*accord.Meeting) error {
	today := accord.DateOf(s.now())
	for _, m := range ms {
		switch {
		// A meeting known as "2026" may still be ahead until 2026 is over,
		// so it is to come until its period ends; among meetings to come,
		// the earliest by Compare (a year before the days in it).
		case !m.End.Before(today): // under way or to come
			if b.Next == nil || m.Start.Compare(b.Next.Start) < 0 {
				b.Next = m
			}
		case b.Last == nil || b.Last.End.Compare(m.End) < 0:
			b.Last = m
		}
	}
	chair, err := s.chairInOffice(ctx, b.Organization, b.Code)
	if err != nil || chair == "" {
		return err
	}
	b.Chair, err = s.store.FindState(ctx, chair)
	return err
}

// shownVersion finds a version of d by its id.
func shownVersion(d *accord.Document, id int64) *accord.DocumentVersion {
	for i := range d.Versions {
		if d.Versions[i].ID == id {
			return &d.Versions[i]
		}
	}
	return nil
}

// formatBytes gives a file's size as people read it, with the decimal
// comma of Russian.
func formatBytes(lang string, n int64) string {
	if n < 1<<10 {
		return i18n.Tf(lang, "%d bytes", n)
	}
	unit, v := i18n.T(lang, "KiB"), float64(n)/(1<<10)
	if n >= 1<<20 {
		unit, v = i18n.T(lang, "MiB"), float64(n)/(1<<20)
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if lang == "ru" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " " + unit
}
