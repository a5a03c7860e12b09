package federation

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"unsafe"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

// cursorVersion changes whenever the cursor layout does; older cursors are
// then rejected with a clear error instead of being misread. Version 2
// signs a page once: every edge cursor is the page's signed state behind
// the edge's index.
const cursorVersion = 2

const (
	macSize = 16
	// indexSize is the width of an edge cursor's index: two decimal digits
	// cover MaxPageSize edges, and a fixed width makes any truncation of
	// the cursor fail (the signed part no longer verifies or parses).
	indexSize = 2
)

// pageState is what a page's cursors carry, signed once per page: the
// list it belongs to, each province's position in its own sorted stream
// before the page's first edge, and which province each edge came from.
// An edge's position is Start plus the edges up to and including it, so
// each edge cursor costs a string concatenation, not a signature.
type pageState struct {
	V     int    `json:"v"`
	Query string `json:"q"` // fingerprint of list kind, provinces, filter and order
	Start []int  `json:"s"` // per planned province, in plan order
	From  string `json:"e"` // per edge, the index of its province in plan order
}

// position is where an edge cursor points in each province's stream.
type position struct {
	after  []int // rows of each province up to and including the edge
	before []int // rows of each province strictly before the edge
}

type cursorCodec struct{ key []byte }

// sign encodes a page's state once; edge i's cursor is edgeCursor(signed, i).
func (c cursorCodec) sign(s pageState) string {
	s.V = cursorVersion
	payload, _ := json.Marshal(s) // plain struct of strings and ints: cannot fail
	mac := hmac.New(sha256.New, c.key)
	mac.Write(payload)
	return base64.RawURLEncoding.EncodeToString(append(payload, mac.Sum(nil)[:macSize]...))
}

// edgeCursor is edge i's cursor on a page signed as signed. The index is
// not signed: it only chooses among the positions the signed state holds,
// every one of which the gateway issued.
func edgeCursor(signed string, i int) string {
	return string([]byte{byte('0' + i/10), byte('0' + i%10)}) + signed
}

// edgeCursors are the cursors of a page of n edges signed as signed, as
// edgeCursor makes them, cut from one string rather than allocated one by
// one.
func edgeCursors(signed string, n int) []string {
	width := indexSize + len(signed)
	buf := make([]byte, 0, n*width)
	for i := range n {
		buf = append(buf, byte('0'+i/10), byte('0'+i%10))
		buf = append(buf, signed...)
	}
	all := unsafe.String(unsafe.SliceData(buf), len(buf)) // buf is not written again, as in strings.Builder
	cursors := make([]string, n)
	for i := range cursors {
		cursors[i] = all[i*width : (i+1)*width]
	}
	return cursors
}

// splitEdgeCursor splits an edge cursor into its index and the page's
// signed state.
func splitEdgeCursor(cursor string) (index int, signed string, ok bool) {
	if len(cursor) <= indexSize {
		return 0, "", false
	}
	for _, d := range []byte(cursor[:indexSize]) {
		if d < '0' || d > '9' {
			return 0, "", false
		}
		index = index*10 + int(d-'0')
	}
	return index, cursor[indexSize:], true
}

// decode verifies the signature and that the cursor belongs to query
// over provinces provinces, and returns the position it points at.
func (c cursorCodec) decode(cursor, query string, provinces int) (position, error) {
	index, signed, ok := splitEdgeCursor(cursor)
	if !ok {
		return position{}, malformedCursor()
	}
	raw, err := base64.RawURLEncoding.DecodeString(signed)
	if err != nil || len(raw) <= macSize {
		return position{}, malformedCursor()
	}
	payload, sum := raw[:len(raw)-macSize], raw[len(raw)-macSize:]
	mac := hmac.New(sha256.New, c.key)
	mac.Write(payload)
	if !hmac.Equal(sum, mac.Sum(nil)[:macSize]) {
		return position{}, invalidInput("cursor signature does not match: it was altered or issued by another deployment")
	}
	var s pageState
	if err := json.Unmarshal(payload, &s); err != nil {
		return position{}, malformedCursor()
	}
	if s.V != cursorVersion {
		return position{}, invalidInput("cursor version %d is no longer supported; start again without after or before", s.V)
	}
	if s.Query != query {
		return position{}, invalidInput("cursor belongs to a different list, filter or order")
	}
	if len(s.Start) != provinces || index >= len(s.From) {
		return position{}, malformedCursor()
	}
	pos := position{after: make([]int, provinces)}
	copy(pos.after, s.Start)
	for _, o := range s.Start {
		if o < 0 {
			return position{}, malformedCursor()
		}
	}
	last := -1
	for _, ch := range s.From[:index+1] {
		last = int(ch - '0')
		if last < 0 || last >= provinces {
			return position{}, malformedCursor()
		}
		pos.after[last]++
	}
	pos.before = append([]int(nil), pos.after...)
	pos.before[last]--
	return pos, nil
}

func malformedCursor() error {
	return invalidInput("malformed cursor, or one issued by an older gateway version; start again without after or before")
}

// fingerprint identifies a list query so its cursors cannot be replayed
// against another filter or order.
func fingerprint(kind Kind, provinces []civ.ProvinceCode, f civ.Filter, o connectors.Order) string {
	b, _ := json.Marshal(struct {
		K Kind
		P []civ.ProvinceCode
		F civ.Filter
		O connectors.Order
	}{kind, provinces, f, o})
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}
