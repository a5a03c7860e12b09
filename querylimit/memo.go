package querylimit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	lru "github.com/hashicorp/golang-lru/v2"
)

// DefaultMemoSize is how many operations' figures a Memo keeps.
const DefaultMemoSize = 1000

// Memo remembers the figures of recently measured operations, keyed by a
// hash of the query text, the operation name and the variables, so a
// document sent again — above all a hostile one sent in a loop — is
// answered without walking it again: refusing the same over-complex query
// costs a hash and a lookup instead of a walk of max_complexity fields.
//
// Passes are kept as well as refusals: the figures are a pure function of
// the key under one Model, so a hit is exact either way, and a normal
// query repeated by many clients skips the walk too. The LRU is bounded in
// entries and each entry is small (a 32-byte key and the Figures, whose
// map has at most one entry per province), so distinct documents sent to
// flood it cost a few hundred bytes each and, once evicted, only the walk
// they would have cost without the memo.
type Memo struct {
	figures *lru.Cache[[sha256.Size]byte, *Figures]
}

// NewMemo returns a Memo of size entries (DefaultMemoSize when size <= 0).
func NewMemo(size int) *Memo {
	if size <= 0 {
		size = DefaultMemoSize
	}
	c, err := lru.New[[sha256.Size]byte, *Figures](size)
	if err != nil { // only for a size <= 0, excluded above
		panic(err)
	}
	return &Memo{figures: c}
}

// key hashes what the figures depend on. Variables are hashed as JSON,
// whose object keys encoding/json sorts, so equal variables hash equal.
// ok is false when they cannot be encoded; that operation is not memoized.
func memoKey(opCtx *graphql.OperationContext) (key [sha256.Size]byte, ok bool) {
	vars, err := json.Marshal(opCtx.Variables)
	if err != nil {
		return key, false
	}
	h := sha256.New()
	for _, part := range [][]byte{[]byte(opCtx.RawQuery), []byte(opCtx.OperationName), vars} {
		// Length-prefixed, so no two splits of the same bytes collide.
		_ = binary.Write(h, binary.BigEndian, uint64(len(part)))
		h.Write(part)
	}
	h.Sum(key[:0])
	return key, true
}

// measure returns the figures of the operation in opCtx, from the memo when
// it holds them (m may be nil: always measured). The figures returned are
// shared between requests and must not be modified.
func (m *Memo) measure(opCtx *graphql.OperationContext, measure func() Figures) *Figures {
	if m == nil {
		fig := measure()
		return &fig
	}
	key, ok := memoKey(opCtx)
	if ok {
		if fig, hit := m.figures.Get(key); hit {
			return fig
		}
	}
	fig := measure()
	if ok {
		m.figures.Add(key, &fig)
	}
	return &fig
}
