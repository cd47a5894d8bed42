package demo

import (
	"context"
	"fmt"

	"github.com/accord-org/accord"
	"github.com/accord-org/accord/auth"
)

// Password is the password of every demo account. It is printed by
// `accord demo`; demo data is public by nature.
const Password = "bishkek-2024-demo"

// Account is a demo login, as `accord demo` prints it.
type Account struct {
	Email      string
	Role       string
	TOTPSecret string
}

var demoAccounts = []struct {
	name  string
	email string
	grant accord.Grant
}{
	{"SCO Secretariat officer", "secretariat@demo.accord", accord.Grant{Role: accord.RoleSecretariat, Organization: "SCO"}},
	{"Chair officer, Pakistan", "chair@demo.accord", accord.Grant{Role: accord.RoleChairOfficer, Organization: "SCO", Body: "PGM", State: "PK"}},
	{"Delegation officer, India", "delegation@demo.accord", accord.Grant{Role: accord.RoleDelegationOfficer, Organization: "SCO", State: "IN"}},
	{"Head of delegation, Pakistan", "head@demo.accord", accord.Grant{Role: accord.RoleHeadOfDelegation, Organization: "SCO", State: "PK"}},
	{"Observer, SCO", "observer@demo.accord", accord.Grant{Role: accord.RoleObserver, Organization: "SCO"}},
	{"Accredited journalist", "press@demo.accord", accord.Grant{Role: accord.RolePress}},
}

// LoadAccounts creates one demo account per role, with TOTP set up, and
// returns their logins. Accounts that exist are kept as they are, and their
// logins returned again.
func LoadAccounts(ctx context.Context, store accord.Store, a *auth.Service) ([]Account, error) {
	hash, err := auth.HashPassword(Password, a.Password)
	if err != nil {
		return nil, err
	}
	var out []Account
	for _, d := range demoAccounts {
		u := &accord.User{Name: d.name, Email: d.email, Lang: "en", Grants: []accord.Grant{d.grant}}
		secret, _, factor, err := a.NewSecondFactor(u)
		if err != nil {
			return nil, fmt.Errorf("demo account %s: %w", d.email, err)
		}
		switch err := store.CreateUser(ctx, u, hash, factor); accord.ErrorCode(err) {
		case "":
		case accord.ECONFLICT:
			if u, err = store.FindUserByEmail(ctx, d.email); err != nil {
				return nil, err
			}
			if secret, err = store.TOTPSecret(ctx, u.ID); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("demo account %s: %w", d.email, err)
		}
		out = append(out, Account{Email: d.email, Role: d.grant.String(), TOTPSecret: secret})
	}
	return out, nil
}
