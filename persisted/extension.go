package persisted

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	gqlerrcode "github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/civgraph/civgraph/errcode"
)

func init() {
	// A refused operation never runs: the transports answer it as a
	// request error, with the status GraphQL over HTTP gives one and no
	// data entry.
	gqlerrcode.RegisterErrorType(string(errcode.OperationNotTrusted), gqlerrcode.KindProtocol)
}

// Extension resolves document ids against a Manifest. Install it before
// gqlgen's AutomaticPersistedQuery: a listed id is answered here (and the
// persistedQuery extension removed, so APQ does not re-hash it); an
// unlisted one falls through to APQ unless Only is set.
type Extension struct {
	Manifest *Manifest
	// Only refuses every operation that is not in the manifest.
	Only bool
}

var _ interface {
	graphql.OperationParameterMutator
	graphql.HandlerExtension
} = Extension{}

// ExtensionName implements graphql.HandlerExtension.
func (Extension) ExtensionName() string { return "TrustedDocuments" }

// Validate implements graphql.HandlerExtension.
func (e Extension) Validate(graphql.ExecutableSchema) error {
	if e.Manifest == nil {
		return errNoManifest
	}
	return nil
}

var errNoManifest = gqlerror.Errorf("trusted documents need a manifest")

// MutateOperationParameters implements graphql.OperationParameterMutator.
func (e Extension) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	id, hasID := documentID(raw.Extensions)
	if !hasID {
		if e.Only && !e.Manifest.Lists(raw.Query) {
			return codedError(errcode.OperationNotTrusted,
				"this gateway runs only trusted documents: send the documentId (or extensions.persistedQuery.sha256Hash) of an operation in its manifest")
		}
		return nil
	}
	doc, ok := e.Manifest.Lookup(id)
	if !ok {
		if e.Only {
			return codedError(errcode.PersistedQueryNotFound, "no trusted document has this id")
		}
		return nil // an automatic persisted query, perhaps
	}
	if raw.Query != "" && raw.Query != doc {
		return codedError(errcode.OperationNotTrusted, "the query sent differs from the trusted document with this id")
	}
	raw.Query = doc
	delete(raw.Extensions, "persistedQuery")
	return nil
}

// documentID reads extensions.persistedQuery.sha256Hash, where clients
// and the documentId normalization put the id.
func documentID(ext map[string]any) (string, bool) {
	pq, ok := ext["persistedQuery"].(map[string]any)
	if !ok {
		return "", false
	}
	id, ok := pq["sha256Hash"].(string)
	return id, ok && id != ""
}

func codedError(code errcode.Code, msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": string(code)}}
}
