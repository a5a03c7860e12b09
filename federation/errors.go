package federation

import (
	"context"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

// normalize makes a source's error coded and client-safe with
// connectors.Normalize. Connectors already return *connectors.UpstreamError;
// anything else is logged, as a connector that breaks the contract.
func (f *Federation) normalize(ctx context.Context, p civ.ProvinceCode, kind Kind, err error) *connectors.UpstreamError {
	if err == nil {
		return nil
	}
	if _, ok := connectors.AsUpstreamError(err); !ok && ctx.Err() == nil {
		f.logger.Error("source returned an uncoded error", "province", p, "err", err)
	}
	return connectors.Normalize(ctx, p, "list "+string(kind), err)
}
