package sampleapi

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/internal/sampleapi/faults"
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

// Name is province p's upstream name for fault injection: its prefix
// without the slash, e.g. "hebei".
func Name(p civ.ProvinceCode) string { return strings.TrimPrefix(Prefix[p], "/") }

// NewInjector returns a fault injector for the four sample upstreams,
// injecting nothing until told to.
func NewInjector(seed uint64) *faults.Injector {
	names := make([]string, 0, len(civ.AllProvinces))
	for _, p := range civ.AllProvinces {
		names = append(names, Name(p))
	}
	return faults.New(seed, names...)
}

// Option customizes the sample upstreams.
type Option func(*options)

type options struct {
	faults     *faults.Injector
	adminToken string
}

// WithFaults puts in's faults in front of every province's API and, when
// adminToken is not empty, serves in's admin API under /admin/ for
// callers presenting it as a bearer token.
func WithFaults(in *faults.Injector, adminToken string) Option {
	return func(o *options) { o.faults, o.adminToken = in, adminToken }
}

// NewHandler serves all four sample upstreams over ds.
func NewHandler(ds *dataset.Dataset, opts ...Option) http.Handler {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	mux := http.NewServeMux()
	mount := func(p civ.ProvinceCode, h http.Handler) {
		if o.faults != nil {
			h = o.faults.Wrap(Name(p), h)
		}
		mux.Handle(Prefix[p]+"/", http.StripPrefix(Prefix[p], h))
	}
	if o.faults != nil {
		mux.Handle("/admin/", o.faults.AdminHandler(o.adminToken))
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
func Start(addr string, ds *dataset.Dataset, opts ...Option) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen for sample upstreams: %w", err)
	}
	s := &Server{
		URL: "http://" + ln.Addr().String(),
		srv: &http.Server{Handler: NewHandler(ds, opts...), ReadHeaderTimeout: 5 * time.Second},
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
