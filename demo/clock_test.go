package demo

import (
	"testing"
	"time"

	"github.com/accord-org/accord"
)

func TestClock(t *testing.T) {
	c := &Clock{}
	if d := time.Since(c.Now()); d < 0 || d > time.Minute {
		t.Fatalf("an unset clock reads %v from the real time", d)
	}
	at := bishkek(25, 12, 30)
	o := newOptions([]Option{WithClock(c)})
	var read []time.Time
	err := o.dated(at, func() error {
		read = append(read, c.Now(), c.Now())
		return accord.Invalid("x", "refused")
	})
	if err == nil {
		t.Fatal("dated lost fn's error")
	}
	// Set, the clock moves on a microsecond a reading, from the moment.
	if len(read) != 2 || !read[0].Equal(at.Add(time.Microsecond)) || !read[1].Equal(at.Add(2*time.Microsecond)) {
		t.Errorf("readings while set: %v", read)
	}
	// After it, even when fn failed, the real time again.
	if d := time.Since(c.Now()); d < 0 || d > time.Minute {
		t.Errorf("after dated, the clock reads %v from the real time", d)
	}
	// Without a clock, fn just runs.
	ran := false
	if err := newOptions(nil).dated(at, func() error { ran = true; return nil }); err != nil || !ran {
		t.Errorf("dated without a clock: ran %v, %v", ran, err)
	}
}

// TestDocumentDates: every Bishkek document has its moment, on 24 or 25
// July 2024; one without would be published on the day of the load.
func TestDocumentDates(t *testing.T) {
	lm := &loaded{meeting: &accord.Meeting{}, delegations: map[string]*accord.Delegation{"KG": {}, "SEC": {}}, items: map[accord.AgendaKind]int64{}}
	docs := bishkekDocuments(lm, lm)
	if len(docs) != len(documentDates) {
		t.Errorf("%d documents, %d dates", len(docs), len(documentDates))
	}
	for _, d := range docs {
		at, ok := documentDates[d.Reference]
		if day := accord.DateOf(at); !ok || day.Year != 2024 || day.Month != time.July || (day.Day != 24 && day.Day != 25) {
			t.Errorf("%s: published %v", d.Reference, at)
		}
	}
}
