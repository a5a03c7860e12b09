package federation

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/textmatch"
)

// SearchCandidates is how many matching rows search reads per province
// and kind: the first rows in the source's order, one upstream page. It
// bounds the work of a search whatever the dataset's size; rows beyond it
// are counted in MatchCount but not ranked (Truncated says so).
const SearchCandidates = MaxPageSize

// SnippetRunes bounds a search hit's snippet, in code points.
const SnippetRunes = 80

// SearchKinds are the kinds search looks through, in the order that
// breaks ties between equal scores (then province code, then ID).
var SearchKinds = []Kind{KindMeeting, KindPolicyDocument, KindTask, KindServiceSite}

// SearchRequest is one page of a text search across provinces and kinds.
type SearchRequest struct {
	Text      string
	Kinds     []Kind // empty: every one of SearchKinds
	Provinces []civ.ProvinceCode
	Filter    civ.Filter // Keyword is set from Text
	First     *int
	After     string
}

// Hit is one ranked search result.
type Hit struct {
	Node    civ.Entity
	Score   float64
	Snippet textmatch.Snippet
	kind    int    // the kind's place in SearchKinds: the first tie-breaker
	key     string // province and local ID: the stable tie-breaker after the kind
	fields  []textmatch.Field
}

// SearchPage is one page of ranked hits.
type SearchPage struct {
	Edges []Edge[Hit]
	// TotalCount is how many hits were ranked (the candidates that
	// matched); MatchCount how many rows match in the sources that
	// answered, which is more when some source had more than
	// SearchCandidates (Truncated).
	TotalCount, MatchCount int
	Truncated              bool
	HasNextPage            bool
	HasPreviousPage        bool
	Errors                 []*connectors.UpstreamError
}

// Field weights in search's score: a title or name counts three times
// what a summary, description, venue or address does.
const titleWeight, bodyWeight = 3, 1

// searchFields are the texts of a row that search ranks, best first: the
// ones the keyword filter matched (civ.KeywordFields), the first of them
// (its title or name) weighted above the rest.
func searchFields(e civ.Entity) []textmatch.Field {
	var out []textmatch.Field
	for i, t := range civ.KeywordFields(e) {
		w := float64(bodyWeight)
		if i == 0 {
			w = titleWeight
		}
		out = append(out, textmatch.Field{Name: t.Name, Text: t.Text, Weight: w})
	}
	return out
}

// Search ranks the rows matching r.Text (as the keyword filter matches)
// by textmatch's score, ties broken by kind, then province code and ID. It reads at
// most SearchCandidates rows per province and kind, all in parallel, and
// pages through the ranked list with a cursor bound to the search.
func (f *Federation) Search(ctx context.Context, r SearchRequest) (SearchPage, error) {
	if n := utf8.RuneCountInString(r.Text); n > MaxKeywordRunes {
		return SearchPage{}, invalidInput("text has %d characters; at most %d are allowed", n, MaxKeywordRunes)
	}
	q := textmatch.Compile(r.Text)
	if q.Empty() {
		return SearchPage{}, invalidInput("text has no letters, digits or Chinese characters to search for")
	}
	kinds, err := searchKinds(r.Kinds)
	if err != nil {
		return SearchPage{}, err
	}
	size, err := pageSize("first", r.First)
	if err != nil {
		return SearchPage{}, err
	}
	provinces, err := f.selectProvinces(r.Provinces)
	if err != nil {
		return SearchPage{}, err
	}
	filter := r.Filter
	filter.Keyword = r.Text
	if err := checkFilter(filter); err != nil {
		return SearchPage{}, err
	}
	if err := filter.CheckValues(); err != nil {
		return SearchPage{}, invalidInput("filter: %v", err)
	}
	codec := searchCursors{key: f.cursors.key, query: searchFingerprint(kinds, provinces, filter)}
	offset := 0
	if r.After != "" {
		if offset, err = codec.decode(r.After); err != nil {
			return SearchPage{}, err
		}
	}
	hits, page := f.searchCandidates(ctx, q, kinds, provinces, filter)
	page.TotalCount = len(hits)
	page.HasPreviousPage = offset > 0
	n := max(0, min(size, len(hits)-offset))
	signed := codec.sign(offset, n)
	cursors := edgeCursors(signed, n)
	page.Edges = make([]Edge[Hit], n)
	for k := range n {
		h := hits[offset+k]
		h.Snippet = q.Snippet(SnippetRunes, h.fields...) // only for the hits returned
		page.Edges[k] = Edge[Hit]{Cursor: cursors[k], Node: h}
	}
	page.HasNextPage = offset+len(page.Edges) < len(hits)
	return page, nil
}

