package respcache

import (
	"strings"
	"sync"
)

// Bounds of the key memo: requests whose body, scope and Accept header
// together pass memoMaxID bytes are decoded every time (front ends send
// small ones), a body keeps at most memoMaxVariants keys (scopes × media
// types), and the memo forgets everything once it holds memoMaxBytes.
const (
	memoMaxID       = 4 << 10
	memoMaxVariants = 8
	memoMaxBytes    = 1 << 20
	memoOverhead    = 96 // map slot, slice and string headers, for the byte bound
)

// keyMemo remembers the key of each request recently seen, so that a
// request repeated byte for byte (what a front end sends on every page
// load) finds its key without its JSON body being decoded: the exact body
// bytes lead to the keys parseRequest and keyOf made of that body with
// each scope and Accept header seen. It is a cache of a pure function,
// compared on whole bytes and strings, so two requests share an entry only
// when they are the same request.
type keyMemo struct {
	mu    sync.RWMutex
	m     map[string][]memoKey // by body
	bytes int
}

type memoKey struct {
	scope, accept string
	key           Key
}

func newKeyMemo() *keyMemo { return &keyMemo{m: map[string][]memoKey{}} }

// get returns the key remembered for body with scope and accept.
func (m *keyMemo) get(body []byte, scope, accept string) (Key, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, k := range m.m[string(body)] { // no copy of body to look it up
		if k.scope == scope && k.accept == accept {
			return k.key, true
		}
	}
	return Key{}, false
}

// put remembers k as the key of body with scope and accept.
func (m *keyMemo) put(body []byte, scope, accept string, k Key) {
	if len(body)+len(scope)+len(accept) > memoMaxID {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	keys, seen := m.m[string(body)]
	if len(keys) >= memoMaxVariants {
		return
	}
	for _, known := range keys {
		if known.scope == scope && known.accept == accept {
			return
		}
	}
	cost := len(scope) + len(accept) + memoOverhead
	if !seen {
		cost += len(body)
	}
	if m.bytes+cost > memoMaxBytes {
		clear(m.m) // bounded: forgetting only costs one decoding per request
		m.bytes, keys = 0, nil
		cost = len(body) + len(scope) + len(accept) + memoOverhead
	}
	// Copies: the memo must not hold on to the request's buffers.
	m.m[string(body)] = append(keys, memoKey{strings.Clone(scope), strings.Clone(accept), k})
	m.bytes += cost
}
