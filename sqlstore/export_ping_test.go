package sqlstore

import (
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// A ping that PostgreSQL refuses for a reason keeps the reason, where the
// operator would otherwise look for a network fault.
func TestPingSaysWhy(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&pgconn.PgError{Code: "53300"}, "too many clients"},
		{&pgconn.PgError{Code: "28P01"}, "refused the credentials (SQLSTATE 28P01)"},
		{&pgconn.PgError{Code: "3D000"}, "does not exist"},
		{&pgconn.PgError{Code: "57P03"}, "starting up"},
		{errors.New("dial tcp: connection refused"), "the database cannot be reached"},
	} {
		if got := pingMessage(tc.err); !strings.Contains(got, tc.want) {
			t.Errorf("pingMessage(%v) = %q, want it to contain %q", tc.err, got, tc.want)
		}
	}
}
