package respcache

import "sync"

// Bounds of the key memo: requests whose identity (scope, Accept and
// body) is larger than memoMaxID are decoded every time (front ends send
// small ones), and the memo forgets everything once it holds memoMaxBytes.
const (
	memoMaxID    = 4 << 10
	memoMaxBytes = 1 << 20
	memoOverhead = 64 // map slot and string header, for the byte bound
)

// keyMemo remembers the key of each request recently seen, so that a
// request repeated byte for byte (what a front end sends on every page
// load) finds its key without decoding its JSON body. It maps the exact
// bytes of the scope, the Accept header and the body, each
// length-prefixed, to the key parseRequest and keyOf made of them: a
// cache of a pure function, compared on whole bytes, so two requests
// share an entry only when they are the same request.
type keyMemo struct {
	mu    sync.RWMutex
	m     map[string]Key
	bytes int
}

func newKeyMemo() *keyMemo { return &keyMemo{m: map[string]Key{}} }

// identity appends the memo's lookup bytes for a request to dst.
func identity(dst []byte, scope, accept string, body []byte) []byte {
	for _, part := range [...]string{scope, accept} {
		dst = appendLen(dst, len(part))
		dst = append(dst, part...)
	}
	dst = appendLen(dst, len(body))
	return append(dst, body...)
}

func appendLen(dst []byte, n int) []byte {
	return append(dst, byte(n), byte(n>>8), byte(n>>16), byte(n>>24))
}

// get returns the key remembered for id.
func (m *keyMemo) get(id []byte) (Key, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	k, ok := m.m[string(id)]
	return k, ok
}

// put remembers k as id's key.
func (m *keyMemo) put(id []byte, k Key) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.bytes+len(id)+memoOverhead > memoMaxBytes {
		clear(m.m) // bounded: forgetting only costs one decoding per request
		m.bytes = 0
	}
	if _, ok := m.m[string(id)]; !ok {
		m.m[string(id)] = k
		m.bytes += len(id) + memoOverhead
	}
}
