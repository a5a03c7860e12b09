package federation

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/errcode"
	"github.com/civgraph/civgraph/panics"
)

// Node fetches the object a global ID names from the source that owns it.
// It returns (nil, nil) when the source has no such object.
func (f *Federation) Node(ctx context.Context, id string) (civ.Entity, error) {
	gid, err := DecodeID(id)
	if err != nil {
		return nil, err
	}
	if gid.Kind == KindProvince {
		if p, ok := civ.ProvinceInfo(gid.Province); ok && string(gid.Province) == gid.LocalID {
			return p, nil
		}
		return nil, nil
	}
	src, ok := f.sources[gid.Province]
	if !ok {
		return nil, invalidInput("province %s is not configured on this gateway", gid.Province)
	}
	switch gid.Kind {
	case KindMeeting:
		return one(ctx, f, src, gid, connectors.Source.Meetings)
	case KindPolicyDocument:
		return one(ctx, f, src, gid, connectors.Source.PolicyDocuments)
	case KindTask:
		return one(ctx, f, src, gid, connectors.Source.Tasks)
	case KindServiceSite:
		return one(ctx, f, src, gid, connectors.Source.ServiceSites)
	}
	return nil, invalidInput("global ID of unknown kind %s", errcode.Echo(string(gid.Kind)))
}

func one[T civ.Entity](ctx context.Context, f *Federation, src connectors.Source, gid GlobalID, fetch fetchFunc[T]) (civ.Entity, error) {
	ctx, cancel := f.sourceContext(ctx)
	defer cancel()
	res, err := callSafely(fetch, src, ctx, connectors.Query{Filter: civ.Filter{ID: gid.LocalID}, Limit: 1})
	ue := f.normalize(ctx, gid.Province, gid.Kind, err)
	recordSource(ctx, gid.Province, res.Meta, ue)
	if ue != nil {
		return nil, ue
	}
	if len(res.Items) == 0 {
		return nil, nil
	}
	return withAge(res.Items[0], dataAgeOf(res.Meta, time.Now())), nil
}

// maxTasksPerOrigin bounds how many tasks one meeting or document may
// list, so a misbehaving upstream cannot make one field unbounded.
const maxTasksPerOrigin = 1000

// TasksByOrigin lists every task a meeting or policy document set.
func (f *Federation) TasksByOrigin(ctx context.Context, p civ.ProvinceCode, originID string) ([]civ.Task, error) {
	src, ok := f.sources[p]
	if !ok {
		return nil, invalidInput("province %s is not configured on this gateway", p)
	}
	ctx, cancel := f.sourceContext(ctx)
	defer cancel()
	var tasks []civ.Task
	for {
		q := connectors.Query{Filter: civ.Filter{OriginID: originID}, Offset: len(tasks), Limit: MaxPageSize}
		res, err := src.Tasks(ctx, q)
		ue := f.normalize(ctx, p, KindTask, err)
		recordSource(ctx, p, res.Meta, ue)
		if ue != nil {
			return nil, ue
		}
		age := dataAgeOf(res.Meta, time.Now())
		for _, t := range res.Items {
			tasks = append(tasks, withAge(t, age))
		}
		if len(res.Items) == 0 || len(tasks) >= res.Total {
			return tasks, nil
		}
		if len(tasks) >= maxTasksPerOrigin {
			return nil, connectors.NewError(p, connectors.CodeBadResponse, "list tasks",
				fmt.Sprintf("more than %d tasks for one origin", maxTasksPerOrigin), nil)
		}
	}
}

// MaxNodes bounds how many IDs one nodes(ids:) call may ask for.
const MaxNodes = 100

// nodeConcurrency bounds the lookups one nodes(ids:) call runs at once.
const nodeConcurrency = 8

// Nodes fetches several objects by global ID in parallel. The result has
// one entry per ID, nil where the ID names nothing or its lookup failed;
// errs holds the failures, so one bad ID or province does not hide the rest.
func (f *Federation) Nodes(ctx context.Context, ids []string) (nodes []civ.Entity, errs []error) {
	if len(ids) > MaxNodes {
		return nil, []error{invalidInput("at most %d ids, got %d", MaxNodes, len(ids))}
	}
	nodes = make([]civ.Entity, len(ids))
	failures := make([]error, len(ids))
	sem := make(chan struct{}, nodeConcurrency)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			defer panics.Recover(&failures[i]) // no resolver recovers this goroutine
			nodes[i], failures[i] = f.Node(ctx, id)
		})
	}
	wg.Wait()
	for _, err := range failures {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return nodes, errs
}
