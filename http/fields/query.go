package fields

import (
	"net/http"
	"strconv"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/http/openapi"
)

// Int reads the numeric query parameter name: def when it is absent,
// else a whole number from lo to hi. Anything else is refused with an
// error that names the parameter, so that no handler meets a number it did
// not plan for. Every numeric query parameter is read here.
func Int(r *http.Request, name string, def, lo, hi int64) (int64, error) {
	raw := r.URL.Query().Get(name)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, rangeError(name, raw, lo, hi)
	}
	return n, nil
}

func rangeError(name, raw string, lo, hi int64) error {
	if hi == openapi.MaxID {
		return accord.Invalid(name, "%q is not a whole number from %d", raw, lo)
	}
	return accord.Invalid(name, "%q is not a whole number from %d to %d", raw, lo, hi)
}
