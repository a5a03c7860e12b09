package config

import (
	"errors"
	"log/slog"

	"go.yaml.in/yaml/v3"
)

// Secret is a credential. It prints, logs and marshals as "[redacted]" when
// set, so a Config can be shown without leaking it; use string(s) where
// the value itself is needed.
type Secret string

const redacted = "[redacted]"

var errSecretInFile = errors.New("credentials cannot be written in the config file; name a file with the matching _file key or use the environment")

// String implements fmt.Stringer.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString keeps %#v from printing the value.
func (s Secret) GoString() string { return `config.Secret("` + s.String() + `")` }

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText implements encoding.TextMarshaler (used by JSON and slog).
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// MarshalYAML implements yaml.Marshaler.
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// UnmarshalYAML refuses every value: credentials come from files or the
// environment only. (Load reports the key before decoding reaches here.)
func (s *Secret) UnmarshalYAML(*yaml.Node) error { return errSecretInFile }
