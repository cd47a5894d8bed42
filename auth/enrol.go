package auth

import (
	"context"
	"crypto/rand"

	"github.com/accord-org/accord"
)

// Enrolment is what a new account's holder is given once: nothing of it is
// stored in the clear, so it cannot be shown again.
type Enrolment struct {
	User     *accord.User `json:"user"`
	Password string       `json:"password"`
	// TOTPSecret and RecoveryCodes are set for accounts with a role, which
	// must use a second factor from their first sign-in.
	TOTPSecret    string   `json:"authenticator_key,omitempty"`
	RecoveryCodes []string `json:"recovery_codes,omitempty"`
}

// CreateFunc stores a new user with its password hash and, when given, its
// second factor, in one transaction; the store's CreateUser, or a variant
// that adds a condition in the same transaction.
type CreateFunc func(ctx context.Context, u *accord.User, passwordHash string, factor ...accord.SecondFactor) error

// Enrol makes an account with a random one-time password and, for an
// account with a role, a provisioned second factor: the command line, the
// first administrator and the administrator's API all hand accounts over
// this way. The account and its factor are stored together, so that a
// crash never leaves an account with a role and no second factor. create
// defaults to the store's CreateUser.
func (s *Service) Enrol(ctx context.Context, u *accord.User, create CreateFunc) (*Enrolment, error) {
	if create == nil {
		create = s.Store.CreateUser
	}
	e := &Enrolment{User: u, Password: rand.Text()}
	hash, err := s.hashPassword(ctx, e.Password)
	if err != nil {
		return nil, err
	}
	var factor []accord.SecondFactor
	if u.Privileged() {
		var f accord.SecondFactor
		if e.TOTPSecret, e.RecoveryCodes, f, err = s.NewSecondFactor(u); err != nil {
			return nil, err
		}
		factor = append(factor, f)
	}
	if err := create(ctx, u, hash, factor...); err != nil {
		return nil, err
	}
	return e, nil
}
