package auth

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/civgraph/civgraph/civ"
)

// MaxKeyLength bounds an API key as sent; anything longer is refused
// before it is hashed.
const MaxKeyLength = 256

// apiKey is one configured key, known only by its hash.
type apiKey struct {
	Name      string   `yaml:"name"`
	SHA256    string   `yaml:"sha256"`
	RateLimit float64  `yaml:"rate_limit"`
	Provinces []string `yaml:"provinces"`

	hash      [sha256.Size]byte
	provinces []civ.ProvinceCode
}

type keysFile struct {
	Keys []apiKey `yaml:"keys"`
}

// HashKey returns the hex SHA-256 of an API key: the form configuration
// stores. A fast hash suffices because keys are long random strings, not
// passwords a dictionary could guess.
func HashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// loadKeys reads and checks an API keys file.
func loadKeys(path string) ([]apiKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("auth.api_keys_file: %w", err)
	}
	var f keysFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("auth.api_keys_file %s: %w", path, err)
	}
	names, hashes := map[string]bool{}, map[string]bool{}
	for i := range f.Keys {
		k := &f.Keys[i]
		where := fmt.Sprintf("auth.api_keys_file %s: key %d", path, i+1)
		if k.Name == "" {
			return nil, fmt.Errorf("%s: name is empty", where)
		}
		if names[k.Name] {
			return nil, fmt.Errorf("%s: name %q is used twice", where, k.Name)
		}
		names[k.Name] = true
		raw, err := hex.DecodeString(strings.ToLower(k.SHA256))
		if err != nil || len(raw) != sha256.Size {
			return nil, fmt.Errorf("%s (%s): sha256 must be 64 hex digits (civgraph hash-key prints it)", where, k.Name)
		}
		if hashes[string(raw)] {
			return nil, fmt.Errorf("%s (%s): the same key is listed twice", where, k.Name)
		}
		hashes[string(raw)] = true
		copy(k.hash[:], raw)
		if k.RateLimit < 0 {
			return nil, fmt.Errorf("%s (%s): rate_limit must not be negative", where, k.Name)
		}
		if k.provinces, err = parseProvinces(k.Provinces); err != nil {
			return nil, fmt.Errorf("%s (%s): provinces: %w", where, k.Name, err)
		}
	}
	return f.Keys, nil
}

// parseProvinces turns province codes into a list; none means every
// province (nil).
func parseProvinces(codes []string) ([]civ.ProvinceCode, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	out := make([]civ.ProvinceCode, 0, len(codes))
	for _, c := range codes {
		p, err := civ.ParseProvinceCode(c)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// matchKey finds the configured key whose hash is that of key. Every
// configured hash is compared, in constant time, so the timing tells
// nothing about which or how many bytes matched.
func matchKey(keys []apiKey, key string) (*apiKey, bool) {
	sum := sha256.Sum256([]byte(key))
	var found *apiKey
	for i := range keys {
		if subtle.ConstantTimeCompare(sum[:], keys[i].hash[:]) == 1 {
			found = &keys[i]
		}
	}
	return found, found != nil
}
