package sampleapi

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/internal/sampleapi/hebei"
	"github.com/civgraph/civgraph/internal/sampleapi/hubei"
	"github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
	"github.com/civgraph/civgraph/internal/sampleapi/shanghai"
)

// Prefix is the path under which each province's sample API is mounted.
var Prefix = map[civ.ProvinceCode]string{
	civ.Hebei:    "/hebei",
	civ.Hubei:    "/hubei",
	civ.Jiangsu:  "/jiangsu",
	civ.Shanghai: "/shanghai",
}

// NewHandler serves all four sample upstreams over ds.
func NewHandler(ds *dataset.Dataset) http.Handler {
	mux := http.NewServeMux()
	mount := func(p civ.ProvinceCode, h http.Handler) {
		mux.Handle(Prefix[p]+"/", http.StripPrefix(Prefix[p], h))
	}
	mount(civ.Hebei, hebei.New(ds, hebei.Options{}))
	mount(civ.Hubei, hubei.New(ds, hubei.Options{}))
	mount(civ.Jiangsu, jiangsu.New(ds, jiangsu.Options{}))
	mount(civ.Shanghai, shanghai.New(ds, shanghai.Options{}))
	return mux
}

// Server is a running set of sample upstreams.
type Server struct {
	URL string // e.g. http://127.0.0.1:41234; a province's base URL is URL + Prefix[p]
	srv *http.Server
}

// BaseURL returns the base URL of province p's sample API.
func (s *Server) BaseURL(p civ.ProvinceCode) string { return s.URL + Prefix[p] }

// Start serves the sample upstreams on addr (e.g. "127.0.0.1:0") in the
// background until Close.
func Start(addr string, ds *dataset.Dataset) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen for sample upstreams: %w", err)
	}
	s := &Server{
		URL: "http://" + ln.Addr().String(),
		srv: &http.Server{Handler: NewHandler(ds), ReadHeaderTimeout: 5 * time.Second},
	}
	// Serve returns ErrServerClosed after Close; any other error ends the
	// accept loop, and the gateway then reports the provinces unavailable.
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// Close stops the server. It waits briefly for requests in flight, then
// closes what is left: connections a client dialled but never used count as
// active to http.Server.Shutdown for seconds, and would delay every stop.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		return s.srv.Close()
	}
	return nil
}
