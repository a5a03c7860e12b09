package chaos

import (
	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/sampleapi"
	samplehebei "github.com/civgraph/civgraph/internal/sampleapi/hebei"
	samplehubei "github.com/civgraph/civgraph/internal/sampleapi/hubei"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
	sampleshanghai "github.com/civgraph/civgraph/internal/sampleapi/shanghai"
)

// UseUpstreams points every source of cfg at the running sample upstreams
// ups, with their published demo credentials (a configured base URL gets
// no demo credentials by default).
func UseUpstreams(cfg *config.Config, ups *sampleapi.Server) {
	s := &cfg.Sources
	s.Hebei.BaseURL, s.Hebei.AppKey = ups.BaseURL(civ.Hebei), samplehebei.DemoAppKey
	s.Hubei.BaseURL, s.Hubei.PaasID, s.Hubei.Token = ups.BaseURL(civ.Hubei), samplehubei.DemoPaasID, samplehubei.DemoToken
	s.Jiangsu.BaseURL, s.Jiangsu.BearerToken = ups.BaseURL(civ.Jiangsu), samplejiangsu.DemoToken
	s.Shanghai.BaseURL, s.Shanghai.Token = ups.BaseURL(civ.Shanghai), sampleshanghai.DemoToken
}
