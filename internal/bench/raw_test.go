package bench

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeRawAnswersTheFileUntilItsContextEnds(t *testing.T) {
	answer := []byte(`{"data":{"serviceSites":{"totalCount":1}}}`)
	file := filepath.Join(t.TempDir(), "answer.json")
	if err := os.WriteFile(file, answer, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- ServeRaw(ctx, file, pw) }()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	rest, ok := strings.CutPrefix(line, rawAnnounce)
	if !ok {
		t.Fatalf("announced %q", line)
	}
	url, _, _ := strings.Cut(rest, ": ")
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("listens at %q, want loopback", url)
	}
	res, err := http.Post(url+"/graphql", "application/json", strings.NewReader(`{"query":"{ __typename }"}`))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.Equal(got, answer) || res.Header.Get("Content-Length") != "42" {
		t.Fatalf("HTTP %d %q (Content-Length %q), want the file's bytes", res.StatusCode, got, res.Header.Get("Content-Length"))
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("ServeRaw ended with %v", err)
	}
}
