package config

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Load builds the configuration: defaults, then the YAML file at path (""
// means none), then environment overrides looked up through env
// (os.LookupEnv in production), then credential files; the result is
// validated.
func Load(path string, env func(string) (string, bool)) (Config, error) {
	c := Default()
	if path != "" {
		if err := c.loadFile(path); err != nil {
			return Config{}, err
		}
	}
	if env == nil {
		env = func(string) (string, bool) { return "", false }
	}
	all := settings(&c)
	for _, s := range all {
		raw, ok := env(s.env())
		if !ok {
			continue
		}
		if err := s.set(raw); err != nil {
			return Config{}, fmt.Errorf("environment variable %s: %w", s.env(), err)
		}
	}
	if err := readSecretFiles(all, env); err != nil {
		return Config{}, err
	}
	if c.GraphQL.CursorSecret == "" && c.Redis.URL == "" { // with Redis, replicas agree on one there
		c.GraphQL.CursorSecret = randomSecret()
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// randomSecret returns a fresh 256-bit key, base64-encoded.
func randomSecret() Secret {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return Secret(base64.RawStdEncoding.EncodeToString(b))
}

func (c *Config) loadFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read config file: %w", err)
	}
	// Refuse credentials by key first, so the error names the key.
	var raw map[string]any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("config file %s: %w", path, err)
	}
	for _, s := range settings(c) {
		if s.secret() && present(raw, s.path) {
			return fmt.Errorf("config file %s: %s: %w", path, s.key(), errSecretInFile)
		}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true) // an unknown key is a typo, not something to ignore
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("config file %s: %w", path, err)
	}
	return nil
}

func present(m map[string]any, path []string) bool {
	for i, k := range path {
		v, ok := m[k]
		if !ok {
			return false
		}
		if i == len(path)-1 {
			return true
		}
		if m, ok = v.(map[string]any); !ok {
			return false
		}
	}
	return false
}

// readSecretFiles fills each credential from the file named by its sibling
// "<key>_file" setting, unless the environment already set the value.
func readSecretFiles(all []setting, env func(string) (string, bool)) error {
	byKey := make(map[string]setting, len(all))
	for _, s := range all {
		byKey[s.key()] = s
	}
	for _, s := range all {
		if !s.secret() {
			continue
		}
		fileSetting, ok := byKey[s.key()+"_file"]
		if !ok {
			return fmt.Errorf("%s: no %s_file setting", s.key(), s.key()) // caught by tests
		}
		file := fileSetting.value.String()
		if file == "" {
			continue
		}
		if _, fromEnv := env(s.env()); fromEnv {
			return fmt.Errorf("%s: both %s and %s are set; use one", s.key(), s.env(), fileSetting.key())
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return fmt.Errorf("%s: read credential: %w", fileSetting.key(), err)
		}
		value := strings.TrimSpace(string(data))
		if value == "" {
			return fmt.Errorf("%s: credential file %s is empty", fileSetting.key(), file)
		}
		s.value.SetString(value)
	}
	return nil
}
