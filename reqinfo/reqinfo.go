package reqinfo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"sync"
)

// Header is the request and response header that carries the request id.
const Header = "X-Request-Id"

// MaxIDLength bounds a request id taken from a client: longer ones are
// replaced, so that no client can make log lines or metrics grow.
const MaxIDLength = 64

// maxCodes bounds the distinct error codes kept for one request (the
// error table has fewer; the bound only guards against a bug).
const maxCodes = 16

// ValidID reports whether a client's request id may be used as it is: 1
// to MaxIDLength characters of A-Z a-z 0-9 and - _ . : (UUIDs, ULIDs, hex
// and most proxies' ids pass). Anything else — control characters, quotes,
// spaces, non-ASCII — could forge log lines or break a log parser.
func ValidID(s string) bool {
	if s == "" || len(s) > MaxIDLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == ':':
		default:
			return false
		}
	}
	return true
}

// NewID returns a fresh request id: 16 random bytes in hex.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	var id [32]byte
	hex.Encode(id[:], b[:])
	return string(id[:])
}

// Province is one province's part in an answer.
type Province struct {
	Name    string // province code, e.g. HUBEI
	Outcome string // FRESH, CACHED, STALE or FAILED
	Code    string // error code when FAILED
}

// Info is what is known about one request; safe for concurrent use. A nil
// *Info ignores writes and reads as empty, so callers need not check.
type Info struct {
	ID string

	mu        sync.Mutex
	parsed    bool // an operation was read (its name may be "")
	operation string
	hasData   bool
	codes     []string
	provinces []Province
}

type key struct{}

// New returns ctx carrying a new Info for request id.
func New(ctx context.Context, id string) (context.Context, *Info) {
	i := &Info{ID: id}
	return context.WithValue(ctx, key{}, i), i
}

// From returns ctx's Info, or nil.
func From(ctx context.Context) *Info {
	i, _ := ctx.Value(key{}).(*Info)
	return i
}

// ID returns ctx's request id, or "".
func ID(ctx context.Context) string {
	if i := From(ctx); i != nil {
		return i.ID
	}
	return ""
}

// SetOperation records the GraphQL operation's name ("" for an
// anonymous one).
func (i *Info) SetOperation(name string) {
	i.with(func() { i.parsed, i.operation = true, name })
}

// SetHasData records whether the answer carries data (the last call
// wins: an answer may be replaced by one without).
func (i *Info) SetHasData(has bool) { i.with(func() { i.hasData = has }) }

// AddCode records an error code of the answer (each code once).
func (i *Info) AddCode(code string) {
	i.with(func() {
		if code != "" && len(i.codes) < maxCodes && !slices.Contains(i.codes, code) {
			i.codes = append(i.codes, code)
		}
	})
}

// SetProvinces records the provinces the answer used and their outcomes.
func (i *Info) SetProvinces(ps []Province) {
	i.with(func() { i.provinces = slices.Clone(ps) })
}

// Snapshot is a copy of an Info's facts.
type Snapshot struct {
	ID        string
	Parsed    bool // an operation was read; Operation is its name
	Operation string
	HasData   bool
	Codes     []string
	Provinces []Province
}

// Snapshot returns a copy of what is known.
func (i *Info) Snapshot() Snapshot {
	if i == nil {
		return Snapshot{}
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	return Snapshot{ID: i.ID, Parsed: i.parsed, Operation: i.operation, HasData: i.hasData,
		Codes: slices.Clone(i.codes), Provinces: slices.Clone(i.provinces)}
}

func (i *Info) with(f func()) {
	if i == nil {
		return
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	f()
}
