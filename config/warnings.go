package config

import (
	"fmt"
	"strings"

	"github.com/civgraph/civgraph/civ"
)

// Warnings reports settings that are valid but will not work as the user
// probably means, one line per problem, each naming its keys. Today: a
// province with a base URL but without the credentials its protocol needs
// (every request would fail with SOURCE_AUTH_FAILED), and credentials for a
// province without a base URL (the embedded sample upstream ignores them).
func (c Config) Warnings() []string {
	var out []string
	for _, p := range civ.AllProvinces {
		base, creds := c.Sources.credentials(p)
		prefix := "sources." + strings.ToLower(string(p))
		var missing, set []string
		for _, k := range creds {
			if k.value == "" {
				missing = append(missing, prefix+"."+k.key)
			} else {
				set = append(set, prefix+"."+k.key)
			}
		}
		switch {
		case base != "" && len(missing) > 0:
			var how []string
			for _, key := range missing {
				how = append(how, EnvName(key)+" or "+key+"_file")
			}
			out = append(out, fmt.Sprintf("%s.base_url is set but %s%s not (set %s): every request to %s will fail with SOURCE_AUTH_FAILED",
				prefix, strings.Join(missing, " and "), isAre(len(missing)), strings.Join(how, "; "), p))
		case base == "" && len(set) > 0:
			out = append(out, fmt.Sprintf("%s set but %s.base_url is not: the embedded sample upstream serves %s with its demo credentials instead",
				strings.Join(set, " and ")+isAre(len(set)), prefix, p))
		}
	}
	if c.Redis.URL != "" && c.Cache.Backend != CacheBackendRedis {
		out = append(out, "redis.url is set but cache.backend is "+c.Cache.Backend+
			": replicas share persisted queries, rate limits and the cursor key, but each calls the upstreams for its own cache (set cache.backend to redis)")
	}
	out = append(out, c.runtimeWarnings()...)
	return append(out, c.Metrics.warnings()...)
}

type credential struct {
	key   string
	value Secret
}

// credentials returns province p's base URL and the credentials its
// upstream protocol needs, by key relative to sources.<province>.
func (s Sources) credentials(p civ.ProvinceCode) (string, []credential) {
	switch p {
	case civ.Hebei:
		return s.Hebei.BaseURL, []credential{{"app_key", s.Hebei.AppKey}}
	case civ.Hubei:
		return s.Hubei.BaseURL, []credential{{"paas_id", s.Hubei.PaasID}, {"token", s.Hubei.Token}}
	case civ.Jiangsu:
		return s.Jiangsu.BaseURL, []credential{{"bearer_token", s.Jiangsu.BearerToken}}
	case civ.Shanghai:
		return s.Shanghai.BaseURL, []credential{{"token", s.Shanghai.Token}}
	}
	return "", nil
}

// EnvName returns the environment variable that overrides the setting at
// key, e.g. CIVGRAPH_SOURCES_HEBEI_APP_KEY for sources.hebei.app_key.
func EnvName(key string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// Set parses value into the setting at key, as the environment variable
// for that key would. It does not validate the whole configuration.
func (c *Config) Set(key, value string) error {
	for _, s := range settings(c) {
		if s.key() == key {
			return s.set(value)
		}
	}
	return fmt.Errorf("%s: no such setting", key)
}

func isAre(n int) string {
	if n == 1 {
		return " is"
	}
	return " are"
}
