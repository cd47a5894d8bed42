package sqlstore_test

import (
	"testing"

	"github.com/accord-org/accord/sqlstore"
	"github.com/accord-org/accord/sqlstore/sqltest"
)

// TestPostgresNoJIT: Accord's connections to PostgreSQL compile no query
// (jit off). With JIT on, the documents list searched at 100,000
// documents spent 3.2 s compiling a query that runs in 0.2 s, because the
// reading rule's ORs price it above jit_above_cost.
func TestPostgresNoJIT(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		if db.Dialect() != sqlstore.Postgres {
			return // SQLite has no JIT
		}
		for range 3 { // several connections of the pool, not only the first
			v, err := db.Setting(t.Context(), "jit")
			if err != nil {
				t.Fatal(err)
			}
			if v != "off" {
				t.Errorf("jit is %q on a connection, want off", v)
			}
		}
	})
}
