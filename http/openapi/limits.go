package openapi

import "math"

// The API's paths and limits. They are part of the contract this package
// writes down, so they are defined here and the server enforces them:
// the document and the handlers then cannot disagree.
const (
	// Prefix is where the JSON API lives; the same paths without it serve
	// the HTML pages.
	Prefix = "/api/v1"
	// Path is where the document is served. It is outside Prefix: it
	// describes that API rather than being part of it.
	Path = "/api/openapi.json"
)

// The ranges of the numeric query parameters. Each is wide enough for any
// real use and narrow enough that arithmetic on it cannot overflow: a page
// number times a page size, an offset plus a page.
const (
	MaxPage   = 100_000
	MaxOffset = 1_000_000_000
	MaxID     = math.MaxInt64
	MaxYear   = 9999
	// MaxForecast bounds a forecast's ?n=, since each step replays the rule.
	MaxForecast = 100
)

// The unexported names the operation table is written with.
const (
	maxPage     = MaxPage
	maxOffset   = MaxOffset
	maxID       = MaxID
	maxYear     = MaxYear
	maxForecast = MaxForecast
)
