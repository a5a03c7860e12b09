package health

import (
	"context"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

// Watch wraps src so that every answer's provenance (cache hit, stale)
// is counted by rec.
func Watch(src connectors.Source, rec *Recorder) connectors.Source {
	return &watched{Source: src, rec: rec}
}

type watched struct {
	connectors.Source
	rec *Recorder
}

func served[T any](rec *Recorder, res connectors.Result[T], err error) (connectors.Result[T], error) {
	if err == nil {
		rec.Served(res.Meta)
	}
	return res, err
}

func (w *watched) Meetings(ctx context.Context, q connectors.Query) (connectors.Result[civ.Meeting], error) {
	res, err := w.Source.Meetings(ctx, q)
	return served(w.rec, res, err)
}

func (w *watched) PolicyDocuments(ctx context.Context, q connectors.Query) (connectors.Result[civ.PolicyDocument], error) {
	res, err := w.Source.PolicyDocuments(ctx, q)
	return served(w.rec, res, err)
}

func (w *watched) Tasks(ctx context.Context, q connectors.Query) (connectors.Result[civ.Task], error) {
	res, err := w.Source.Tasks(ctx, q)
	return served(w.rec, res, err)
}

func (w *watched) ServiceSites(ctx context.Context, q connectors.Query) (connectors.Result[civ.ServiceSite], error) {
	res, err := w.Source.ServiceSites(ctx, q)
	return served(w.rec, res, err)
}
