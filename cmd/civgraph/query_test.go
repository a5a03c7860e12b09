package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/gateway"
	"github.com/civgraph/civgraph/server"
)

func TestQueryCommand(t *testing.T) {
	const key = "cg_query_cli_hebei_only_0123456789abcdef"
	keys := filepath.Join(t.TempDir(), "keys.yaml")
	if err := os.WriteFile(keys, []byte("keys:\n  - name: hebei\n    sha256: "+auth.HashKey(key)+"\n    provinces: [HEBEI]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.GraphQL.CursorSecret = "test"
	cfg.Auth.APIKeysFile = keys
	a, err := auth.New(cfg.Auth)
	if err != nil {
		t.Fatal(err)
	}
	url := startGateway(t, cfg, func(*gateway.Gateway) []server.Option { return []server.Option{server.WithAuthenticator(a)} })

	query := func(args ...string) (int, string, string) {
		var out, errOut strings.Builder
		code := run(context.Background(), append([]string{"query", "--url", url + "/graphql"}, args...), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	const meetings = `{ meetings(first: 50) { edges { node { title province { code name } } } } }`

	code, out, errOut := query("--format", "csv", "--query", `{ provinces { code name department } }`)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, "\uFEFF") {
		t.Fatal("no byte-order mark")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF"))).ReadAll()
	if err != nil || len(recs) != 5 || strings.Join(recs[0], ",") != "code,name,department" || recs[1][0] != "HEBEI" || recs[1][1] != "河北省" {
		t.Fatalf("%v: %q", err, recs)
	}

	if code, out, _ := query("--query", `{ provinces { code } }`); code != 0 || !strings.HasPrefix(out, `{"data":{"provinces":[{"code":"HEBEI"}`) {
		t.Errorf("json: exit %d, %q", code, out)
	}

	// A Hebei-only key: the other provinces answer FORBIDDEN.
	outFile := filepath.Join(t.TempDir(), "meetings.csv")
	code, _, errOut = query("--format", "csv", "--header", "X-API-Key: "+key, "--output", outFile, "--query", meetings)
	if code != 1 || !strings.Contains(errOut, "HUBEI, JIANGSU, SHANGHAI failed") {
		t.Errorf("partial answer: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(outFile); !os.IsNotExist(err) {
		t.Errorf("a refused export left a file behind: %v", err)
	}
	code, _, errOut = query("--format", "csv", "--partial", "--header", "X-API-Key: "+key, "--output", outFile, "--query", meetings)
	if code != 0 || !strings.Contains(errOut, "lacks the rows of HUBEI, JIANGSU, SHANGHAI") {
		t.Fatalf("--partial: exit %d, %q", code, errOut)
	}
	b, _ := os.ReadFile(outFile)
	recs, err = csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
	if err != nil || len(recs) < 2 || recs[1][1] != "HEBEI" || recs[1][2] != "河北省" {
		t.Errorf("%v: %q", err, recs)
	}

	for name, tc := range map[string]struct {
		args []string
		says string
	}{
		"bad key":         {[]string{"--header", "X-API-Key: cg_wrong_key_00000000000000000000", "--query", meetings}, "HTTP 401"},
		"not a table":     {[]string{"--format", "csv", "--query", `{ provinces { code } meetings { totalCount } }`}, "rows="},
		"bad format":      {[]string{"--format", "xlsx", "--query", meetings}, "--format"},
		"no document":     {nil, "--query or --file"},
		"bad variables":   {[]string{"--query", meetings, "--variables", "[1]"}, "--variables"},
		"bad header flag": {[]string{"--header", "nocolon", "--query", meetings}, "Name: value"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, errOut := query(tc.args...)
			if code == 0 || !strings.Contains(errOut, tc.says) {
				t.Errorf("exit %d, stderr %q, want it to say %q", code, errOut, tc.says)
			}
		})
	}
}
