package jiangsu

import "net/http"

// Fault is an answer the portal can be told to give instead of data, so
// that clients' retry and error paths can be exercised.
type Fault int

// Faults the portal can inject.
const (
	FaultNone        Fault = iota
	FaultRateLimited       // HTTP 200, errcode 10004 访问频率超过限制: retry later
	FaultInternal          // HTTP 200, errcode 10009 内部错误: retry later
	FaultBadGateway        // HTTP 502 from the portal's front proxy, no envelope
)

// fault picks the fault for the n-th authenticated request (from 1).
func (s *server) fault(n int) Fault {
	if s.opts.Fault != nil {
		return s.opts.Fault(n)
	}
	if s.opts.RateLimitEvery > 0 && n%s.opts.RateLimitEvery == 0 {
		return FaultRateLimited
	}
	return FaultNone
}

// inject writes the answer of fault f; it reports false for FaultNone.
func inject(w http.ResponseWriter, f Fault) bool {
	switch f {
	case FaultRateLimited:
		reply(w, ErrRateLimited, "访问频率超过限制", 0, nil)
	case FaultInternal:
		reply(w, ErrInternal, "内部错误", 0, nil)
	case FaultBadGateway:
		http.Error(w, "502 Bad Gateway", http.StatusBadGateway)
	default:
		return false
	}
	return true
}
