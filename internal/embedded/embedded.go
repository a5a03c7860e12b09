package embedded

import (
	"fmt"
	"strings"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplehebei "github.com/civgraph/civgraph/internal/sampleapi/hebei"
	samplehubei "github.com/civgraph/civgraph/internal/sampleapi/hubei"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
	sampleshanghai "github.com/civgraph/civgraph/internal/sampleapi/shanghai"
)

// demoCredentials are the credentials each sample API accepts, by key
// relative to sources.<province>.
var demoCredentials = map[civ.ProvinceCode][][2]string{
	civ.Hebei:    {{"app_key", samplehebei.DemoAppKey}},
	civ.Hubei:    {{"paas_id", samplehubei.DemoPaasID}, {"token", samplehubei.DemoToken}},
	civ.Jiangsu:  {{"bearer_token", samplejiangsu.DemoToken}},
	civ.Shanghai: {{"token", sampleshanghai.DemoToken}},
}

// Settings returns the settings, key → value, that point a gateway at
// province p's sample API under baseURL (the URL of a sampleapi handler),
// credentials included, in a stable order.
func Settings(p civ.ProvinceCode, baseURL string) [][2]string {
	prefix := "sources." + strings.ToLower(string(p)) + "."
	out := [][2]string{{prefix + "base_url", strings.TrimSuffix(baseURL, "/") + sampleapi.Prefix[p]}}
	for _, c := range demoCredentials[p] {
		out = append(out, [2]string{prefix + c[0], c[1]})
	}
	return out
}

// Env returns Settings for every province as KEY=VALUE environment lines.
func Env(baseURL string) []string {
	var out []string
	for _, p := range civ.AllProvinces {
		for _, s := range Settings(p, baseURL) {
			out = append(out, config.EnvName(s[0])+"="+s[1])
		}
	}
	return out
}

// Start serves the sample APIs on loopback for every province of cfg
// without a base URL and points cfg at them, replacing any credentials
// configured for those provinces with the demo ones. It returns nil when
// every province has a base URL; otherwise the caller closes the server.
func Start(cfg *config.Config) (*sampleapi.Server, error) {
	if !cfg.Sources.NeedsEmbedded() {
		return nil, nil
	}
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		return nil, fmt.Errorf("load sample data: %w", err)
	}
	srv, err := sampleapi.Start("127.0.0.1:0", ds)
	if err != nil {
		return nil, err
	}
	if err := Point(cfg, srv.URL); err != nil {
		_ = srv.Close()
		return nil, err
	}
	return srv, nil
}

// Point points every province of cfg without a base URL at the sample
// APIs served at baseURL, with their demo credentials (a configuration
// reloaded while they run).
func Point(cfg *config.Config, baseURL string) error {
	for _, p := range civ.AllProvinces {
		if cfg.Sources.ByProvince()[p].BaseURL != "" {
			continue
		}
		for _, s := range Settings(p, baseURL) {
			if err := cfg.Set(s[0], s[1]); err != nil {
				return err
			}
		}
	}
	return nil
}
