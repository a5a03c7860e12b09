package main

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/auth"
)

func TestHashKey(t *testing.T) {
	const key = "cg_a-long-random-key-of-thirty-two-chars"
	var out, errOut strings.Builder
	stdin = strings.NewReader(key + "\n")
	t.Cleanup(func() { stdin = nil })
	if code := run(context.Background(), []string{"hash-key"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if out.String() != "sha256: "+auth.HashKey(key)+"\n" {
		t.Errorf("output %q", out.String())
	}

	out.Reset()
	stdin = strings.NewReader("short\n")
	if code := run(context.Background(), []string{"hash-key"}, &out, &errOut); code != 1 || out.Len() != 0 {
		t.Errorf("a short key: exit %d, output %q", code, out.String())
	}

	out.Reset()
	if code := run(context.Background(), []string{"hash-key", "--generate"}, &out, &errOut); code != 0 {
		t.Fatalf("--generate: exit %d", code)
	}
	m := regexp.MustCompile(`^key: (cg_[A-Za-z0-9_-]{43})\nsha256: ([0-9a-f]{64})\n$`).FindStringSubmatch(out.String())
	if m == nil || auth.HashKey(m[1]) != m[2] {
		t.Errorf("--generate printed %q", out.String())
	}
}

func TestCheckReadsAccessFiles(t *testing.T) {
	dir := t.TempDir()
	keys, manifest := dir+"/keys.yaml", dir+"/manifest.json"
	if err := os.WriteFile(keys, []byte("keys:\n  - name: x\n    sha256: nothex\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(manifest, []byte(`{"a": "query {"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for env, file := range map[string]string{"CIVGRAPH_AUTH_API_KEYS_FILE": keys, "CIVGRAPH_GRAPHQL_TRUSTED_DOCUMENTS_FILE": manifest} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, file)
			var out, errOut strings.Builder
			if code := run(context.Background(), []string{"check"}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), file) {
				t.Errorf("exit %d, stderr %q", code, errOut.String())
			}
		})
	}
}
