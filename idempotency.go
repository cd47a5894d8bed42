package accord

import "time"

// IdempotencyTTL is how long a write's answer is kept for retries that carry
// the same Idempotency-Key: long enough for a client to retry after an
// outage, short enough that the table stays small.
const IdempotencyTTL = 24 * time.Hour

// IdempotencyLease is how long a claimed key waits for its first request's
// answer. A request whose server crashed left its claim without an answer
// and, since the answer is stored with the request's changes, without
// changes either; once the lease runs out, a retry takes the claim over and
// runs.
const IdempotencyLease = 30 * time.Second

// IdempotencyKey is the first answer to a write that carried an
// Idempotency-Key header. A key is scoped to its user and to the route it was
// sent to, so that two users, or two routes, never share answers.
type IdempotencyKey struct {
	UserID int64
	// Scope is the method and path: "POST /api/v1/organizations".
	Scope string
	Key   string
	// RequestHash is the hex SHA-256 of the request body, so that a key
	// reused for another request is refused rather than answered wrongly.
	RequestHash string
	// Status and Body are the answer; Status is 0 while the first request
	// runs.
	Status int
	Body   []byte
	// CreatedAt is when the key was claimed, or its claim taken over.
	CreatedAt time.Time
}

// Validate checks the key as the client sent it: 1 to 255 visible ASCII
// characters, as the IETF draft and common practice allow.
func (k *IdempotencyKey) Validate() error {
	if len(k.Key) == 0 || len(k.Key) > 255 {
		return Invalid("Idempotency-Key", "must be 1 to 255 characters long")
	}
	for i := 0; i < len(k.Key); i++ {
		if c := k.Key[i]; c < 0x21 || c > 0x7e {
			return Invalid("Idempotency-Key", "must be visible ASCII characters, such as a UUID")
		}
	}
	return nil
}
