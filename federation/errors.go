package federation

import (
	"context"
	"errors"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/errcode"
	"github.com/civgraph/civgraph/panics"
)

// normalize makes a source's error coded and client-safe with
// connectors.Normalize. Connectors already return *connectors.UpstreamError;
// anything else is logged, as a connector that breaks the contract.
func (f *Federation) normalize(ctx context.Context, p civ.ProvinceCode, kind Kind, err error) *connectors.UpstreamError {
	if err == nil {
		return nil
	}
	op := "list " + string(kind)
	if pe := (*panics.Error)(nil); errors.As(err, &pe) {
		// A bug, not the upstream's fault: the gateway's presenter logs
		// the stack under an error id and shows the client only the id.
		return connectors.NewError(p, errcode.Internal, op, "internal server error", pe)
	}
	if _, ok := connectors.AsUpstreamError(err); !ok && ctx.Err() == nil {
		f.logger.Error("source returned an uncoded error", "province", p, "err", err)
	}
	return connectors.Normalize(ctx, p, op, err)
}

// callSafely asks src through fetch and recovers a panic of the connector as a
// *panics.Error: fetches run in fan-out goroutines, where an unrecovered
// panic would end the process.
func callSafely[T any](fetch fetchFunc[T], src connectors.Source, ctx context.Context, q connectors.Query) (res connectors.Result[T], err error) {
	defer panics.Recover(&err)
	return fetch(src, ctx, q)
}
