package hubei

import "net/http"

// Fault is an answer the gateway can be told to give instead of data, so
// that clients' retry and error paths can be exercised.
type Fault int

// Faults the gateway can inject.
const (
	FaultNone        Fault = iota
	FaultUnavailable       // HTTP 503, code 50301: the gateway's backend is down
	FaultRateLimited       // HTTP 429 with Retry-After: 1, code 42901
	FaultBusy              // HTTP 200, code 10001 系统繁忙: retry later
	FaultError             // HTTP 200, code 10002 业务处理异常: not worth retrying
)

// fault picks the fault for the n-th authenticated request (from 1).
func (s *server) fault(n int) Fault {
	if s.opts.Fault != nil {
		return s.opts.Fault(n)
	}
	if s.opts.FailEvery > 0 && n%s.opts.FailEvery == 0 {
		return FaultUnavailable
	}
	return FaultNone
}

// inject writes the answer of fault f; it reports false for FaultNone.
func inject(w http.ResponseWriter, f Fault) bool {
	switch f {
	case FaultUnavailable:
		reply(w, http.StatusServiceUnavailable, CodeUnavailable, "服务暂不可用", nil)
	case FaultRateLimited:
		w.Header().Set("Retry-After", "1")
		reply(w, http.StatusTooManyRequests, CodeRateLimited, "请求过于频繁，请稍后重试", nil)
	case FaultBusy:
		reply(w, http.StatusOK, CodeBusy, "系统繁忙，请稍后重试", nil)
	case FaultError:
		reply(w, http.StatusOK, CodeFailure, "业务处理异常", nil)
	default:
		return false
	}
	return true
}
