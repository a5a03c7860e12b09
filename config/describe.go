//go:generate go test -run ^TestReference$ . -update

package config

import (
	"fmt"
	"log/slog"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Setting describes one configuration key for documentation.
type Setting struct {
	Key     string // YAML path, e.g. sources.hebei.base_url
	Env     string // overriding environment variable
	Default string // default value as the environment would spell it
	Doc     string
	Secret  bool // a credential: environment or *_file only, never the YAML value
}

// Describe lists every setting with its key, environment variable, default
// and meaning, in declaration order.
func Describe() []Setting {
	c := Default()
	var out []Setting
	for _, s := range settings(&c) {
		doc := s.field.Tag.Get("doc")
		if s.secret() {
			doc += "; credential: only from the environment or " + s.key() + "_file"
		}
		out = append(out, Setting{Key: s.key(), Env: s.env(), Default: s.format(), Doc: doc, Secret: s.secret()})
	}
	return out
}

// Reference renders Describe as the Markdown page config/REFERENCE.md.
func Reference() string {
	var b strings.Builder
	b.WriteString("# civgraph configuration reference\n\n")
	b.WriteString("Generated from package config by `go generate ./config`; do not edit.\n\n")
	b.WriteString("Settings come from the defaults, then the YAML file given by `--config`, then the environment.\n")
	b.WriteString("Durations use Go syntax (`750ms`, `2m`). Credentials are never read from the YAML file:\n")
	b.WriteString("set the environment variable or name a file with the matching `*_file` key.\n\n")
	b.WriteString("| key | environment variable | default | meaning |\n|---|---|---|---|\n")
	for _, s := range Describe() {
		def := "`" + s.Default + "`"
		if s.Default == "" {
			def = "(empty)"
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s |\n", s.Key, s.Env, def, strings.ReplaceAll(s.Doc, "|", `\|`))
	}
	return b.String()
}

// String renders the effective configuration as YAML, credentials redacted.
func (c Config) String() string {
	out, err := yaml.Marshal(c)
	if err != nil {
		return fmt.Sprintf("config: %v", err)
	}
	return string(out)
}

// LogValue logs every setting by key, credentials redacted.
func (c Config) LogValue() slog.Value {
	all := settings(&c)
	attrs := make([]slog.Attr, 0, len(all))
	for _, s := range all {
		attrs = append(attrs, slog.String(s.key(), s.format()))
	}
	return slog.GroupValue(attrs...)
}

// UnknownEnv returns the CIVGRAPH_ variables in environ ("KEY=value"
// pairs, as from os.Environ) that name no setting: most likely typos, which
// would otherwise be ignored silently.
func UnknownEnv(environ []string) []string {
	known := map[string]bool{}
	for _, s := range Describe() {
		known[s.Env] = true
	}
	var unknown []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, EnvPrefix) && !known[name] {
			unknown = append(unknown, name)
		}
	}
	return unknown
}
