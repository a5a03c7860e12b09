package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/civgraph/civgraph/csvexport"
)

// maxQueryAnswer bounds the answer query reads: far above the gateway's
// own response limit, so that only a misdirected URL reaches it.
const maxQueryAnswer = 64 << 20

// headerList is a repeatable "Name: value" flag.
type headerList []string

func (h *headerList) String() string { return strings.Join(*h, ", ") }
func (h *headerList) Set(v string) error {
	if name, _, ok := strings.Cut(v, ":"); !ok || strings.TrimSpace(name) == "" {
		return errors.New(`want "Name: value"`)
	}
	*h = append(*h, v)
	return nil
}

// runQuery sends one GraphQL operation to a gateway and prints the answer
// as JSON or as a CSV table.
func runQuery(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("query", stdout, stderr)
	endpoint := fs.String("url", "http://127.0.0.1:8080/graphql", "the gateway's GraphQL endpoint")
	text := fs.String("query", "", "the GraphQL document")
	file := fs.String("file", "", "read the document from this file (- for standard input)")
	vars := fs.String("variables", "", "variables as a JSON object")
	opName := fs.String("operation-name", "", "the operation to run, when the document has several")
	format := fs.String("format", "json", "json (the answer as it came) or csv (a table of one list of objects)")
	rows := fs.String("rows", "", "csv: the dotted path of the list to export (default: the answer's only list, a connection's nodes)")
	partial := fs.Bool("partial", false, "csv: export even when some provinces failed (they are named on stderr)")
	output := fs.String("output", "", "write to this file instead of standard output")
	timeout := fs.Duration("timeout", time.Minute, "give up after this long")
	var headers headerList
	fs.Var(&headers, "header", `an HTTP header for the request, "Name: value" (repeatable), e.g. an API key`)
	if err := fs.parse(args); err != nil {
		return err
	}
	if u, err := url.Parse(*endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--url must be an http(s) URL, got %q", *endpoint)
	}
	if *format != "json" && *format != "csv" {
		return fmt.Errorf("--format must be json or csv, got %q", *format)
	}
	doc, err := readDocument(*text, *file)
	if err != nil {
		return err
	}
	body := map[string]any{"query": doc}
	if *vars != "" {
		var v map[string]any
		if err := json.Unmarshal([]byte(*vars), &v); err != nil {
			return fmt.Errorf("--variables must be a JSON object: %w", err)
		}
		body["variables"] = v
	}
	if *opName != "" {
		body["operationName"] = *opName
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	answer, err := postGraphQL(ctx, *endpoint, body, headers)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if *format == "json" {
		out.Write(answer)
	} else if err := toCSV(&out, answer, *rows, *partial, stderr); err != nil {
		return err
	}
	// Written only once whole: a refused export leaves no half file behind.
	if *output != "" {
		return os.WriteFile(*output, out.Bytes(), 0o644)
	}
	_, err = stdout.Write(out.Bytes())
	return err
}

func readDocument(text, file string) (string, error) {
	switch {
	case text != "" && file != "":
		return "", errors.New("give --query or --file, not both")
	case text != "":
		return text, nil
	case file == "-":
		b, err := io.ReadAll(io.LimitReader(stdin, maxQueryAnswer))
		return string(b), err
	case file != "":
		b, err := os.ReadFile(file)
		return string(b), err
	}
	return "", errors.New("--query or --file is required")
}

func postGraphQL(ctx context.Context, endpoint string, body map[string]any, headers headerList) ([]byte, error) {
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	for _, h := range headers {
		name, value, _ := strings.Cut(h, ":")
		req.Header.Set(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, maxQueryAnswer+1))
	if err != nil {
		return nil, err
	}
	if len(answer) > maxQueryAnswer {
		return nil, fmt.Errorf("the answer is larger than %d bytes", maxQueryAnswer)
	}
	if resp.StatusCode != http.StatusOK {
		if r, err := csvexport.ParseResponse(answer); err == nil && len(r.Errors) > 0 {
			return nil, fmt.Errorf("HTTP %d: %s (%s)", resp.StatusCode, r.Errors[0].Message, r.Errors[0].Extensions.Code)
		}
		return nil, fmt.Errorf("HTTP %s", resp.Status)
	}
	return answer, nil
}

// toCSV writes the answer as a table, or says why it cannot.
func toCSV(w io.Writer, answer []byte, rows string, allowPartial bool, stderr io.Writer) error {
	r, err := csvexport.ParseResponse(answer)
	if err != nil {
		return err
	}
	failed, err := csvexport.Check(r, allowPartial)
	if err != nil {
		return err
	}
	if len(failed) > 0 {
		fmt.Fprintf(stderr, "civgraph query: warning: the table lacks the rows of %s, which failed:\n", strings.Join(failed, ", "))
		for _, e := range r.Errors {
			fmt.Fprintf(stderr, "  %s (%s)\n", e.Message, e.Extensions.Code)
		}
	}
	t, err := csvexport.Flatten(r.Data, rows)
	if err != nil {
		return err
	}
	return csvexport.Write(w, t)
}
