package kit

import (
	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

// Errors makes one province's connector errors, so that a connector names
// its province once: `fail := kit.Errors(civ.Hebei)` then
// `fail.New(connectors.CodeAuth, op, "…", cause)`.
type Errors civ.ProvinceCode

// New builds a coded, client-safe error; msg is shown to clients, cause
// only logged.
func (p Errors) New(code connectors.Code, op, msg string, cause error) error {
	return connectors.NewError(civ.ProvinceCode(p), code, op, msg, cause)
}