// searchCandidates asks every province for every kind's first
// SearchCandidates matching rows and ranks them.
func (f *Federation) searchCandidates(ctx context.Context, q textmatch.Query, kinds []Kind, provinces []civ.ProvinceCode, filter civ.Filter) ([]Hit, SearchPage) {
	type answer struct {
		hits      []Hit
		total     int
		truncated bool
		err       *connectors.UpstreamError
	}
	answers := make([]answer, len(kinds)*len(provinces))
	var wg sync.WaitGroup
	for i, kind := range kinds {
		for j, p := range provinces {
			wg.Go(func() {
				sctx, cancel := f.sourceContext(ctx)
				defer cancel()
				hit := func(e civ.Entity, id string) Hit {
					fields := searchFields(e)
					return Hit{Node: e, Score: q.Score(fields...), fields: fields, kind: slices.Index(SearchKinds, kind), key: string(p) + ":" + id}
				}
				hits, meta, total, err := searchSource(sctx, f.sources[p], kind, connectors.Query{Filter: filter, Limit: SearchCandidates}, hit)
				a := answer{hits: hits, total: total, truncated: total > len(hits), err: f.normalize(sctx, p, kind, err)}
				recordSource(ctx, p, meta, a.err)
				answers[i*len(provinces)+j] = a
			})
		}
	}
	wg.Wait()
	var page SearchPage
	var hits []Hit
	reported := map[civ.ProvinceCode]bool{}
	for i, a := range answers {
		if a.err != nil {
			if p := provinces[i%len(provinces)]; !reported[p] {
				reported[p] = true
				page.Errors = append(page.Errors, a.err)
			}
			continue
		}
		page.MatchCount += a.total
		page.Truncated = page.Truncated || a.truncated
		hits = append(hits, a.hits...)
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.kind, b.kind), cmp.Compare(a.key, b.key))
	})
	return hits, page
}

// searchSource asks one source for one kind's rows and makes each a hit,
// carrying its data's age.
func searchSource(ctx context.Context, src connectors.Source, kind Kind, q connectors.Query, hit func(civ.Entity, string) Hit) ([]Hit, connectors.Meta, int, error) {
	switch kind {
	case KindMeeting:
		return hitsOf(callSafely(connectors.Source.Meetings, src, ctx, q))(func(m civ.Meeting) string { return m.ID }, hit)
	case KindPolicyDocument:
		return hitsOf(callSafely(connectors.Source.PolicyDocuments, src, ctx, q))(func(d civ.PolicyDocument) string { return d.ID }, hit)
	case KindTask:
		return hitsOf(callSafely(connectors.Source.Tasks, src, ctx, q))(func(t civ.Task) string { return t.ID }, hit)
	default:
		return hitsOf(callSafely(connectors.Source.ServiceSites, src, ctx, q))(func(s civ.ServiceSite) string { return s.ID }, hit)
	}
}

