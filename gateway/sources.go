package gateway

import (
	"errors"
	"fmt"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/hebei"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/hubei"
	"github.com/civgraph/civgraph/connectors/jiangsu"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/connectors/shanghai"
	"github.com/civgraph/civgraph/internal/sampleapi"
	samplehebei "github.com/civgraph/civgraph/internal/sampleapi/hebei"
	samplehubei "github.com/civgraph/civgraph/internal/sampleapi/hubei"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
	sampleshanghai "github.com/civgraph/civgraph/internal/sampleapi/shanghai"
)

// buildSources makes one connector per province. A province without a
// base URL points at the embedded sample upstream and, unless credentials
// were configured, uses its published demo credentials.
func buildSources(cfg config.Sources, embedded *sampleapi.Server, opts []kit.Option) ([]connectors.Source, error) {
	base := func(c config.SourceConfig, p civ.ProvinceCode) string {
		if c.BaseURL == "" && embedded != nil {
			return embedded.BaseURL(p)
		}
		return c.BaseURL
	}
	demo := func(c config.SourceConfig, configured config.Secret, demoValue string) string {
		if c.BaseURL == "" && configured == "" {
			return demoValue
		}
		return string(configured)
	}
	var out []connectors.Source
	var errs []error
	collect := func(s connectors.Source, err error) {
		if err != nil {
			errs = append(errs, err)
			return
		}
		out = append(out, s)
	}

	h := cfg.Hebei
	hb, err := hebei.New(hebei.Config{BaseURL: base(h.SourceConfig, civ.Hebei), AppKey: demo(h.SourceConfig, h.AppKey, samplehebei.DemoAppKey),
		HTTP: httpConfig(h.SourceConfig), Cache: cachePolicy(h.SourceConfig)}, opts...)
	collect(hb, err)

	u := cfg.Hubei
	hu, err := hubei.New(hubei.Config{BaseURL: base(u.SourceConfig, civ.Hubei),
		PaasID: demo(u.SourceConfig, u.PaasID, samplehubei.DemoPaasID), Token: demo(u.SourceConfig, u.Token, samplehubei.DemoToken),
		HTTP: httpConfig(u.SourceConfig), Cache: cachePolicy(u.SourceConfig)}, opts...)
	collect(hu, err)

	j := cfg.Jiangsu
	js, err := jiangsu.New(jiangsu.Config{BaseURL: base(j.SourceConfig, civ.Jiangsu), BearerToken: demo(j.SourceConfig, j.BearerToken, samplejiangsu.DemoToken),
		HTTP: httpConfig(j.SourceConfig), Cache: cachePolicy(j.SourceConfig)}, opts...)
	collect(js, err)

	s := cfg.Shanghai
	sh, err := shanghai.New(shanghai.Config{BaseURL: base(s.SourceConfig, civ.Shanghai), Token: demo(s.SourceConfig, s.Token, sampleshanghai.DemoToken),
		HTTP: httpConfig(s.SourceConfig), Cache: cachePolicy(s.SourceConfig)}, opts...)
	collect(sh, err)

	if len(errs) > 0 {
		return nil, fmt.Errorf("sources: %w", errors.Join(errs...))
	}
	return out, nil
}

// httpConfig maps a source's settings onto the retrying client. In the
// config, retry_max 0 means "no retries"; in httpclient.Config a zero means
// "the default", so it becomes -1.
func httpConfig(c config.SourceConfig) httpclient.Config {
	retries := c.RetryMax
	if retries == 0 {
		retries = -1
	}
	return httpclient.Config{Timeout: c.Timeout, RetryMax: retries, RetryWaitMin: c.RetryWaitMin, RetryWaitMax: c.RetryWaitMax}
}

func cachePolicy(c config.SourceConfig) cache.Policy {
	return cache.Policy{TTL: c.CacheTTL, StaleGrace: c.StaleGrace}
}
