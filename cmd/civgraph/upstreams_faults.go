package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/faults"
)

// adminTokenEnv names the variable holding the sample upstreams' admin
// token. It is not a CIVGRAPH_ setting: it belongs to the sample upstreams,
// not to the gateway.
const adminTokenEnv = "SAMPLEAPI_ADMIN_TOKEN"

// injectionFlags are the fault-injection flags of civgraph upstreams.
type injectionFlags struct {
	specs, token *string
	seed         *uint64
}

func faultFlags(fs *flag.FlagSet) injectionFlags {
	return injectionFlags{
		specs: fs.String("faults", "", "faults to inject from the start: "+faults.SpecSyntax),
		seed:  fs.Uint64("fault-seed", 1, "seed of the fault injector's random draws"),
		token: fs.String("admin-token", "", "bearer token of the /admin/ fault API (default $"+adminTokenEnv+"; empty: API disabled)"),
	}
}

// option builds the injector the flags describe.
func (f injectionFlags) option() (sampleapi.Option, error) {
	in := sampleapi.NewInjector(*f.seed)
	profiles, err := faults.ParseSpecs(*f.specs, in.Names())
	if err != nil {
		return nil, fmt.Errorf("--faults: %w", err)
	}
	for name, p := range profiles {
		if err := in.Set(name, p); err != nil {
			return nil, fmt.Errorf("--faults: %w", err)
		}
	}
	token := *f.token
	if token == "" {
		token = os.Getenv(adminTokenEnv)
	}
	if token != "" && len(token) < 16 {
		return nil, errors.New("--admin-token: use at least 16 characters")
	}
	return sampleapi.WithFaults(in, token), nil
}
