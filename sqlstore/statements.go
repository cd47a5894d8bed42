package sqlstore

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// maxCachedStatements bounds the statements kept prepared. Queries built
// with a varying number of placeholders (IN lists, the reading rule for a
// reader's grants) would otherwise grow the cache without end; past the
// bound, queries are parsed each time, as without the cache.
const maxCachedStatements = 512

// stmtCache keeps the read transactions' statements prepared on SQLite,
// where parsing them was a fifth of an uncached page. database/sql prepares
// a cached statement again on each pooled connection only once. pgx caches
// the statements of each PostgreSQL connection itself, so there it stays
// empty.
type stmtCache struct {
	mu      sync.Mutex
	stmts   map[string]*sql.Stmt
	pending map[string]bool
	closed  bool
}

// stmt returns query prepared on the read pool, or nil when it is not to
// be cached or not prepared yet; the query then runs unprepared in the
// transaction. A statement is never prepared inline: preparing needs a
// free connection of the read pool, and when every connection belongs to
// a read transaction that waits here, none would ever come free. It is
// prepared in the background instead, by a goroutine that holds neither a
// connection nor the cache's lock while it waits.
func (t *txn) stmt(query string) *sql.Stmt {
	if !t.read {
		return nil
	}
	t.db.counts.statements.Add(1)
	if t.db.dialect != SQLite {
		return nil
	}
	c := &t.db.stmts
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		return st
	}
	if c.closed || c.pending[query] || len(c.stmts)+len(c.pending) >= maxCachedStatements {
		return nil
	}
	if c.pending == nil {
		c.pending = map[string]bool{}
	}
	c.pending[query] = true
	go c.prepare(t.db.r, query)
	return nil
}

// prepareTimeout bounds the wait of a background preparation for a
// connection.
const prepareTimeout = 10 * time.Second

func (c *stmtCache) prepare(pool *sql.DB, query string) {
	ctx, cancel := context.WithTimeout(context.Background(), prepareTimeout)
	defer cancel()
	st, err := pool.PrepareContext(ctx, query)
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pending, query)
	if err != nil {
		return // parsed each time, as without the cache
	}
	if c.closed {
		st.Close()
		return
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[query] = st
}

// query runs a query in the transaction, prepared once when it is a read;
// in a read of one statement (fetchOne), on the pool.
func (t *txn) query(query string, args ...any) (*sql.Rows, error) {
	st := t.stmt(query)
	t.statements++
	switch {
	case t.tx == nil && st != nil:
		return st.QueryContext(t.ctx, args...)
	case t.tx == nil:
		return t.pool.QueryContext(t.ctx, query, args...)
	case st != nil:
		return t.tx.StmtContext(t.ctx, st).QueryContext(t.ctx, args...)
	}
	return t.tx.QueryContext(t.ctx, query, args...)
}

// queryRow is query for a single row.
func (t *txn) queryRow(query string, args ...any) *sql.Row {
	st := t.stmt(query)
	t.statements++
	switch {
	case t.tx == nil && st != nil:
		return st.QueryRowContext(t.ctx, args...)
	case t.tx == nil:
		return t.pool.QueryRowContext(t.ctx, query, args...)
	case st != nil:
		return t.tx.StmtContext(t.ctx, st).QueryRowContext(t.ctx, args...)
	}
	return t.tx.QueryRowContext(t.ctx, query, args...)
}

func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var first error
	for _, st := range c.stmts {
		if err := st.Close(); err != nil && first == nil {
			first = err
		}
	}
	c.stmts = nil
	c.closed = true
	return first
}
