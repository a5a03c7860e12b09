package persisted

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// Bounds on a manifest, so a wrong file fails at start-up rather than
// filling memory.
const (
	MaxManifestBytes = 16 << 20
	MaxDocuments     = 50_000
	MaxIDLength      = 256
)

// Manifest maps document ids to GraphQL documents.
type Manifest struct {
	byID   map[string]string
	byHash map[string]bool // sha256 hex of every body, to accept a listed body sent in full
	names  map[string]bool // the documents' operation names
}

// apolloManifest is Apollo's persisted query manifest
// (generatePersistedQueryManifest).
type apolloManifest struct {
	Format     string `json:"format"`
	Version    int    `json:"version"`
	Operations []struct {
		ID   string `json:"id"`
		Body string `json:"body"`
		Name string `json:"name"`
		Type string `json:"type"`
	} `json:"operations"`
}

// LoadManifest reads a manifest file.
func LoadManifest(path string) (*Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxManifestBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxManifestBytes {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, MaxManifestBytes)
	}
	m, err := ParseManifest(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// ParseManifest accepts either form: Apollo's {format, version,
// operations: [{id, body, name, type}]} or graphql-codegen's flat
// {id: document}. Every document must parse as GraphQL.
func ParseManifest(data []byte) (*Manifest, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("manifest is not a JSON object: %w", err)
	}
	m := &Manifest{byID: map[string]string{}, byHash: map[string]bool{}, names: map[string]bool{}}
	if _, ok := probe["operations"]; ok {
		var am apolloManifest
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&am); err != nil {
			return nil, fmt.Errorf("persisted query manifest: %w", err)
		}
		if am.Format != "apollo-persisted-query-manifest" || am.Version != 1 {
			return nil, fmt.Errorf("persisted query manifest: want format apollo-persisted-query-manifest version 1, got %q version %d", am.Format, am.Version)
		}
		for i, op := range am.Operations {
			if err := m.add(op.ID, op.Body); err != nil {
				return nil, fmt.Errorf("operation %d (%s): %w", i+1, op.Name, err)
			}
		}
	} else {
		for id, raw := range probe {
			var body string
			if err := json.Unmarshal(raw, &body); err != nil {
				return nil, fmt.Errorf("document %q: want a string", truncate(id))
			}
			if err := m.add(id, body); err != nil {
				return nil, fmt.Errorf("document %q: %w", truncate(id), err)
			}
		}
	}
	if len(m.byID) == 0 {
		return nil, errors.New("manifest lists no documents")
	}
	return m, nil
}

func (m *Manifest) add(id, body string) error {
	id = normalizeID(id)
	switch {
	case id == "" || len(id) > MaxIDLength:
		return fmt.Errorf("id must be 1 to %d characters", MaxIDLength)
	case len(m.byID) >= MaxDocuments:
		return fmt.Errorf("more than %d documents", MaxDocuments)
	case m.byID[id] != "" && m.byID[id] != body:
		return errors.New("id listed twice with different documents")
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: body})
	if err != nil {
		return fmt.Errorf("not a GraphQL document: %w", err)
	}
	for _, op := range doc.Operations {
		if op.Name != "" {
			m.names[op.Name] = true
		}
	}
	m.byID[id] = body
	m.byHash[hashOf(body)] = true
	return nil
}

// Lookup returns the document listed under id ("sha256:" prefix optional).
func (m *Manifest) Lookup(id string) (string, bool) {
	if len(id) > MaxIDLength+len("sha256:") {
		return "", false
	}
	doc, ok := m.byID[normalizeID(id)]
	return doc, ok
}

// Lists reports whether body is, byte for byte, a listed document.
func (m *Manifest) Lists(body string) bool { return m.byHash[hashOf(body)] }

// OperationNames returns the names of the documents' operations, in no
// particular order.
func (m *Manifest) OperationNames() []string {
	out := make([]string, 0, len(m.names))
	for n := range m.names {
		out = append(out, n)
	}
	return out
}

// Len is the number of documents.
func (m *Manifest) Len() int { return len(m.byID) }

// normalizeID drops the "sha256:" prefix graphql-codegen may put on
// hashes and lower-cases a hex hash, so both spellings find a document.
func normalizeID(id string) string {
	id = strings.TrimPrefix(id, "sha256:")
	if len(id) == 2*sha256.Size {
		if _, err := hex.DecodeString(id); err == nil {
			return strings.ToLower(id)
		}
	}
	return id
}

func hashOf(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
