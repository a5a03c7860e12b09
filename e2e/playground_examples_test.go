package e2e_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// examplesReport is what e2e/playground_examples.mjs prints.
type examplesReport struct {
	Operations []string   `json:"operations"`
	WithoutKey exampleRun `json:"withoutKey"`
	Runs       []struct {
		Name string `json:"name"`
		exampleRun
	} `json:"runs"`
	KeyInURL      bool     `json:"keyInURL"`
	KeyInStorage  bool     `json:"keyInStorage"`
	ConsoleErrors []string `json:"consoleErrors"`
	PageErrors    []string `json:"pageErrors"`
	Error         string   `json:"error"`
}

type exampleRun struct {
	Status   int      `json:"status"`
	SentKey  string   `json:"sentKey"`
	Errors   []string `json:"errors"`
	DataKeys []string `json:"dataKeys"`
}

// Every example the playground opens with runs without an error from the
// browser, against a gateway that requires an API key: refused before the
// key is typed into GraphiQL's headers editor, answered after, with the
// header on every request.
func TestPlaygroundExamplesWithAPIKey(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	requirePrerequisites(t, root)
	const key = "cg_playground-examples-test-key-0123456789"
	sum := sha256.Sum256([]byte(key))
	keys := filepath.Join(t.TempDir(), "keys.yaml")
	if err := os.WriteFile(keys, []byte("keys:\n  - name: playground\n    sha256: "+hex.EncodeToString(sum[:])+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := startGateway(t, root, "CIVGRAPH_AUTH_REQUIRED=true", "CIVGRAPH_AUTH_API_KEYS_FILE="+keys)

	var r examplesReport
	runScript(t, 120*time.Second, nil, &r, "playground_examples.mjs", base, key)
	if r.Error != "" {
		t.Fatalf("browser run failed: %s\nconsole: %v %v", r.Error, r.ConsoleErrors, r.PageErrors)
	}
	if len(r.Operations) < 6 {
		t.Fatalf("run menu offered %v, want the examples", r.Operations)
	}
	if w := r.WithoutKey; w.Status != 401 || !strings.Contains(strings.Join(w.Errors, " "), "UNAUTHENTICATED") || w.SentKey != "" {
		t.Errorf("without a key: status %d, errors %v, sent key %q; want 401 UNAUTHENTICATED", w.Status, w.Errors, w.SentKey)
	}
	if len(r.Runs) != len(r.Operations) {
		t.Fatalf("ran %d of %d examples", len(r.Runs), len(r.Operations))
	}
	for _, run := range r.Runs {
		if run.SentKey != key {
			t.Errorf("%s: the request carried X-API-Key %q, want the key typed into the headers editor", run.Name, run.SentKey)
		}
		if run.Status != 200 || len(run.Errors) > 0 || len(run.DataKeys) == 0 {
			t.Errorf("%s: status %d, errors %v, data %v", run.Name, run.Status, run.Errors, run.DataKeys)
		}
	}
	if r.KeyInURL || r.KeyInStorage {
		t.Errorf("the typed API key was kept by the page: in its URL %v, in local storage %v", r.KeyInURL, r.KeyInStorage)
	}
	for _, msg := range r.PageErrors {
		t.Errorf("page error: %s", msg)
	}
}
