package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// The raw handler is the practical limit: a plain net/http handler writing
// the gateway's answer bytes. It runs in a process of its own, as the
// gateway does, so that both are reached over loopback from the load
// generator's process in the same way; the same handler inside the load
// generator's process is measured beside it (rawInProcess), as it skips
// the switches between processes that every server pays.

// rawAnnounce begins the line with which a raw handler process names its URL.
const rawAnnounce = "# civgraph bench raw handler at "

// rawHandler answers every request with answer, after reading its body.
func rawHandler(answer []byte) http.Handler {
	length := strconv.Itoa(len(answer))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", length)
		_, _ = w.Write(answer)
	})
}

// ServeRaw is the raw handler process (`civgraph bench --raw-answer FILE`):
// it serves FILE's bytes on a loopback port it announces on out, until ctx
// ends.
func ServeRaw(ctx context.Context, answerFile string, out io.Writer) error {
	answer, err := os.ReadFile(answerFile)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: rawHandler(answer)}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	fmt.Fprintf(out, "%shttp://%s: serving %d bytes\n", rawAnnounce, ln.Addr(), len(answer))
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// startRaw runs the raw handler process of bin serving answer; its URL is
// the one to POST to.
func startRaw(ctx context.Context, bin string, answer []byte) (*child, error) {
	dir, err := os.MkdirTemp("", "civgraph-bench-raw-")
	if err != nil {
		return nil, err
	}
	// The process has read the file once it announces its URL.
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "answer.json")
	if err := os.WriteFile(file, answer, 0o600); err != nil {
		return nil, err
	}
	c := &child{name: "raw handler", cmd: exec.Command(bin, "bench", "--raw-answer", file), tail: &tailBuffer{}, done: make(chan struct{})}
	c.cmd.Env = withoutCivgraphEnv(os.Environ())
	c.cmd.Stderr = c.tail
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := c.awaitAnnounced(ctx, out, rawAnnounce); err != nil {
		return nil, err
	}
	c.url += "/graphql"
	return c, nil
}

// inProcessRaw is the raw handler inside the load generator's process.
type inProcessRaw struct {
	url string
	srv *http.Server
}

func serveBytes(answer []byte) (*inProcessRaw, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &inProcessRaw{url: "http://" + ln.Addr().String() + "/graphql", srv: &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: rawHandler(answer)}}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

func (s *inProcessRaw) Close() { _ = s.srv.Close() }