// hitsOf turns one source's answer into hits, given how to read a row's ID.
func hitsOf[T civ.Entity](res connectors.Result[T], err error) func(id func(T) string, hit func(civ.Entity, string) Hit) ([]Hit, connectors.Meta, int, error) {
	return func(id func(T) string, hit func(civ.Entity, string) Hit) ([]Hit, connectors.Meta, int, error) {
		if err != nil {
			return nil, connectors.Meta{}, 0, err
		}
		age := dataAgeOf(res.Meta, time.Now())
		out := make([]Hit, len(res.Items))
		for i, x := range res.Items {
			out[i] = hit(withAge(x, age), id(x))
		}
		return out, res.Meta, res.Total, nil
	}
}

// searchKinds checks the requested kinds and puts them in SearchKinds'
// order without duplicates; none means all.
func searchKinds(requested []Kind) ([]Kind, error) {
	if len(requested) == 0 {
		return SearchKinds, nil
	}
	for _, k := range requested {
		if !slices.Contains(SearchKinds, k) {
			return nil, invalidInput("search cannot look through %s", k)
		}
	}
	var out []Kind
	for _, k := range SearchKinds {
		if slices.Contains(requested, k) {
			out = append(out, k)
		}
	}
	return out, nil
}

// searchFingerprint identifies a search so its cursors cannot be replayed
// against another text, filter or set of kinds.
func searchFingerprint(kinds []Kind, provinces []civ.ProvinceCode, f civ.Filter) string {
	b, _ := json.Marshal(struct {
		K []Kind
		P []civ.ProvinceCode
		F civ.Filter
	}{kinds, provinces, f})
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}

// searchCursors signs a search cursor: a position in the ranked list of
// one search. Its MAC covers a "search" label, so a list cursor (signed
// with the same secret) is never taken for one, nor one for a list cursor.
// As with list cursors, a page is signed once and each edge's cursor is
// its index in front of the page's signed state (see edgeCursor).
type searchCursors struct {
	key   []byte
	query string
}

type searchCursorState struct {
	V      int    `json:"v"`
	Search string `json:"s"`
	Offset int    `json:"n"` // the page's first hit in the ranked list
	Edges  int    `json:"c"` // the page's edges
}

// searchCursorVersion changes whenever the search cursor's layout does.
// Version 2 signs a page once.
const searchCursorVersion = 2

const searchCursorLabel = "search\x00"

func (c searchCursors) mac(payload []byte) []byte {
	mac := hmac.New(sha256.New, c.key)
	mac.Write([]byte(searchCursorLabel))
	mac.Write(payload)
	return mac.Sum(nil)[:macSize]
}

// sign encodes the state of a page of edges hits from offset on.
func (c searchCursors) sign(offset, edges int) string {
	payload, _ := json.Marshal(searchCursorState{V: searchCursorVersion, Search: c.query, Offset: offset, Edges: edges})
	return base64.RawURLEncoding.EncodeToString(append(payload, c.mac(payload)...))
}

// decode returns the position in the ranked list just after the edge the
// cursor names.
func (c searchCursors) decode(cursor string) (int, error) {
	index, signed, ok := splitEdgeCursor(cursor)
	if !ok {
		return 0, malformedSearchCursor()
	}
	raw, err := base64.RawURLEncoding.DecodeString(signed)
	if err != nil || len(raw) <= macSize {
		return 0, malformedSearchCursor()
	}
	payload, sum := raw[:len(raw)-macSize], raw[len(raw)-macSize:]
	if !hmac.Equal(sum, c.mac(payload)) {
		return 0, invalidInput("cursor signature does not match: it was altered, issued by another deployment, or is not a search cursor")
	}
	var s searchCursorState
	if err := json.Unmarshal(payload, &s); err != nil || s.Offset < 0 {
		return 0, malformedSearchCursor()
	}
	if s.V != searchCursorVersion {
		return 0, invalidInput("cursor version %d is no longer supported; start again without after", s.V)
	}
	if s.Search != c.query {
		return 0, invalidInput("cursor belongs to a different search")
	}
	if index >= s.Edges {
		return 0, malformedSearchCursor()
	}
	return s.Offset + index + 1, nil
}

func malformedSearchCursor() error {
	return invalidInput("malformed cursor, or one issued by an older gateway version; start again without after")
}
