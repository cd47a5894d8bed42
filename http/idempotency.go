package http

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/http/fields"
)

// idempotent lets an API client retry a write safely. A POST that carries
// an Idempotency-Key header runs once per user, route and key: a retry gets
// the first answer (with Idempotent-Replayed: true) and changes nothing. The
// answers are kept in the database, so that a retry reaching another
// instance behind the load balancer gets them too, for
// accord.IdempotencyTTL. The answer is stored in the transaction of the
// request's changes. A 5xx answer is not kept, and its changes are undone:
// the failure may pass, and the retry should run.
func (s *Server) idempotent(rt Route, next func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	if !replayable(rt) {
		return next
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		key, u := r.Header.Get("Idempotency-Key"), actor(r).User
		if key == "" || u == nil {
			return next(w, r)
		}
		if rt.judge != nil {
			if err := rt.judge(r); err != nil {
				return err
			}
		}
		// The fingerprint covers the body; an upload's, its parts (see
		// uploadFingerprint).
		var body []byte
		if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "multipart/form-data" {
			b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, fields.MaxFormBytes))
			if err != nil {
				return fields.BodyError(err)
			}
			r.Body, body = io.NopCloser(bytes.NewReader(b)), append([]byte(ct+"\n"), b...)
		} else {
			b, done, err := uploadFingerprint(w, r)
			if err != nil {
				return err
			}
			defer done()
			body = append([]byte(ct+"\n"), b...)
		}
		sum := sha256.Sum256(body)
		k := &accord.IdempotencyKey{UserID: u.ID, Scope: r.Method + " " + r.URL.Path, Key: key, RequestHash: hex.EncodeToString(sum[:])}
		stored, claimed, err := s.store.ClaimIdempotencyKey(r.Context(), k)
		if err != nil {
			return err
		}
		if !claimed {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(stored.Status)
			_, err := w.Write(stored.Body)
			return err
		}
		// The request's changes and its answer commit together, so that
		// a crash keeps both or neither.
		var rec *recorder
		err = s.store.RunIdempotent(r.Context(), k, func(ctx context.Context) (int, []byte) {
			rec = &recorder{header: http.Header{}}
			if err := next(rec, r.WithContext(ctx)); err != nil {
				rec = &recorder{header: http.Header{}}
				s.renderError(rec, r, err)
			}
			return rec.statusOr200(), rec.body.Bytes()
		})
		if err != nil {
			// Nothing was stored: the answer recorded would be a lie.
			return err
		}
		for name, v := range rec.header {
			w.Header()[name] = v
		}
		w.WriteHeader(k.Status)
		_, err = w.Write(k.Body)
		return err
	}
}

// replayable tells whether a route's answers may be kept for retries. The
// sign-in and account routes answer with sessions, tokens and recovery
// codes, which must not be stored, and repeating them is harmless or
// refused anyway; they ignore the header.
func replayable(rt Route) bool {
	for _, prefix := range []string{"/login", "/logout", "/account"} {
		if strings.HasPrefix(rt.Pattern, prefix) {
			return false
		}
	}
	return true
}
