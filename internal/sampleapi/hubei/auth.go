package hubei

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Signature computes x-tif-signature: the upper-case hex SHA-256 of
// timestamp+token+nonce+timestamp. The token itself never travels.
func Signature(timestamp, token, nonce string) string {
	sum := sha256.Sum256([]byte(timestamp + token + nonce + timestamp))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// rejection is a refused request: its HTTP status and envelope.
type rejection struct {
	status    int
	code, msg string
}

// authenticate checks, in order, the app id, the signature, the clock skew
// and the nonce; nil means the request may proceed. The order matters: a
// nonce is only remembered once the rest of the request is genuine, so
// forged requests cannot fill the nonce store.
func (s *server) authenticate(r *http.Request) *rejection {
	paas, ts := r.Header.Get("x-tif-paasid"), r.Header.Get("x-tif-timestamp")
	nonce, sig := r.Header.Get("x-tif-nonce"), r.Header.Get("x-tif-signature")
	switch {
	case paas == "" || ts == "" || nonce == "" || sig == "":
		return &rejection{http.StatusUnauthorized, CodeBadSignature, "缺少网关鉴权请求头"}
	case subtle.ConstantTimeCompare([]byte(paas), []byte(s.opts.PaasID)) != 1:
		return &rejection{http.StatusUnauthorized, CodeBadSignature, "应用标识（paasid）无效"}
	case subtle.ConstantTimeCompare([]byte(sig), []byte(Signature(ts, s.opts.Token, nonce))) != 1:
		return &rejection{http.StatusUnauthorized, CodeBadSignature, "签名校验失败"}
	}
	now := s.opts.Now()
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || now.Sub(time.Unix(sec, 0)).Abs() > s.opts.Skew {
		return &rejection{http.StatusUnauthorized, CodeClockSkew, "时间戳超出允许范围"}
	}
	// A timestamp up to Skew ahead stays acceptable until Skew after it,
	// so a nonce must be remembered for twice the skew; after that the
	// timestamp check alone rejects a replay.
	switch s.nonces.add(nonce, now, now.Add(2*s.opts.Skew)) {
	case nonceReplayed:
		return &rejection{http.StatusUnauthorized, CodeReplay, "请求重放：nonce 已使用"}
	case nonceStoreFull:
		return &rejection{http.StatusTooManyRequests, CodeRateLimited, "请求过于频繁，请稍后重试"}
	}
	if s.opts.OnNonce != nil {
		s.opts.OnNonce(nonce)
	}
	return nil
}

type nonceResult int

const (
	nonceAccepted nonceResult = iota
	nonceReplayed
	nonceStoreFull
)

// nonceStore remembers recent nonces, bounded both in time (each is
// forgotten when it expires) and in count (max): when full of unexpired
// nonces it refuses new ones rather than forget one that could be replayed.
type nonceStore struct {
	mu    sync.Mutex
	max   int
	seen  map[string]struct{}
	queue []expiring // in insertion order, which is expiry order for a steady clock
}

type expiring struct {
	nonce string
	until time.Time
}

func newNonceStore(max int) *nonceStore {
	return &nonceStore{max: max, seen: map[string]struct{}{}}
}

func (s *nonceStore) add(nonce string, now, until time.Time) nonceResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	// Expire from the head: amortized O(1) per request.
	i := 0
	for i < len(s.queue) && now.After(s.queue[i].until) {
		delete(s.seen, s.queue[i].nonce)
		i++
	}
	s.queue = s.queue[i:]
	if _, ok := s.seen[nonce]; ok {
		return nonceReplayed
	}
	if len(s.seen) >= s.max {
		return nonceStoreFull
	}
	s.seen[nonce] = struct{}{}
	s.queue = append(s.queue, expiring{nonce, until})
	return nonceAccepted
}
