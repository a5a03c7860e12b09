package gateway

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/health"
	"github.com/civgraph/civgraph/connectors/hebei"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/hubei"
	"github.com/civgraph/civgraph/connectors/jiangsu"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/connectors/shanghai"
)

// Jiangsu's first download and index of its bulk site file shows in /readyz.
var _ firstLoader = (*jiangsu.Client)(nil)

// buildSources makes one connector per province from its configured base
// URL and credentials.
func buildSources(cfg config.Sources, opts []kit.Option, reg *health.Registry, instrument instrumentFunc) ([]connectors.Source, error) {
	var out []connectors.Source
	var errs []error
	for _, p := range civ.AllProvinces {
		if cfg.ByProvince()[p].BaseURL == "" {
			errs = append(errs, fmt.Errorf("sources.%s.base_url: not set", strings.ToLower(string(p))))
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("sources: %w", errors.Join(errs...))
	}
	collect := func(s connectors.Source, err error) {
		if err != nil {
			errs = append(errs, err)
			return
		}
		out = append(out, s)
	}

	h := cfg.Hebei
	hb, err := hebei.New(hebei.Config{BaseURL: h.BaseURL, AppKey: string(h.AppKey),
		HTTP: httpConfig(h.SourceConfig, reg.Recorder(civ.Hebei), instrument(civ.Hebei)), Cache: cachePolicy(h.SourceConfig)}, opts...)
	collect(hb, err)

	u := cfg.Hubei
	hu, err := hubei.New(hubei.Config{BaseURL: u.BaseURL,
		PaasID: string(u.PaasID), Token: string(u.Token),
		HTTP: httpConfig(u.SourceConfig, reg.Recorder(civ.Hubei), instrument(civ.Hubei)), Cache: cachePolicy(u.SourceConfig)}, opts...)
	collect(hu, err)

	j := cfg.Jiangsu
	js, err := jiangsu.New(jiangsu.Config{BaseURL: j.BaseURL, BearerToken: string(j.BearerToken),
		HTTP: httpConfig(j.SourceConfig, reg.Recorder(civ.Jiangsu), instrument(civ.Jiangsu)), Cache: cachePolicy(j.SourceConfig),
		BulkMaxBytes: j.BulkMaxBytes, BulkTimeout: j.BulkTimeout}, opts...)
	collect(js, err)

	s := cfg.Shanghai
	sh, err := shanghai.New(shanghai.Config{BaseURL: s.BaseURL, Token: string(s.Token),
		HTTP: httpConfig(s.SourceConfig, reg.Recorder(civ.Shanghai), instrument(civ.Shanghai)), Cache: cachePolicy(s.SourceConfig)}, opts...)
	collect(sh, err)

	if len(errs) > 0 {
		return nil, fmt.Errorf("sources: %w", errors.Join(errs...))
	}
	return out, nil
}

// httpConfig maps a source's settings onto the retrying client. In the
// config, retry_max 0 means "no retries"; in httpclient.Config a zero means
// "the default", so it becomes -1.
func httpConfig(c config.SourceConfig, rec *health.Recorder, instrument func(http.RoundTripper) http.RoundTripper) httpclient.Config {
	retries := c.RetryMax
	if retries == 0 {
		retries = -1
	}
	return httpclient.Config{Timeout: c.Timeout, RetryMax: retries, RetryWaitMin: c.RetryWaitMin, RetryWaitMax: c.RetryWaitMax,
		Guard: rec.Guard(), Health: rec, Instrument: instrument, IdleConns: orNone(c.IdleConns), MaxConns: c.MaxConns, IdleConnTimeout: c.IdleConnTimeout}
}

// orNone maps a config count where 0 means "none" onto httpclient's, where
// 0 means "the default" and a negative value "none".
func orNone(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

func cachePolicy(c config.SourceConfig) cache.Policy {
	return cache.Policy{TTL: c.CacheTTL, StaleGrace: c.StaleGrace, NegativeTTL: c.CacheNegativeTTL, Empty: foundNothing}
}
