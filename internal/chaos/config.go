package chaos

import (
	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/embedded"
	"github.com/civgraph/civgraph/internal/sampleapi"
)

// UseUpstreams points every source of cfg at the running sample upstreams
// ups, with their published demo credentials.
func UseUpstreams(cfg *config.Config, ups *sampleapi.Server) error {
	for _, p := range civ.AllProvinces {
		for _, s := range embedded.Settings(p, ups.URL) {
			if err := cfg.Set(s[0], s[1]); err != nil {
				return err
			}
		}
	}
	return nil
}
