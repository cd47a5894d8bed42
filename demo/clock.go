package demo

import (
	"sync"
	"time"
)

// Clock is a store clock for loading the demo: the real time, except while
// the loader records something that happened on a known date (the Bishkek
// documents, the signing of the XXII protocol), when it reads that date's
// moment. The store stamps "published", "stored" and "signed" from its
// clock, and a demo loaded today would otherwise show a meeting of July
// 2024 as published and signed today.
//
// The demo command opens its store with Now, and passes the clock to the
// loaders (WithClock); nothing else sets it. A zero Clock reads the real
// time.
type Clock struct {
	mu sync.Mutex
	// at is the moment the clock reads while set; zero reads time.Now.
	at time.Time
}

// Now is the clock's reading. While set, every reading is a microsecond
// after the one before (the store's stamps keep microseconds), so that
// the records stamped at one set moment, and their audit entries, still
// follow one another in time as they do in the log.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at.IsZero() {
		return time.Now()
	}
	c.at = c.at.Add(time.Microsecond)
	return c.at
}

func (c *Clock) set(at time.Time) {
	c.mu.Lock()
	c.at = at
	c.mu.Unlock()
}

// Option changes how a load runs.
type Option func(*options)

type options struct {
	clock *Clock
}

// WithClock has the loaders set c, the clock the store was opened with,
// to each dated record's moment while they record it. Without it, the
// records are stamped with whatever clock the store has.
func WithClock(c *Clock) Option { return func(o *options) { o.clock = c } }

func newOptions(opts []Option) options {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// dated runs fn, a store call that records something of moment at, with
// the clock set to at; after it, the clock reads the real time again,
// whatever fn returned. Without a clock it just runs fn.
func (o options) dated(at time.Time, fn func() error) error {
	if o.clock == nil {
		return fn()
	}
	o.clock.set(at)
	defer o.clock.set(time.Time{})
	return fn()
}

// bishkek is a moment of 25 July 2024 in Bishkek (UTC+6), the day of both
// meetings the demo loads in full.
func bishkek(day, hour, minute int) time.Time {
	return time.Date(2024, time.July, day, hour, minute, 0, 0, time.FixedZone("KGT", 6*3600)).UTC()
}

// documentDates are when each Bishkek document was published: the
// working document is circulated the day before, the statements and the
// video message during the meetings, the protocol and the declaration at
// their adoption, and the Kabar report after both meetings ended. The
// hours are an illustration; the days are the record's.
var documentDates = map[string]time.Time{
	"SCO/PGM/22/MEASURES-DRAFT":   bishkek(24, 17, 0),
	"KG/2024-07-25/VIDEO-MESSAGE": bishkek(25, 9, 30),
	"SCO/PGM/22/STATEMENT/KG":     bishkek(25, 10, 0),
	"SCO/PGM/22/PROTOCOL":         bishkek(25, 12, 30),
	"OTS/CGP/3/REPORT/SEC":        bishkek(25, 15, 0),
	"OTS/CGP/3/DECLARATION":       bishkek(25, 16, 30),
	"KABAR/2024-07-25":            bishkek(25, 18, 0),
}

// The signing of the XXII protocol: the heads' keys are enrolled the day
// before, the protocol is opened for signature after its adoption, and
// the heads sign one after another, a minute apart.
var (
	keysEnrolledAt  = bishkek(24, 11, 0)
	signingOpenedAt = bishkek(25, 13, 0)
	firstSignedAt   = bishkek(25, 13, 10)
)
